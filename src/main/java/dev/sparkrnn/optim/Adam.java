package dev.sparkrnn.optim;

/**
 * Adam (Kingma and Ba): m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, t += 1,
 * theta -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps). State: [m (n), v (n), t].
 */
public final class Adam implements Optimizer {
    private final double beta1, beta2, epsilon;
    private final int n;
    private final double[] state;

    public Adam(int size, double beta1, double beta2, double epsilon) {
        this.n = size;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.state = new double[2 * size + 1];
    }

    @Override
    public void step(double[] theta, double[] g, double lr) {
        double t = ++state[2 * n];
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < n; i++) {
            double m = state[i] = beta1 * state[i] + (1 - beta1) * g[i];
            double v = state[n + i] = beta2 * state[n + i] + (1 - beta2) * g[i] * g[i];
            theta[i] -= lr * (m / c1) / (Math.sqrt(v / c2) + epsilon);
        }
    }

    @Override
    public double[] state() {
        return state;
    }
}
