package dev.sparkrnn.app;

import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.InputFiles;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * What a command checks before Spark starts, so that a mistake costs seconds, not a cluster's start-up and an
 * ingestion: the input (and validation) paths match files, and {@code output} is not a file. The file systems
 * are reached with Spark's Hadoop settings ({@code spark.hadoop.*}), as the job will reach them.
 */
final class Preflight {
    private Preflight() {
    }

    /** The Hadoop configuration a Spark job of these settings would use. */
    static Configuration hadoop() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) conf.set(kv._1(), kv._2());
        return conf;
    }

    /** {@code input} exists, and {@code validation} when given and {@code withValidation} (exit 3 otherwise, naming the path). */
    static void inputs(Configuration conf, Settings s, boolean withValidation) {
        exists(conf, s.required("input"), "input");
        String validation = withValidation ? s.optional("validation") : null;
        if (validation != null) exists(conf, validation, "validation");
    }

    private static void exists(Configuration conf, String path, String key) {
        try {
            InputFiles.list(conf, path);
        } catch (BadInputException e) {
            throw new InputDataException(key + ": " + e.getMessage(), e);
        }
    }

    /** {@code output} is a directory or does not exist yet. */
    static void output(Configuration conf, Settings s) {
        String output = s.required("output");
        try {
            Path p = new Path(output);
            FileSystem fs = p.getFileSystem(conf);
            if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
                throw new ConfigException("setting 'output' = '" + output + "' (from " + s.origin("output")
                        + ") is a file: output names a directory (models, checkpoints and metrics are written under it)");
            }
        } catch (IOException e) {
            throw new ConfigException("setting 'output' = '" + output + "': cannot reach it: " + e.getMessage());
        }
    }
}
