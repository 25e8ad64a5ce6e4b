package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.ingest.Located;
import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.task.RecordTask;
import dev.sparkrnn.task.Task;
import dev.sparkrnn.task.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What the spark.ml estimators share: the columns they read, a Param for every setting of the command line that
 * shapes a model (declared once, in {@code defaults.conf}: same names' docs, ranges and defaults, see
 * {@link SettingParams}), and {@code fit}, which reads the DataFrame's rows as the command line reads a file's
 * (the bad-input policy applies to rows; a failure names the row) and runs the same distributed trainer
 * ({@link Training#run}: partitions trained on the executors, gradients summed by {@code treeAggregate}, the
 * update on the driver). The data never comes to the driver. A fit with {@code checkpointDir} resumes from its
 * checkpoints, as a rerun of the command line does.
 *
 * @param <E> the estimator
 * @param <M> its model
 */
public abstract class RnnEstimator<E extends RnnEstimator<E, M>, M extends RnnModel<M>>
        extends Estimator<M> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> validationCol;
    private final Param<String> predictionCol;
    private final DoubleParam validationFraction;
    private final IntParam partitions;
    private final Param<String> badInput;
    private final IntParam hidden;
    private final IntParam epochs;
    private final Param<String> slices;
    private final DoubleParam overheadTarget;
    private final IntParam batchSize;
    private final IntParam bptt;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final Param<String> lrSchedule;
    private final DoubleParam lrGamma;
    private final IntParam lrEvery;
    private final DoubleParam lrMinFraction;
    private final IntParam lrWarmup;
    private final Param<String> lrScaling;
    private final IntParam lrReferenceBatch;
    private final DoubleParam momentum;
    private final DoubleParam beta1;
    private final DoubleParam beta2;
    private final DoubleParam rho;
    private final DoubleParam epsilon;
    private final DoubleParam clipNorm;
    private final DoubleParam clipValue;
    private final DoubleParam l2;
    private final LongParam seed;
    private final DoubleParam initRecurrentGain;
    private final IntParam aggregationDepth;
    private final Param<String> checkpointDir;
    private final IntParam checkpointEvery;
    private final IntParam checkpointKeep;
    private final IntParam validateEvery;
    private final Param<String> precision;
    private final IntParam earlyStoppingPatience;
    private final DoubleParam maxSeconds;

    protected RnnEstimator(String uid) {
        this.uid = uid;
        inputCol = Columns.param(this, "inputCol", "the input column: what the estimator reads from each row (a sentence,"
                + " its tokens, a series, a source sequence, a line of text: see the estimator)", "text");
        validationCol = Columns.param(this, "validationCol", "a boolean column: true marks the validation rows (unset: "
                + "validationFraction of the rows are held out, by a hash of their position and the seed)", null);
        predictionCol = Columns.param(this, "predictionCol", "the predicted label column", "prediction");
        validationFraction = SettingParams.param(this, "validationFraction", "validation.fraction");
        partitions = SettingParams.param(this, "partitions", "partitions");
        badInput = SettingParams.param(this, "badInput", "input.bad");
        hidden = SettingParams.param(this, "hidden", "hidden");
        epochs = SettingParams.param(this, "epochs", "train.epochs");
        slices = SettingParams.param(this, "slices", "train.slices");
        overheadTarget = SettingParams.param(this, "overheadTarget", "train.overhead.target");
        batchSize = SettingParams.param(this, "batchSize", "train.batch");
        bptt = SettingParams.param(this, "bptt", "train.bptt");
        optimizer = SettingParams.param(this, "optimizer", "optimizer");
        learningRate = SettingParams.param(this, "learningRate", "lr");
        lrSchedule = SettingParams.param(this, "lrSchedule", "lr.schedule");
        lrGamma = SettingParams.param(this, "lrGamma", "lr.gamma");
        lrEvery = SettingParams.param(this, "lrEvery", "lr.every");
        lrMinFraction = SettingParams.param(this, "lrMinFraction", "lr.min.fraction");
        lrWarmup = SettingParams.param(this, "lrWarmup", "lr.warmup");
        lrScaling = SettingParams.param(this, "lrScaling", "lr.scaling");
        lrReferenceBatch = SettingParams.param(this, "lrReferenceBatch", "lr.reference.batch");
        momentum = SettingParams.param(this, "momentum", "momentum");
        beta1 = SettingParams.param(this, "beta1", "beta1");
        beta2 = SettingParams.param(this, "beta2", "beta2");
        rho = SettingParams.param(this, "rho", "rho");
        epsilon = SettingParams.param(this, "epsilon", "epsilon");
        clipNorm = SettingParams.param(this, "clipNorm", "clip.norm");
        clipValue = SettingParams.param(this, "clipValue", "clip.value");
        l2 = SettingParams.param(this, "l2", "l2");
        seed = SettingParams.param(this, "seed", "seed");
        initRecurrentGain = SettingParams.param(this, "initRecurrentGain", "init.recurrent.gain");
        aggregationDepth = SettingParams.param(this, "aggregationDepth", "aggregation.depth");
        checkpointDir = SettingParams.param(this, "checkpointDir", "checkpoint.dir");
        checkpointEvery = SettingParams.param(this, "checkpointEvery", "checkpoint.every");
        checkpointKeep = SettingParams.param(this, "checkpointKeep", "checkpoint.keep");
        validateEvery = SettingParams.param(this, "validateEvery", "validate.every");
        precision = SettingParams.param(this, "precision", "precision");
        earlyStoppingPatience = SettingParams.param(this, "earlyStoppingPatience", "early.stopping.patience");
        maxSeconds = SettingParams.param(this, "maxSeconds", "train.max.seconds");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The name of the task the estimator trains on data of {@code schema}. */
    abstract String task(StructType schema);

    /** What a fit trains on: a task and the DataFrame's rows read as its data. */
    interface Rows {
        Task task();

        /** The task's prepared data (encoded, split, dealt to partitions). */
        Task.Prepared prepare(Settings s, int partitions);

        /** Releases what reading the rows kept. */
        void unpersist();
    }

    /** A task and the DataFrame's rows as its records (the rows {@code flagged} for validation apart). */
    record Records<R extends Located>(RecordTask<R> task, DataFrameRecords.Parts<R> parts) implements Rows {
        @Override
        public Task.Prepared prepare(Settings s, int partitions) {
            return task.prepare(s, partitions, parts.main(), parts.flagged());
        }

        @Override
        public void unpersist() {
            parts.main().unpersist();
            if (parts.flagged() != null) parts.flagged().unpersist();
        }
    }

    /**
     * The task's data of the DataFrame's rows (and of the rows {@code validation} flags, when it is not null),
     * read with the fit's settings {@code s} (its bad-input policy, ...).
     */
    abstract Rows rows(Dataset<Row> df, String validation, String name, Settings s);

    /** Checks the input column's type. */
    void checkInput(StructType schema) {
        Columns.requireText(schema, getInputCol());
    }

    /** The model of a trained {@code saved} model for data of {@code schema}. */
    abstract M model(String uid, dev.sparkrnn.persist.SavedModel saved, StructType schema);

    /** Checks the types of the columns other than the input's (none by default). */
    void checkColumns(StructType schema) {
    }

    /** The output schema: {@code schema} with the model's output columns, after checking the input columns. */
    abstract StructType outputSchema(StructType schema);

    @Override
    public StructType transformSchema(StructType schema) {
        checkInput(schema);
        checkColumns(schema);
        if (isSet(validationCol)) DataFrameRecords.requireFlag(schema, getValidationCol());
        return outputSchema(schema);
    }

    /**
     * Trains a model on the rows of {@code dataset}: the same settings, data and seed give the parameters of the
     * command line's {@code train} on the same rows in a Parquet file.
     *
     * @throws InputDataException a bad row under badInput = fail (the message names the row), or no usable row
     * @throws IllegalStateException the fit stopped at maxSeconds (fit again with the same checkpointDir to go on)
     */
    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        String name = "DataFrame";
        List<String> extra = new ArrayList<>(List.of("task=" + task(dataset.schema()),
                "input=" + name + " column " + getInputCol()));
        Settings s = settings(extra);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        int partitions = getPartitions() == 0 ? sc.defaultParallelism() : getPartitions();
        Rows rows = rows(dataset.toDF(), isSet(validationCol) ? getValidationCol() : null, name, s);
        try {
            Task.Prepared prepared = rows.prepare(s, partitions);
            Training.Outcome run = Training.run(sc, rows.task(), s, prepared, null, null, "fitting " + uid, m -> { });
            if (!run.complete()) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "%s stopped at maxSeconds after update"
                        + " %d of %d; fit again with the same checkpointDir (%s) to continue", uid, run.result().updates(),
                        run.config().updates(), s.optional("checkpoint.dir")));
            }
            M model = shared(model(uid, run.model(), dataset.schema()));
            model.setSummary(new TrainingSummary(run.figures(), run.result().history()));
            return model.setParent(this);
        } finally {
            rows.unpersist();
        }
    }

    /**
     * The model with the values (set or default) of the estimator's Params it has under the same name, as
     * {@code copyValues} gives them, except those of {@link #notShared}.
     */
    private M shared(M model) {
        Set<String> own = notShared();
        for (Param<?> p : params()) {
            if (own.contains(p.name()) || !model.hasParam(p.name())) continue;
            @SuppressWarnings("unchecked") Param<Object> from = (Param<Object>) p;
            Param<Object> to = model.getParam(p.name());
            if (hasDefault(from) && model.hasDefault(to)) model.setDefault(to, getDefault(from).get());
            if (isSet(from)) model.set(to, get(from).get());
        }
        return model;
    }

    /**
     * The names of the Params that mean another thing on the model and keep the model's default (none by default;
     * a language model's {@code inputCol} is the training text here, what it generates from there).
     */
    Set<String> notShared() {
        return Set.of();
    }

    /** The settings a fit runs with (defaults.conf, then the Params set), for the training data's {@code input}. */
    Settings settings(List<String> extra) {
        return SettingParams.settings(this, extra);
    }

    /** The policy for bad rows of the fit's settings. */
    static BadInputPolicy policy(Settings s) {
        return BadInputPolicy.parse(s.choice("input.bad"));
    }

    @SuppressWarnings("unchecked")
    @Override
    public E copy(ParamMap extra) {
        return (E) defaultCopy(extra);
    }

    @SuppressWarnings("unchecked")
    final <T> E with(Param<T> param, T value) {
        set(param, value);
        return (E) this;
    }

    public final Param<String> inputCol() {
        return inputCol;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public E setInputCol(String value) {
        return with(inputCol, value);
    }

    public final Param<String> validationCol() {
        return validationCol;
    }

    public String getValidationCol() {
        return getOrDefault(validationCol);
    }

    public E setValidationCol(String value) {
        return with(validationCol, value);
    }

    public final Param<String> predictionCol() {
        return predictionCol;
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public E setPredictionCol(String value) {
        return with(predictionCol, value);
    }

    public final DoubleParam validationFraction() {
        return validationFraction;
    }

    public double getValidationFraction() {
        return (Double) getOrDefault(validationFraction);
    }

    public E setValidationFraction(double value) {
        return with(validationFraction, value);
    }

    public final IntParam partitions() {
        return partitions;
    }

    public int getPartitions() {
        return (Integer) getOrDefault(partitions);
    }

    public E setPartitions(int value) {
        return with(partitions, value);
    }

    public final Param<String> badInput() {
        return badInput;
    }

    public String getBadInput() {
        return (String) getOrDefault(badInput);
    }

    public E setBadInput(String value) {
        return with(badInput, value);
    }

    public final IntParam hidden() {
        return hidden;
    }

    public int getHidden() {
        return (Integer) getOrDefault(hidden);
    }

    public E setHidden(int value) {
        return with(hidden, value);
    }

    public final IntParam epochs() {
        return epochs;
    }

    public int getEpochs() {
        return (Integer) getOrDefault(epochs);
    }

    public E setEpochs(int value) {
        return with(epochs, value);
    }

    public final Param<String> slices() {
        return slices;
    }

    public String getSlices() {
        return (String) getOrDefault(slices);
    }

    public E setSlices(String value) {
        return with(slices, value);
    }

    public final DoubleParam overheadTarget() {
        return overheadTarget;
    }

    public double getOverheadTarget() {
        return (Double) getOrDefault(overheadTarget);
    }

    public E setOverheadTarget(double value) {
        return with(overheadTarget, value);
    }

    public final IntParam batchSize() {
        return batchSize;
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public E setBatchSize(int value) {
        return with(batchSize, value);
    }

    public final IntParam bptt() {
        return bptt;
    }

    public int getBptt() {
        return (Integer) getOrDefault(bptt);
    }

    public E setBptt(int value) {
        return with(bptt, value);
    }

    public final Param<String> optimizer() {
        return optimizer;
    }

    public String getOptimizer() {
        return (String) getOrDefault(optimizer);
    }

    public E setOptimizer(String value) {
        return with(optimizer, value);
    }

    public final DoubleParam learningRate() {
        return learningRate;
    }

    public double getLearningRate() {
        return (Double) getOrDefault(learningRate);
    }

    public E setLearningRate(double value) {
        return with(learningRate, value);
    }

    public final Param<String> lrSchedule() {
        return lrSchedule;
    }

    public String getLrSchedule() {
        return (String) getOrDefault(lrSchedule);
    }

    public E setLrSchedule(String value) {
        return with(lrSchedule, value);
    }

    public final DoubleParam lrGamma() {
        return lrGamma;
    }

    public double getLrGamma() {
        return (Double) getOrDefault(lrGamma);
    }

    public E setLrGamma(double value) {
        return with(lrGamma, value);
    }

    public final IntParam lrEvery() {
        return lrEvery;
    }

    public int getLrEvery() {
        return (Integer) getOrDefault(lrEvery);
    }

    public E setLrEvery(int value) {
        return with(lrEvery, value);
    }

    public final DoubleParam lrMinFraction() {
        return lrMinFraction;
    }

    public double getLrMinFraction() {
        return (Double) getOrDefault(lrMinFraction);
    }

    public E setLrMinFraction(double value) {
        return with(lrMinFraction, value);
    }

    public final IntParam lrWarmup() {
        return lrWarmup;
    }

    public int getLrWarmup() {
        return (Integer) getOrDefault(lrWarmup);
    }

    public E setLrWarmup(int value) {
        return with(lrWarmup, value);
    }

    public final Param<String> lrScaling() {
        return lrScaling;
    }

    public String getLrScaling() {
        return (String) getOrDefault(lrScaling);
    }

    public E setLrScaling(String value) {
        return with(lrScaling, value);
    }

    public final IntParam lrReferenceBatch() {
        return lrReferenceBatch;
    }

    public int getLrReferenceBatch() {
        return (Integer) getOrDefault(lrReferenceBatch);
    }

    public E setLrReferenceBatch(int value) {
        return with(lrReferenceBatch, value);
    }

    public final DoubleParam momentum() {
        return momentum;
    }

    public double getMomentum() {
        return (Double) getOrDefault(momentum);
    }

    public E setMomentum(double value) {
        return with(momentum, value);
    }

    public final DoubleParam beta1() {
        return beta1;
    }

    public double getBeta1() {
        return (Double) getOrDefault(beta1);
    }

    public E setBeta1(double value) {
        return with(beta1, value);
    }

    public final DoubleParam beta2() {
        return beta2;
    }

    public double getBeta2() {
        return (Double) getOrDefault(beta2);
    }

    public E setBeta2(double value) {
        return with(beta2, value);
    }

    public final DoubleParam rho() {
        return rho;
    }

    public double getRho() {
        return (Double) getOrDefault(rho);
    }

    public E setRho(double value) {
        return with(rho, value);
    }

    public final DoubleParam epsilon() {
        return epsilon;
    }

    public double getEpsilon() {
        return (Double) getOrDefault(epsilon);
    }

    public E setEpsilon(double value) {
        return with(epsilon, value);
    }

    public final DoubleParam clipNorm() {
        return clipNorm;
    }

    public double getClipNorm() {
        return (Double) getOrDefault(clipNorm);
    }

    public E setClipNorm(double value) {
        return with(clipNorm, value);
    }

    public final DoubleParam clipValue() {
        return clipValue;
    }

    public double getClipValue() {
        return (Double) getOrDefault(clipValue);
    }

    public E setClipValue(double value) {
        return with(clipValue, value);
    }

    public final DoubleParam l2() {
        return l2;
    }

    public double getL2() {
        return (Double) getOrDefault(l2);
    }

    public E setL2(double value) {
        return with(l2, value);
    }

    public final LongParam seed() {
        return seed;
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public E setSeed(long value) {
        return with(seed, value);
    }

    public final DoubleParam initRecurrentGain() {
        return initRecurrentGain;
    }

    public double getInitRecurrentGain() {
        return (Double) getOrDefault(initRecurrentGain);
    }

    public E setInitRecurrentGain(double value) {
        return with(initRecurrentGain, value);
    }

    public final IntParam aggregationDepth() {
        return aggregationDepth;
    }

    public int getAggregationDepth() {
        return (Integer) getOrDefault(aggregationDepth);
    }

    public E setAggregationDepth(int value) {
        return with(aggregationDepth, value);
    }

    public final Param<String> checkpointDir() {
        return checkpointDir;
    }

    public String getCheckpointDir() {
        return (String) getOrDefault(checkpointDir);
    }

    public E setCheckpointDir(String value) {
        return with(checkpointDir, value);
    }

    public final IntParam checkpointEvery() {
        return checkpointEvery;
    }

    public int getCheckpointEvery() {
        return (Integer) getOrDefault(checkpointEvery);
    }

    public E setCheckpointEvery(int value) {
        return with(checkpointEvery, value);
    }

    public final IntParam checkpointKeep() {
        return checkpointKeep;
    }

    public int getCheckpointKeep() {
        return (Integer) getOrDefault(checkpointKeep);
    }

    public E setCheckpointKeep(int value) {
        return with(checkpointKeep, value);
    }

    public final IntParam validateEvery() {
        return validateEvery;
    }

    public int getValidateEvery() {
        return (Integer) getOrDefault(validateEvery);
    }

    public E setValidateEvery(int value) {
        return with(validateEvery, value);
    }

    public final Param<String> precision() {
        return precision;
    }

    public String getPrecision() {
        return (String) getOrDefault(precision);
    }

    public E setPrecision(String value) {
        return with(precision, value);
    }

    public final IntParam earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    public int getEarlyStoppingPatience() {
        return (Integer) getOrDefault(earlyStoppingPatience);
    }

    public E setEarlyStoppingPatience(int value) {
        return with(earlyStoppingPatience, value);
    }

    public final DoubleParam maxSeconds() {
        return maxSeconds;
    }

    public double getMaxSeconds() {
        return (Double) getOrDefault(maxSeconds);
    }

    public E setMaxSeconds(double value) {
        return with(maxSeconds, value);
    }
}
