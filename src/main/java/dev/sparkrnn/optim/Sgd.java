package dev.sparkrnn.optim;

/** Gradient descent, optionally with momentum: v = mu v + g; theta -= lr v (plain SGD when mu = 0). State: [v]. */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final double[] velocity;

    public Sgd(int size, double momentum) {
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
        this.momentum = momentum;
        this.velocity = new double[momentum > 0 ? size : 0];
    }

    @Override
    public void step(double[] theta, double[] g, double lr) {
        if (momentum == 0) {
            for (int i = 0; i < theta.length; i++) theta[i] -= lr * g[i];
            return;
        }
        for (int i = 0; i < theta.length; i++) {
            double v = velocity[i] = momentum * velocity[i] + g[i];
            theta[i] -= lr * v;
        }
    }

    @Override
    public double[] state() {
        return velocity;
    }
}
