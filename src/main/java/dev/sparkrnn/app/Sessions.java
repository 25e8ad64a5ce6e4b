package dev.sparkrnn.app;

import dev.sparkrnn.config.Settings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a command: spark-submit's settings win ({@code --name} too); {@code master} applies when
 * none is given.
 */
public final class Sessions {
    private Sessions() {
    }

    static SparkSession start(Settings s, String appName) {
        return SparkSession.builder().config(conf(s.string("master"), appName)).getOrCreate();
    }

    /** The configuration every spark-rnn session starts from (commands and benchmarks alike). */
    public static SparkConf conf(String master, String appName) {
        return new SparkConf().setIfMissing("spark.app.name", appName)
                .setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // the parameters broadcast every update are dense doubles: compressing them costs time, saves nothing
                .setIfMissing("spark.broadcast.compress", "false");
    }
}
