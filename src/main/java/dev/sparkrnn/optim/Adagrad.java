package dev.sparkrnn.optim;

/** Adagrad: m_i += g_i^2, theta_i -= lr g_i / sqrt(m_i + eps) (min-char-rnn's update). */
public final class Adagrad implements Optimizer {
    private final double learningRate;
    private final double epsilon;
    private final double[] memory;

    public Adagrad(int size, double learningRate, double epsilon) {
        this.learningRate = learningRate;
        this.epsilon = epsilon;
        this.memory = new double[size];
    }

    @Override
    public void step(double[] theta, double[] g) {
        for (int i = 0; i < theta.length; i++) {
            memory[i] += g[i] * g[i];
            theta[i] -= learningRate * g[i] / Math.sqrt(memory[i] + epsilon);
        }
    }

    @Override
    public double[] state() {
        return memory;
    }
}
