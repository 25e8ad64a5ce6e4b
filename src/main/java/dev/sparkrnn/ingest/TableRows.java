package dev.sparkrnn.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Text and label columns of CSV (with a header), JSON-lines or Parquet files, read with Spark SQL, each row
 * with its file and 1-based data-row number.
 *
 * <p>Spark SQL does not number rows, and how it cuts files into partitions depends on the cluster size.
 * What does not: a row's file ({@code _metadata.file_path}), the byte offset of the file block it was read
 * in ({@code _metadata.file_block_start}), and its position within that block. A first job counts the rows
 * of each block; ordering blocks by offset gives each block's first row number; the rows are numbered from
 * there. Files are indexed in path order among the files that have rows.
 *
 * <p>Limits: CSV files are read with the first file's header (Spark's behaviour); a JSON line that is not
 * an object is kept as a malformed record ({@code _corrupt_record}).
 */
final class TableRows {
    static final String CORRUPT = "_corrupt_record";

    private TableRows() {
    }

    /** One row: where, the text and label as strings (null when missing), and the raw line of a malformed JSON record. */
    record TableRow(Source source, String text, String label, String corrupt) implements Serializable {
    }

    static JavaRDD<TableRow> read(SparkSession spark, List<Path> files, SentenceSpec spec) {
        String[] paths = files.stream().map(Path::toString).toArray(String[]::new);
        String text = spec.textColumn();
        String label = spec.labelColumn();
        Dataset<Row> df = switch (spec.format()) {
            case CSV -> spark.read().option("header", "true").option("mode", "PERMISSIVE").option("encoding", "UTF-8").csv(paths);
            case JSON -> spark.read().schema(new StructType().add(text, DataTypes.StringType)
                            .add(label, DataTypes.StringType).add(CORRUPT, DataTypes.StringType))
                    .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT).json(paths);
            case PARQUET -> spark.read().parquet(paths);
            case TAB -> throw new IllegalArgumentException("TAB files are read as lines");
        };
        List<String> columns = Arrays.asList(df.columns());
        for (String c : List.of(text, label)) {
            if (!columns.contains(c)) {
                throw new BadInputException(String.join(", ", paths) + ": no column '" + c + "' (columns: "
                        + String.join(", ", columns) + ")");
            }
        }
        Column corrupt = spec.format() == SentenceFormat.JSON ? col(CORRUPT) : org.apache.spark.sql.functions.lit(null);
        JavaRDD<Row> rows = df.select(col("_metadata.file_path"), col("_metadata.file_block_start"),
                quoted(text).cast("string"), quoted(label).cast("string"), corrupt.cast("string")).javaRDD();

        Map<Tuple2<String, Long>, Long> counts = rows.map(r -> new Tuple2<>(r.getString(0), r.getLong(1))).countByValue();
        TreeMap<String, TreeMap<Long, Long>> byFile = new TreeMap<>();
        counts.forEach((k, n) -> byFile.computeIfAbsent(k._1(), f -> new TreeMap<>()).put(k._2(), n));
        HashMap<String, Integer> fileIndex = new HashMap<>();
        HashMap<Tuple2<String, Long>, Long> firstRow = new HashMap<>();
        for (Map.Entry<String, TreeMap<Long, Long>> f : byFile.entrySet()) {
            fileIndex.put(f.getKey(), fileIndex.size());
            long next = 1;
            for (Map.Entry<Long, Long> b : f.getValue().entrySet()) {
                firstRow.put(new Tuple2<>(f.getKey(), b.getKey()), next);
                next += b.getValue();
            }
        }
        return rows.mapPartitions(it -> numbered(it, fileIndex, firstRow));
    }

    private static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    private static Iterator<TableRow> numbered(Iterator<Row> it, Map<String, Integer> fileIndex,
            Map<Tuple2<String, Long>, Long> firstRow) {
        return new Iterator<>() {
            Tuple2<String, Long> block;
            String display;
            long row;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public TableRow next() {
                if (!it.hasNext()) throw new NoSuchElementException();
                Row r = it.next();
                Tuple2<String, Long> b = new Tuple2<>(r.getString(0), r.getLong(1));
                if (!b.equals(block)) {
                    block = b;
                    display = display(b._1());
                    row = firstRow.get(b);
                }
                Source source = Source.row(display, fileIndex.get(b._1()), row++);
                return new TableRow(source, r.getString(2), r.getString(3), r.isNullAt(4) ? null : r.getString(4));
            }
        };
    }

    /** Spark's URL-encoded file URI as a Hadoop path string (file:/data/x.csv). */
    static String display(String sparkPath) {
        try {
            return new Path(new URI(sparkPath)).toString();
        } catch (Exception e) {
            return sparkPath;
        }
    }
}
