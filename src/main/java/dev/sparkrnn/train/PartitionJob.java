package dev.sparkrnn.train;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

/**
 * One update's pass over the packed training data as a single Spark job ({@code SparkContext.runJob}) with
 * the partitions' results merged on the driver in partition order. It replaces {@code mapPartitions} +
 * {@code treeAggregate} when that tree would have no intermediate level (few partitions for its depth, as
 * {@link #flat} decides with Spark's own rule), and costs less: every RDD operation and action builds
 * closures that Spark's ClosureCleaner inspects by reading class files, about 10 ms an update on the main
 * job; this is a named function class, which the cleaner leaves alone, over the kept RDD itself.
 */
final class PartitionJob extends AbstractFunction2<TaskContext, Iterator<byte[]>, GradientSum> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final PartitionGradient work;
    private final TaskTheta theta;
    private final long iteration;
    private final boolean gradient;

    PartitionJob(PartitionGradient work, TaskTheta theta, long iteration, boolean gradient) {
        this.work = work;
        this.theta = theta;
        this.iteration = iteration;
        this.gradient = gradient;
    }

    @Override
    public GradientSum apply(TaskContext context, Iterator<byte[]> packed) {
        java.util.Iterator<byte[]> it = CollectionConverters.asJava(packed);
        return work.compute(PackedSequences.selected(it, work.selection(), iteration), theta.value(), iteration, gradient);
    }

    /** The merged results of all partitions, merged in partition order (the same sum in every run). */
    GradientSum run(SparkContext sc, JavaRDD<byte[]> data) {
        Object results = sc.runJob(data.rdd(), this, scala.reflect.ClassTag$.MODULE$.apply(GradientSum.class));
        GradientSum sum = GradientSum.zero();
        for (GradientSum r : (GradientSum[]) results) sum.merge(r);
        return sum;
    }

    /**
     * Whether {@code treeAggregate(depth)} over {@code partitions} would merge every partition's result on the
     * driver anyway: Spark adds a level only while partitions > scale + ceil(partitions / scale), with
     * scale = max(ceil(partitions^(1/depth)), 2).
     */
    static boolean flat(int partitions, int depth) {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
        return depth <= 1 || partitions <= scale + (int) Math.ceil((double) partitions / scale);
    }
}
