package dev.sparkrnn.optim;

/** Adagrad (min-char-rnn's update): m += g^2; theta -= lr g / sqrt(m + eps). State: [m]. */
public final class Adagrad implements Optimizer {
    private final double epsilon;
    private final double[] memory;

    public Adagrad(int size, double epsilon) {
        this.epsilon = epsilon;
        this.memory = new double[size];
    }

    @Override
    public void step(double[] theta, double[] g, double lr) {
        for (int i = 0; i < theta.length; i++) {
            memory[i] += g[i] * g[i];
            theta[i] -= lr * g[i] / Math.sqrt(memory[i] + epsilon);
        }
    }

    @Override
    public double[] state() {
        return memory;
    }
}
