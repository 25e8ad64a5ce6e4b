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

    /** The session the command running on this thread started (each command runs on its caller's thread). */
    private static final ThreadLocal<SparkSession> STARTED = new ThreadLocal<>();

    static SparkSession start(Settings s, String appName) {
        SparkSession spark = SparkSession.builder().config(conf(s.string("master"), appName)).getOrCreate();
        STARTED.set(spark);
        return spark;
    }

    /**
     * Stops the session this thread's command started, if it started one, with the command's exit code: on YARN
     * in client mode the ApplicationMaster then reports the application FAILED for a non-zero code (a plain stop
     * reports SUCCEEDED whatever the driver did). A command refused before Spark starts (an output in use by
     * another run) leaves the other run's session alone.
     */
    static void stopStarted(int exitCode) {
        SparkSession spark = STARTED.get();
        if (spark == null) return;
        STARTED.remove();
        spark.sparkContext().stop(exitCode);
        spark.stop();
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
