package dev.sparkrnn.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One real local[2] SparkSession shared by the test classes of this JVM (starting one costs seconds). */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized JavaSparkContext context() {
        if (session == null) {
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("spark-rnn-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.task.maxFailures", "4");
            session = SparkSession.builder().config(conf).getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }
}
