package dev.sparkrnn.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** An OutOfMemoryError anywhere (the driver's, or a task's as Spark reports it) becomes a message naming what to change. */
class OutOfMemoryMessageTest {
    @Test
    void tasksAndDriverOutOfMemoryAreRecognizedAndExplained() {
        SparkException task = new SparkException("Job aborted due to stage failure: Task 0 in stage 1.0 failed 1 times,"
                + " most recent failure: Lost task 0.0 (TID 1): java.lang.OutOfMemoryError: Java heap space\n\tat ...");
        assertTrue(Main.causedByOutOfMemory(task));
        assertTrue(Main.causedByOutOfMemory(new IllegalStateException("wrapped", new OutOfMemoryError("Java heap space"))));
        assertFalse(Main.causedByOutOfMemory(new SparkException("Job aborted: a task failed with IOException")));
        String m = Main.outOfMemory("a task");
        assertTrue(m.contains("-Xmx") && m.contains("--executor-memory") && m.contains("partitions=") && m.contains("train.batch"), m);
    }
}
