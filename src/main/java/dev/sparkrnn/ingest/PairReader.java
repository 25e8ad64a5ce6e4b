package dev.sparkrnn.ingest;

import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads sequence pairs (encoder–decoder data, one pair per line; see {@link PairFormat}) from any Hadoop
 * path (file, directory or glob), each side cut into tokens by the {@link PairSpec}'s units. Problems, each
 * named by file and line: a TAB line without a TAB or a cmudict line without phonemes
 * ({@link Defect#MALFORMED}), a vector source that is empty or has a field that is not a finite number
 * ({@link Defect#MALFORMED}), a side without tokens ({@link Defect#EMPTY}), NUL bytes, invalid UTF-8. A
 * byte-order mark at the start of a file is dropped. The result is persisted (memory and disk).
 */
public final class PairReader {
    private PairReader() {
    }

    public static Checked<SequencePair> read(SparkSession spark, String path, PairSpec spec, BadInputPolicy policy) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return read(TextLines.read(sc, path, policy), spec, policy);
    }

    static Checked<SequencePair> read(TextLines text, PairSpec spec, BadInputPolicy policy) {
        JavaRDD<Parsed<SequencePair>> parsed = text.lines().map(l -> PairParser.parse(l, spec)).filter(Objects::nonNull);
        return Checked.of(text.withFileProblems(parsed), policy).persist();
    }
}
