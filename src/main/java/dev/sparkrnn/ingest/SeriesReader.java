package dev.sparkrnn.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads labelled numeric series ({@link SeriesFormat}) from any Hadoop path. Problems, each named by file and
 * line: a row with more or fewer channels than the header says (a {@code .ts} file cut inside its last row
 * shows so), channels of unequal length, a value that is not a number, a missing value ({@code ?}:
 * {@link Defect#MISSING_VALUE}), a label not declared in the header, a series without values, NUL bytes,
 * invalid UTF-8. A {@code .ts} header without {@code @data}, with time stamps or without class labels is an
 * error whatever the policy. The result is persisted (memory and disk).
 */
public final class SeriesReader {
    private SeriesReader() {
    }

    public static Checked<LabelledSeries> read(SparkSession spark, String path, SeriesSpec spec, BadInputPolicy policy) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TextLines text = TextLines.read(sc, path, policy);
        JavaRDD<Parsed<LabelledSeries>> parsed;
        if (spec.format() == SeriesFormat.TS) {
            Set<Integer> skipped = new HashSet<>();
            for (Problem p : text.fileProblems()) skipped.add(p.source().fileIndex());
            ArrayList<TsHeader> headers = new ArrayList<>();
            for (int i = 0; i < text.files().size(); i++) {
                headers.add(skipped.contains(i) ? null : TsHeader.read(sc.hadoopConfiguration(), text.files().get(i)));
            }
            parsed = text.lines().map(l -> SeriesParser.tsLine(l, headers.get(l.source().fileIndex())));
        } else {
            parsed = text.lines().map(l -> SeriesParser.csvLine(l, spec));
        }
        return Checked.of(text.withFileProblems(parsed.filter(Objects::nonNull)), policy).persist();
    }
}
