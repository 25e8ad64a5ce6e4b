package dev.sparkrnn.app;

import dev.sparkrnn.config.Settings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession of a command: spark-submit's settings win; {@code master} applies when none is given. */
final class Sessions {
    private Sessions() {
    }

    static SparkSession start(Settings s, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName)
                .setIfMissing("spark.master", s.string("master"))
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // the parameters broadcast every update are dense doubles: compressing them costs time, saves nothing
                .setIfMissing("spark.broadcast.compress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
