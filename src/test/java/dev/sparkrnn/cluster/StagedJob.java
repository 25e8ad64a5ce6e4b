package dev.sparkrnn.cluster;

import dev.sparkrnn.persist.MiniHdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.IOUtils;

/**
 * The main job's data on the shared HDFS, as the cluster tests give it to a cluster: the Shakespeare slice
 * and the job file under {@code /NAME/}, with an HDFS client of the test class's own (the cached one may be
 * closed by another test's cluster when it stops).
 *
 * @param input   the corpus on HDFS
 * @param jobFile {@code jobs/char-shakespeare.conf} on HDFS, for drivers that run on the cluster
 * @param root    {@code hdfs://localhost:port/NAME}, where the test's outputs go
 */
record StagedJob(FileSystem fs, String input, String jobFile, String root) implements AutoCloseable {

    /** {@code train --conf CONF --set S ...}: the command line of a training job. */
    static String[] train(String conf, List<String> sets) {
        List<String> a = new ArrayList<>(List.of("train", "--conf", conf));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(String[]::new);
    }

    /** Uploads the corpus and the job file under /{@code name}, and starts from an empty local directory {@code dir}. */
    static StagedJob stage(MiniHdfs mini, String name, Path dir) throws IOException {
        org.apache.hadoop.fs.FileUtil.fullyDelete(dir.toFile());
        Files.createDirectories(dir);
        FileSystem fs = FileSystem.newInstance(java.net.URI.create(mini.root), new org.apache.hadoop.conf.Configuration());
        String root = mini.root + "/" + name;
        StagedJob job = new StagedJob(fs, root + "/shakespeare.txt", root + "/char-shakespeare.conf", root);
        job.upload(SparkDistribution.ROOT.resolve("jobs/data/tinyshakespeare/shakespeare.txt"), job.input);
        job.upload(SparkDistribution.ROOT.resolve("jobs/char-shakespeare.conf"), job.jobFile);
        return job;
    }

    void upload(Path local, String target) throws IOException {
        try (var in = Files.newInputStream(local); var out = fs.create(new org.apache.hadoop.fs.Path(target))) {
            IOUtils.copyBytes(in, out, 1 << 16);
        }
    }

    /** The parameter file of OUTPUT's first model. */
    byte[] modelBytes(String output) throws IOException {
        try (var in = fs.open(new org.apache.hadoop.fs.Path(output + "/models/v0001/parameters.bin"))) {
            return in.readAllBytes();
        }
    }

    /** The model of {@code train} run in this JVM on {@code local[2]}: what the clusters must reproduce. */
    byte[] localModel(String[] train, String output) throws IOException {
        int exit = dev.sparkrnn.app.Main.run(train);
        if (exit != 0) throw new IllegalStateException("the local[2] reference run exited " + exit);
        return modelBytes(output);
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
