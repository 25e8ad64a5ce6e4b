package dev.sparkrnn.ml;

import dev.sparkrnn.ingest.DataFrameRecords;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The column Params of the stages and the checks of their types, each failure naming the column and the type expected. */
final class Columns {
    private Columns() {
    }

    /** A column-name Param with its default (null: none). */
    static Param<String> param(Params owner, String name, String doc, String defaultValue) {
        Param<String> p = new Param<>(owner.uid(), name, doc, String.class);
        if (defaultValue != null) owner.setDefault(p, defaultValue);
        return p;
    }

    /** The column must be {@code string} or {@code array<string>}. */
    static void requireText(StructType schema, String column) {
        DataType t = DataFrameRecords.type(schema, column);
        if (!DataFrameRecords.isText(t)) {
            throw new IllegalArgumentException("column '" + column + "' must be string (a sentence) or array<string> (its"
                    + " tokens), not " + t.simpleString());
        }
    }

    /** The column must be text ({@link #requireText}) or a numeric series. */
    static void requireTextOrSeries(StructType schema, String column) {
        DataType t = DataFrameRecords.type(schema, column);
        if (!DataFrameRecords.isText(t) && !DataFrameRecords.isSeries(t)) {
            throw new IllegalArgumentException("column '" + column + "' must be string (a sentence), array<string> (its"
                    + " tokens) or a series (array<vector>, array<array<double>> or array<double>), not " + t.simpleString());
        }
    }

    /** The column must be a numeric series. */
    static void requireSeries(StructType schema, String column) {
        DataType t = DataFrameRecords.type(schema, column);
        if (!DataFrameRecords.isSeries(t)) {
            throw new IllegalArgumentException("column '" + column + "' must be a series (array<vector>,"
                    + " array<array<double>> or array<double>) for a model trained on series, not " + t.simpleString());
        }
    }

    /** The column must be {@code string}; {@code what} it holds, for the message. */
    static void requireString(StructType schema, String column, String what) {
        DataType t = DataFrameRecords.type(schema, column);
        if (!t.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + column + "' holds " + what + ": it must be string, not "
                    + t.simpleString());
        }
    }

    /** The column must be {@code int} or {@code long} (seeds). */
    static void requireSeed(StructType schema, String column) {
        DataType t = DataFrameRecords.type(schema, column);
        if (!t.equals(DataTypes.IntegerType) && !t.equals(DataTypes.LongType)) {
            throw new IllegalArgumentException("column '" + column + "' holds the seeds: it must be int or long, not "
                    + t.simpleString());
        }
    }




    /** {@code schema} with the output columns appended (an empty name: that column is not wanted). */
    static StructType append(StructType schema, List<StructField> outputs) {
        StructType out = schema;
        for (StructField f : outputs) {
            if (f.name().isEmpty()) continue;
            if (List.of(out.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' already exists (columns: "
                        + String.join(", ", out.fieldNames()) + "); choose another name");
            }
            out = out.add(f);
        }
        return out;
    }
}
