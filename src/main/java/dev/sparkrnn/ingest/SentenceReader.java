package dev.sparkrnn.ingest;

import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads labelled sentences (classification data) from any Hadoop path (file, directory or glob) in one of
 * the {@link SentenceFormat}s. Texts are tokenized by {@link dev.sparkrnn.data.WordTokenizer} (lowercase;
 * words are runs of letters and digits, apostrophes kept inside words). Problems, each named by file and line
 * (or data row): a TAB line without a TAB, a missing or empty label, a text without a word
 * ({@link Defect#EMPTY}), NUL bytes, invalid UTF-8, a JSON line that is not an object. A column missing from
 * the files is an error whatever the policy. The result is persisted (memory and disk).
 */
public final class SentenceReader {
    private SentenceReader() {
    }

    public static Checked<LabelledSentence> read(SparkSession spark, String path, SentenceSpec spec, BadInputPolicy policy) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Path> files = InputFiles.list(sc.hadoopConfiguration(), path);
        JavaRDD<Parsed<LabelledSentence>> parsed;
        if (spec.format() == SentenceFormat.TAB) {
            TextLines text = TextLines.read(sc, files, policy, 0);
            parsed = text.withFileProblems(text.lines().map(SentenceParser::tabLine).filter(Objects::nonNull));
        } else {
            parsed = TableRows.read(spark, files, spec).map(r -> r.corrupt() != null
                    ? Parsed.bad(r.source(), Defect.MALFORMED, "not a JSON object: '" + SentenceParser.abbreviate(r.corrupt()) + "'")
                    : SentenceParser.sentence(r.source(), r.text(), r.label(), true));
        }
        return Checked.of(parsed, policy).persist();
    }
}
