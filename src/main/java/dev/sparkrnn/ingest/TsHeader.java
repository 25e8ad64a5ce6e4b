package dev.sparkrnn.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header of a {@code .ts} file, read on the driver: the line of {@code @data}, the number of channels
 * ({@code @dimensions}, 1 for {@code @univariate true}, else counted in the first series) and the declared
 * class labels ({@code @classLabel true l1 l2 ...}). Files with {@code @timeStamps true} or
 * {@code @classLabel false} are refused: series classification needs plain values and labels.
 */
record TsHeader(long dataLine, int channels, List<String> labels) implements Serializable {
    static final int MAX_HEADER_LINES = 100_000;

    static TsHeader read(Configuration conf, String file) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(conf);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
            try (InputStream raw = fs.open(path);
                 InputStream in = codec == null ? raw : codec.createInputStream(raw);
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return parse(r, file);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static TsHeader parse(BufferedReader r, String file) throws IOException {
        int dimensions = -1;
        boolean univariate = false;
        List<String> labels = List.of();
        long dataLine = -1;
        long n = 0;
        String line;
        while ((line = r.readLine()) != null && n < MAX_HEADER_LINES) {
            n++;
            String s = line.strip();
            if (n == 1 && s.startsWith("\uFEFF")) s = s.substring(1);
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (dataLine > 0) {   // the first series: count its channels when the header did not say
                if (dimensions < 0) dimensions = univariate ? 1 : Math.max(1, s.split(":", -1).length - 1);
                return new TsHeader(dataLine, dimensions, labels);
            }
            if (!s.startsWith("@")) {
                throw new BadInputException(file + " line " + n + ": expected @ header lines before @data, found '"
                        + SentenceParser.abbreviate(s) + "'");
            }
            String[] w = s.split("\\s+");
            String key = w[0].toLowerCase(Locale.ROOT);
            String value = w.length > 1 ? w[1].toLowerCase(Locale.ROOT) : "";
            switch (key) {
                case "@data" -> dataLine = n;
                case "@dimensions" -> dimensions = positive(file, n, w);
                case "@univariate" -> univariate = value.equals("true");
                case "@timestamps" -> {
                    if (value.equals("true")) throw new BadInputException(file + " line " + n + ": series with time stamps are not supported");
                }
                case "@classlabel" -> {
                    if (!value.equals("true")) {
                        throw new BadInputException(file + " line " + n + ": no class labels (@classLabel "
                                + value + "); series classification needs them");
                    }
                    labels = new ArrayList<>(Arrays.asList(w).subList(2, w.length));
                }
                default -> { }   // @problemName, @missing, @equalLength, @seriesLength, ...: not needed
            }
        }
        if (dataLine < 0) throw new BadInputException(file + ": no @data line in the first " + n + " lines: not a .ts file");
        if (dimensions < 0) dimensions = 1;   // @data and no series
        return new TsHeader(dataLine, dimensions, List.copyOf(labels));
    }

    private static int positive(String file, long n, String[] w) {
        try {
            int d = Integer.parseInt(w[1]);
            if (d > 0) return d;
        } catch (RuntimeException e) {
            // below
        }
        throw new BadInputException(file + " line " + n + ": expected a positive number after @dimensions");
    }
}
