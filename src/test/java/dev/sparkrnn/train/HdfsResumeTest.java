package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.persist.MiniHdfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill-and-resume guarantee with checkpoints on HDFS (an in-process MiniDFSCluster reached through its
 * hdfs:// URI): a run killed after a checkpoint and started again with the same command resumes from it and
 * ends with exactly the parameters of an uninterrupted run.
 */
@ExtendWith(MiniHdfs.Resolver.class)
class HdfsResumeTest {
    static DistributedFileSystem hdfs;
    static String root;

    @BeforeAll
    static void start(MiniHdfs mini) {
        hdfs = mini.fs;   // the in-process HDFS the checkpoint-store tests share, started once per run
        root = mini.root;
        ResumeTest.data();   // the same data, model and configuration as the local-file-system resume test
    }

    static TrainerConfig config(String dir) {
        return ResumeTest.config(dir);
    }

    static DistributedTrainer.Result run(TrainerConfig config, long killAfter) {
        return ResumeTest.run(config, killAfter);
    }

    static List<String> names(String dir) throws IOException {
        return Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(dir)))
                .map(s -> s.getPath().getName()).sorted().toList();
    }

    @Test
    void killedRunResumesFromHdfsToTheSameParameters(@TempDir Path tmp) throws IOException {
        double[] uninterrupted = run(config(tmp.resolve("reference").toUri().toString()), -1).theta();

        String dir = root + "/trainer-resume/checkpoints";
        assertThrows(ResumeTest.Killed.class, () -> run(config(dir), 8));   // checkpoints at 3 and 6; updates 7 and 8 are lost
        assertEquals(List.of("ckpt-000000000003", "ckpt-000000000006"), names(dir));

        DistributedTrainer.Result resumed = run(config(dir), -1);
        assertTrue(resumed.resumed());
        assertEquals(7, resumed.history().get(0).iteration(), "resumes with the update after the checkpoint");
        assertEquals(6, resumed.history().size(), "updates 7..12 are run again");
        assertArrayEquals(uninterrupted, resumed.theta(), 0.0);
        assertEquals(List.of("ckpt-000000000009", "ckpt-000000000012"), names(dir));

        DistributedTrainer.Result again = run(config(dir), -1);
        assertTrue(again.resumed());
        assertTrue(again.history().isEmpty(), "a rerun after success has nothing left to do");
        assertArrayEquals(uninterrupted, again.theta(), 0.0);
        assertFalse(Arrays.equals(uninterrupted, new DistributedTrainer(LocalSpark.context(), ResumeTest.spec, config(dir))
                .initialParameters()), "training did not move the parameters");
    }
}
