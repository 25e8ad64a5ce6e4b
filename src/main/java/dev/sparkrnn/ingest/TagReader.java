package dev.sparkrnn.ingest;

import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads tagged sentences (one token per line, blank lines between sentences; see {@link TagFormat}) from any
 * Hadoop path. A sentence's source is its first line (a comment in CoNLL-U); a problem names the line at
 * fault: too few columns (which is also what a file cut mid-line shows), a bad CoNLL-U token id, an empty
 * token or tag, a sentence without tokens ({@link Defect#EMPTY}), NUL bytes, invalid UTF-8. A last sentence
 * without a final blank line is read. The result is persisted (memory and disk).
 */
public final class TagReader {
    private TagReader() {
    }

    public static Checked<TaggedSentence> read(SparkSession spark, String path, TagSpec spec, BadInputPolicy policy) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return read(TextLines.read(sc, path, policy), spec, policy);
    }

    static Checked<TaggedSentence> read(TextLines text, TagSpec spec, BadInputPolicy policy) {
        JavaRDD<Parsed<TaggedSentence>> parsed = LineBlocks.of(text).map(b -> TagParser.parse(b, spec)).filter(Objects::nonNull);
        return Checked.of(text.withFileProblems(parsed), policy).persist();
    }
}
