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

    /**
     * Stops this JVM's session, if one runs, with the command's exit code: on YARN in client mode the
     * ApplicationMaster then reports the application FAILED for a non-zero code (a plain stop reports SUCCEEDED
     * whatever the driver did).
     */
    static void stopActive(int exitCode) {
        scala.Option<SparkSession> active = SparkSession.getDefaultSession();
        if (active.isEmpty()) active = SparkSession.getActiveSession();
        if (active.isEmpty()) return;
        active.get().sparkContext().stop(exitCode);
        active.get().stop();
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
