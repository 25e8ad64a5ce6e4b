package dev.sparkrnn.persist;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * An in-process HDFS (MiniDFSCluster, one datanode), started once per test run and shared by every test class
 * that asks for it with {@code @ExtendWith(MiniHdfs.Resolver.class)} and a {@code MiniHdfs} parameter (it takes
 * seconds to start on a small machine). Tests keep to their own directories. JUnit shuts it down at the end of
 * the run.
 */
public final class MiniHdfs implements AutoCloseable {
    public final MiniDFSCluster cluster;
    public final DistributedFileSystem fs;
    /** {@code hdfs://localhost:port} */
    public final String root;

    private MiniHdfs() throws IOException {
        File base = new File("target/minidfs-persist").getAbsoluteFile();
        FileUtil.fullyDelete(base);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getPath());
        long t0 = System.nanoTime();
        cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
        cluster.waitActive();
        System.out.printf("MiniHdfs: MiniDFSCluster up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        fs = cluster.getFileSystem();
        root = "hdfs://localhost:" + cluster.getNameNodePort();
    }

    @Override
    public void close() {
        cluster.shutdown();
    }

    /** Supplies the shared cluster, starting it on first use. */
    public static final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MiniHdfs.class);

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == MiniHdfs.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot().getStore(NS).getOrComputeIfAbsent(MiniHdfs.class, k -> {
                try {
                    return new MiniHdfs();
                } catch (IOException e) {
                    throw new IllegalStateException("could not start a MiniDFSCluster", e);
                }
            }, MiniHdfs.class);
        }
    }
}
