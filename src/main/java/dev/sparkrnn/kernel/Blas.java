package dev.sparkrnn.kernel;

/**
 * The one BLAS routine the kernel needs, on heap arrays with offsets, column-major:
 * {@code C := alpha * op(A) * op(B) + beta * C} where op(A) is m x k, op(B) is k x n and C is m x n.
 */
public interface Blas {

    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /** The same in float32 (sgemm); alpha and beta are rounded to float. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              double beta, float[] c, int cOff, int ldc);

    /** Which implementation runs (benchmarks print it). */
    String name();

    /** The fastest implementation this JVM can load: see {@link NetlibBlas}. */
    static Blas best() {
        return NetlibBlas.INSTANCE;
    }
}
