package dev.sparkrnn.kernel;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points dev.ludovic.netlib's JNIBLAS at the native OpenBLAS shipped in the {@code org.bytedeco:openblas}
 * jar, so no system package is needed. It runs once, before netlib's first use, and does nothing when:
 * the user chose a library ({@code -Ddev.ludovic.netlib.blas.nativeLibPath} or {@code .nativeLib}),
 * native BLAS is disabled ({@code -Ddev.ludovic.netlib.blas.allowNative=false}), it is switched off
 * ({@code -Dsparkrnn.blas.bundled=false}), or the jar has no library for this platform; netlib then
 * chooses as usual (system OpenBLAS, VectorBLAS or plain Java).
 *
 * <p>OpenBLAS is set to {@code sparkrnn.blas.threads} threads (default 1): Spark already runs one task
 * per core, and a multi-threaded BLAS inside each task only fights for the same cores.
 */
final class BundledOpenBlas {
    private static final Logger LOG = LoggerFactory.getLogger(BundledOpenBlas.class);
    static final String NETLIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";

    private BundledOpenBlas() {
    }

    /** OpenBLAS's thread count as it reports it. */
    static int threads() {
        return org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads();
    }

    /** Returns the path of the bundled library netlib will load, or null when it was not set up. */
    static synchronized String install() {
        if (System.getProperty(NETLIB_PATH) != null || System.getProperty("dev.ludovic.netlib.blas.nativeLib") != null
                || "false".equals(System.getProperty("dev.ludovic.netlib.blas.allowNative"))
                || "false".equals(System.getProperty("sparkrnn.blas.bundled"))) {
            return null;
        }
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            int threads = Integer.getInteger("sparkrnn.blas.threads", 1);
            org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(threads);
            String path = null;
            for (Map.Entry<String, String> e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
                String file = e.getValue();
                if (file != null && file.matches(".*[/\\\\]libopenblas[^/\\\\]*\\.(so(\\.[0-9]+)?|dylib|dll)$")) {
                    path = file;
                }
            }
            if (path == null) {
                // a second OpenBLAS (the system's) in the same process crashes: stay in Java
                LOG.warn("bundled OpenBLAS loaded but its file was not found; using netlib's Java BLAS");
                System.setProperty("dev.ludovic.netlib.blas.allowNative", "false");
                return null;
            }
            System.setProperty(NETLIB_PATH, path);
            return path;
        } catch (Throwable t) {  // no native library for this platform, or a broken cache: fall back
            LOG.info("bundled OpenBLAS unavailable ({}); netlib chooses its own BLAS", t.toString());
            return null;
        }
    }
}
