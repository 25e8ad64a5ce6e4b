package dev.sparkrnn.kernel;

/**
 * BLAS through {@code dev.ludovic.netlib} (the library Spark MLlib uses). It picks, once per JVM:
 * JNIBLAS over native OpenBLAS, the one bundled with the project ({@link BundledOpenBlas}) or else the
 * system's (Debian: {@code libopenblas0}), else
 * VectorBLAS when the JVM runs with {@code --add-modules=jdk.incubator.vector}, else plain Java.
 * Native OpenBLAS should run one thread per task ({@code OPENBLAS_NUM_THREADS=1}): Spark already
 * runs one task per core.
 */
public final class NetlibBlas implements Blas {
    static final NetlibBlas INSTANCE = new NetlibBlas();

    private final String bundled = BundledOpenBlas.install();
    private final dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.BLAS.getInstance();

    private NetlibBlas() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {   // C := beta C (BLAS refuses k = 0 with these leading dimensions)
            for (int j = 0; j < n; j++) {
                int col = cOff + j * ldc;
                if (beta == 0) java.util.Arrays.fill(c, col, col + m, 0); else blas.dscal(m, beta, c, col, 1);
            }
            return;
        }
        blas.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     double beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int j = 0; j < n; j++) {
                int col = cOff + j * ldc;
                if (beta == 0) java.util.Arrays.fill(c, col, col + m, 0); else blas.sscal(m, (float) beta, c, col, 1);
            }
            return;
        }
        blas.sgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, (float) alpha, a, aOff, lda, b, bOff, ldb,
                (float) beta, c, cOff, ldc);
    }

    @Override
    public String name() {
        String impl = blas.getClass().getSimpleName();
        boolean ours = bundled != null && bundled.equals(System.getProperty(BundledOpenBlas.NETLIB_PATH))
                && impl.equals("JNIBLAS");
        return "netlib:" + impl + (ours ? "(bundled OpenBLAS, " + BundledOpenBlas.threads() + " thread)" : "");
    }
}
