package dev.sparkrnn.ingest;

import static org.apache.spark.sql.functions.col;

import dev.sparkrnn.data.WordTokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Records from the columns of a DataFrame (what a spark.ml estimator is given), checked as the readers check
 * those of files: every row becomes a record or a {@link Problem} named "{@code name} row N" (N counts rows
 * from 1 in the DataFrame's order), under the {@link BadInputPolicy}. Rows are numbered as {@link TableRows}
 * numbers the rows of one file, so that a DataFrame read from one Parquet file gives the records, ids and hence
 * the hold-out split and partitioning of the command line reading that file.
 *
 * <p>Text columns: a {@code string} is tokenized by {@link WordTokenizer} as the files' text is; an
 * {@code array<string>} is taken as its tokens (as a spark.ml {@code Tokenizer} leaves them). Labels: a
 * {@code string} or a number (as {@code StringIndexer} gives), read as its string ({@code 1.0}).
 */
public final class DataFrameRecords {
    private DataFrameRecords() {
    }

    /** The records of a DataFrame, and of its rows flagged for validation (null without a flag column). */
    public record Parts<T>(Checked<T> main, Checked<T> flagged) { }

    /** True for the column types that hold a sentence: {@code string} or {@code array<string>}. */
    public static boolean isText(DataType t) {
        return t.equals(DataTypes.StringType) || isTokens(t);
    }

    /** True for {@code array<string>}. */
    public static boolean isTokens(DataType t) {
        return t instanceof ArrayType a && a.elementType().equals(DataTypes.StringType);
    }

    /**
     * True for the column types that hold a numeric series: {@code array<vector>} or {@code array<array<double>>}
     * (a step's channels), or {@code array<double>} (one channel); any numeric element type.
     */
    public static boolean isSeries(DataType t) {
        if (!(t instanceof ArrayType a)) return false;
        DataType e = a.elementType();
        return e instanceof NumericType || e instanceof VectorUDT || e instanceof ArrayType inner && inner.elementType() instanceof NumericType;
    }

    /** A series cell's values, step after step ({@code channels} per step). */
    public record SeriesCell(int channels, int length, double[] values) {

        /** What is wrong with a series cell, and the kind of defect it is. */
        public static final class BadCell extends IllegalArgumentException {
            private static final long serialVersionUID = 1L;
            private final Defect defect;

            BadCell(Defect defect, String message) {
                super(message);
                this.defect = defect;
            }

            public Defect defect() {
                return defect;
            }
        }

        /**
         * The values of a series cell ({@link #isSeries}).
         *
         * @throws BadCell an empty series or step, steps of different sizes, a null or non-finite value (the message
         *                says which step)
         */
        public static SeriesCell of(List<?> steps) {
            if (steps.isEmpty()) throw new BadCell(Defect.EMPTY, "an empty series");
            int c = -1;
            double[] values = null;
            for (int t = 0; t < steps.size(); t++) {
                Object step = steps.get(t);
                double[] v;
                if (step == null) throw new BadCell(Defect.MISSING_VALUE, "step " + (t + 1) + " is null");
                if (step instanceof Number n) {
                    v = new double[] {n.doubleValue()};
                } else if (step instanceof Vector vec) {
                    v = vec.toArray();
                } else {
                    List<?> l = step instanceof List<?> list ? list : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) step);
                    v = new double[l.size()];
                    for (int k = 0; k < v.length; k++) {
                        if (l.get(k) == null) throw new BadCell(Defect.MISSING_VALUE, "step " + (t + 1) + " value " + (k + 1) + " is null");
                        v[k] = ((Number) l.get(k)).doubleValue();
                    }
                }
                if (c < 0) {
                    c = v.length;
                    if (c == 0) throw new BadCell(Defect.EMPTY, "step 1 has no values");
                    values = new double[c * steps.size()];
                } else if (v.length != c) {
                    throw new BadCell(Defect.MALFORMED, "step " + (t + 1) + " has " + v.length + " values, step 1 has " + c);
                }
                for (int k = 0; k < c; k++) {
                    if (!Double.isFinite(v[k])) {
                        throw new BadCell(Double.isNaN(v[k]) ? Defect.MISSING_VALUE : Defect.MALFORMED,
                                "step " + (t + 1) + " value " + (k + 1) + " is " + v[k]);
                    }
                    values[t * c + k] = v[k];
                }
            }
            return new SeriesCell(c, steps.size(), values);
        }
    }

    /** True for a label column that is read as a number ({@code double}, {@code int}, ...). */
    public static boolean isNumeric(DataType t) {
        return t instanceof NumericType;
    }

    /** The type of a column, or an error naming the column and the columns there are. */
    public static DataType type(StructType schema, String column) {
        if (!List.of(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "' in the DataFrame (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        return schema.apply(column).dataType();
    }

    /**
     * Labelled sentences from a text column and a label column; {@code flag} (may be null) is a boolean column
     * whose true rows go to {@link Parts#flagged}.
     */
    public static Parts<LabelledSentence> sentences(Dataset<Row> df, String text, String label, String flag, String name,
                                                    BadInputPolicy policy) {
        boolean tokens = isTokens(type(df.schema(), text));
        Column labelColumn = label(df, label);
        return parts(df, new Column[] {quoted(text), labelColumn}, flag, name, policy, (source, r) -> {
            String l = r.isNullAt(1) ? null : r.getString(1);
            if (!tokens) return SentenceParser.sentence(source, r.isNullAt(0) ? null : r.getString(0), l, true);
            if (r.isNullAt(0)) return Parsed.bad(source, Defect.MALFORMED, "no tokens (null)");
            Problem p = checkLabel(source, l);
            if (p != null) return Parsed.bad(p);
            List<String> words = r.getList(0);
            p = checkTokens(source, words, "token");
            if (p != null) return Parsed.bad(p);
            return Parsed.ok(new LabelledSentence(source, words, l.trim()));
        });
    }

    /**
     * Labelled series from a series column ({@link #isSeries}) and a label column (string or number); {@code flag}
     * as for {@link #sentences}.
     */
    public static Parts<LabelledSeries> series(Dataset<Row> df, String series, String label, String flag, String name,
                                               BadInputPolicy policy) {
        Column labelColumn = label(df, label);
        return parts(df, new Column[] {quoted(series), labelColumn}, flag, name, policy, (source, r) -> {
            if (r.isNullAt(0)) return Parsed.bad(source, Defect.MALFORMED, "no series (null)");
            String l = r.isNullAt(1) ? null : r.getString(1);
            Problem p = checkLabel(source, l);
            if (p != null) return Parsed.bad(p);
            try {
                SeriesCell c = SeriesCell.of(r.getList(0));
                return Parsed.ok(new LabelledSeries(source, c.channels(), c.length(), c.values(), l.trim()));
            } catch (SeriesCell.BadCell e) {
                return Parsed.bad(source, e.defect(), e.getMessage());
            }
        });
    }

    /**
     * Tagged sentences from a tokens column ({@code array<string>}, or a {@code string} split at white space) and
     * a tags column ({@code array<string>}, one per token); tokens are lowercased when asked.
     */
    public static Parts<TaggedSentence> tagged(Dataset<Row> df, String tokens, String tags, String flag, boolean lowercase,
                                               String name, BadInputPolicy policy) {
        boolean split = type(df.schema(), tokens).equals(DataTypes.StringType);
        requireTokens(df.schema(), tags, "the tags");
        return parts(df, new Column[] {quoted(tokens), quoted(tags)}, flag, name, policy, (source, r) -> {
            if (r.isNullAt(0)) return Parsed.bad(source, Defect.MALFORMED, "no tokens (null)");
            if (r.isNullAt(1)) return Parsed.bad(source, Defect.MALFORMED, "no tags (null)");
            List<String> words = split ? whitespace(r.getString(0)) : r.getList(0);
            List<String> t = r.getList(1);
            Problem p = checkTokens(source, words, "token");
            if (p == null) p = checkTokens(source, t, "tag");
            if (p != null) return Parsed.bad(p);
            if (words.size() != t.size()) {
                return Parsed.bad(source, Defect.MALFORMED, words.size() + " tokens but " + t.size() + " tags");
            }
            return Parsed.ok(new TaggedSentence(source, lowercase ? lowercased(words) : words, t));
        });
    }

    /**
     * Sequence pairs from a source column and a target column, each a {@code string} cut into tokens by the
     * spec's units as a line of a pairs file is, or an {@code array<string>} of tokens taken as they are.
     */
    public static Parts<SequencePair> pairs(Dataset<Row> df, String sourceCol, String targetCol, String flag, PairSpec spec,
                                            String name, BadInputPolicy policy) {
        boolean sourceTokens = isTokens(type(df.schema(), sourceCol)), targetTokens = isTokens(type(df.schema(), targetCol));
        return parts(df, new Column[] {quoted(sourceCol), quoted(targetCol)}, flag, name, policy, (source, r) -> {
            if (r.isNullAt(0)) return Parsed.bad(source, Defect.MALFORMED, "no source (null)");
            if (r.isNullAt(1)) return Parsed.bad(source, Defect.MALFORMED, "no target (null)");
            if (!sourceTokens && !targetTokens) return PairParser.pair(source, r.getString(0), r.getString(1), spec);
            List<String> x = sourceTokens ? r.getList(0) : spec.sourceUnit().tokens(r.getString(0), spec.lowercase());
            List<String> y = targetTokens ? r.getList(1) : spec.targetUnit().tokens(r.getString(1), false);
            Problem p = checkTokens(source, x, "source token");
            if (p == null) p = checkTokens(source, y, "target token");
            if (p != null) return Parsed.bad(p);
            if (sourceTokens && spec.lowercase()) x = lowercased(x);
            return Parsed.ok(new SequencePair(source, spec.sourceUnit().join(x), x, y));
        });
    }

    /**
     * The rows of a text column as numbered lines of one source ({@code name}, row n is line n, from 1 in the
     * DataFrame's order; a null row is an empty line), for a corpus ({@link TextCorpus#fromLines}).
     */
    public static JavaRDD<SourceLine> lines(Dataset<Row> df, String text, String name) {
        return df.select(quoted(text)).javaRDD().zipWithIndex().map(t -> new SourceLine(Source.row(name, 0, t._2() + 1),
                t._1().isNullAt(0) ? "" : t._1().getString(0), true));
    }

    /**
     * The rows of a text column whose boolean column {@code flag} is {@code flagged} (null counts as false) as
     * numbered lines of one source, {@code name}: row n is the n-th of those rows, as {@link #lines} numbers them.
     */
    public static JavaRDD<SourceLine> lines(Dataset<Row> df, String text, String flag, boolean flagged, String name) {
        Column marked = functions.coalesce(quoted(flag), functions.lit(false));
        return lines(df.filter(flagged ? marked : functions.not(marked)), text, name);
    }

    /** Tokens separated by white space. */
    public static List<String> whitespace(String line) {
        List<String> out = new ArrayList<>();
        for (String t : line.trim().split("\\s+")) if (!t.isEmpty()) out.add(t);
        return out;
    }

    /** A label's problem (none, or blank), or null. */
    private static Problem checkLabel(Source source, String label) {
        if (label == null) return new Problem(source, Defect.MALFORMED, "no label");
        if (label.isBlank()) return new Problem(source, Defect.MALFORMED, "empty label");
        return null;
    }

    private static Problem checkTokens(Source source, List<String> tokens, String what) {
        if (tokens.isEmpty()) return new Problem(source, Defect.EMPTY, "no " + what + "s (an empty array)");
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null || t.isBlank()) {
                return new Problem(source, Defect.MALFORMED, what + " " + (i + 1) + " is " + (t == null ? "null" : "blank"));
            }
            if (t.indexOf('\0') >= 0) return new Problem(source, Defect.NOT_TEXT, what + " " + (i + 1) + " has a NUL byte");
        }
        return null;
    }

    /** Tokens in lower case (a null token: empty). */
    public static List<String> lowercased(List<String> tokens) {
        List<String> lower = new ArrayList<>(tokens.size());
        for (String t : tokens) lower.add(t == null ? "" : t.toLowerCase(Locale.ROOT));
        return lower;
    }

    /** The column must hold labels: a string or a number. */
    public static void requireLabels(StructType schema, String column) {
        DataType t = type(schema, column);
        if (!t.equals(DataTypes.StringType) && !isNumeric(t)) {
            throw new IllegalArgumentException("column '" + column + "' holds the labels: it must be a string or a number,"
                    + " not " + t.simpleString());
        }
    }

    /** The column must be {@code array<string>}; {@code what} it holds, for the message. */
    public static void requireTokens(StructType schema, String column, String what) {
        DataType t = type(schema, column);
        if (!isTokens(t)) {
            throw new IllegalArgumentException("column '" + column + "' holds " + what + ": it must be array<string>, not "
                    + t.simpleString());
        }
    }

    /** The column must be boolean: it marks the validation rows. */
    public static void requireFlag(StructType schema, String column) {
        DataType t = type(schema, column);
        if (!t.equals(DataTypes.BooleanType)) {
            throw new IllegalArgumentException("column '" + column + "' marks the validation rows: it must be boolean, not "
                    + t.simpleString());
        }
    }

    private static Column label(Dataset<Row> df, String label) {
        requireLabels(df.schema(), label);
        return quoted(label).cast("string");
    }

    /** A record or problem from a row's selected columns. */
    private interface RowParser<T> extends Serializable {
        Parsed<T> parse(Source source, Row row);
    }

    private static <T> Parts<T> parts(Dataset<Row> df, Column[] columns, String flag, String name, BadInputPolicy policy,
                                      RowParser<T> parser) {
        Column[] selected = columns;
        if (flag != null) {
            requireFlag(df.schema(), flag);
            selected = java.util.Arrays.copyOf(columns, columns.length + 1);
            selected[columns.length] = quoted(flag);
        }
        int flagIndex = columns.length;
        boolean flagged = flag != null;
        JavaRDD<Tuple2<Boolean, Parsed<T>>> all = df.select(selected).javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            boolean f = flagged && !r.isNullAt(flagIndex) && r.getBoolean(flagIndex);
            return new Tuple2<>(f, parser.parse(Source.row(name, 0, t._2() + 1), r));
        });
        if (!flagged) return new Parts<>(Checked.of(all.map(Tuple2::_2), policy).persist(), null);
        all.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        return new Parts<>(Checked.of(all.filter(t -> !t._1()).map(Tuple2::_2), policy).persist(),
                Checked.of(all.filter(Tuple2::_1).map(Tuple2::_2), policy).persist());
    }

    private static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }
}
