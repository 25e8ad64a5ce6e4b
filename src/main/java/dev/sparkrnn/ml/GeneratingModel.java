package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Trained;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A model that generates text (one-to-many: a language model's continuation of a prime, a conditional model's
 * sentence for a label): {@code transform} samples, for each row of its input column, the text the command
 * line's {@code generate} writes for that input and seed, into the string column {@code predictionCol}. The
 * seed is the row's {@code seedCol} (an {@code int} or {@code long} column; a null seed or no seedCol:
 * {@code generateSeed}). The sampling Params ({@link SamplingParams}) default to the model's training settings.
 * The rows of a chunk ({@link #chunk}) are sampled together, one batch per step.
 *
 * @param <M> the model
 */
public abstract class GeneratingModel<M extends GeneratingModel<M>> extends RnnModel<M> implements SamplingParams<M> {
    private static final long serialVersionUID = 1L;

    private final Declared sampling;
    private final Param<String> seedCol;

    GeneratingModel(String uid, SavedModel saved, String task) {
        super(uid, saved, task);
        Settings trained = Trained.settings(saved);
        sampling = Declared.of(this);
        setDefault(sampling.generateLength(), trained.integer("generate.length"));
        setDefault(sampling.temperature(), trained.number("generate.temperature"));
        setDefault(sampling.topK(), trained.integer("generate.topk"));
        setDefault(sampling.generateSeed(), trained.longValue("generate.seed"));
        seedCol = Columns.param(this, "seedCol", "an int or long column: each row's seed of sampling (unset, or a null"
                + " seed: generateSeed)", null);
    }

    /** Where a row's seed is: the seed column's index (-1: none), and the seed of rows without one. */
    record RowSeed(int index, long seed) implements Serializable {
        long of(Row row) {
            return index < 0 || row.isNullAt(index) ? seed : ((Number) row.get(index)).longValue();
        }
    }

    /** The seeds of rows of {@code schema}. */
    RowSeed seeds(StructType schema) {
        return new RowSeed(isDefined(seedCol) ? schema.fieldIndex(getSeedCol()) : -1, getGenerateSeed());
    }

    /** The number of tokens the model samples among (the most {@code topK} may be). */
    abstract int tokens();

    /** {@code topK}, checked against the model's tokens. */
    int checkedTopK() {
        if (getTopK() > tokens()) {
            throw new IllegalArgumentException("topK = " + getTopK() + " is more than the model's " + tokens() + " tokens");
        }
        return getTopK();
    }

    @Override
    public Declared sampling() {
        return sampling;
    }

    /** The generated text column. */
    static List<StructField> fields(String prediction) {
        return List.of(DataTypes.createStructField(prediction, DataTypes.StringType, true));
    }

    @Override
    List<StructField> outputFields() {
        return fields(getPredictionCol());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (getPredictionCol().isEmpty()) throw new IllegalArgumentException("predictionCol must name the generated column");
        if (isDefined(seedCol)) Columns.requireSeed(schema, getSeedCol());
        return super.transformSchema(schema);
    }

    /** An {@code int} or {@code long} column: each row's seed (unset: every row's seed is {@code generateSeed}). */
    public final Param<String> seedCol() {
        return seedCol;
    }

    public String getSeedCol() {
        return getOrDefault(seedCol);
    }

    @SuppressWarnings("unchecked")
    public M setSeedCol(String value) {
        return (M) set(seedCol, value);
    }
}
