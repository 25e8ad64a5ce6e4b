package dev.sparkrnn.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One real local SparkSession shared by the test classes of this JVM (starting one costs seconds): two task
 * threads, and a failed task is retried (local mode ignores spark.task.maxFailures; the second number of
 * {@code local[2,4]} is its maximum number of failures per task).
 */
public final class LocalSpark {
    static final String MASTER = "local[2,4]";

    private static SparkSession session;
    private static boolean hooked;

    private LocalSpark() {
    }

    public static synchronized JavaSparkContext context() {
        if (session == null) {
            SparkConf conf = new SparkConf().setMaster(MASTER).setAppName("spark-rnn-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.task.maxFailures", "4");
            session = SparkSession.builder().config(conf).getOrCreate();
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(LocalSpark::stop));
                hooked = true;
            }
        }
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    /** Stops the shared session, for a test that needs another master; the next {@link #context()} starts a new one. */
    public static synchronized void stop() {
        if (session != null) {
            session.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            session = null;
        }
    }
}
