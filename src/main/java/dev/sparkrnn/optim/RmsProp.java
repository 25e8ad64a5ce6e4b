package dev.sparkrnn.optim;

/** RMSProp: s = rho s + (1 - rho) g^2; theta -= lr g / (sqrt(s) + eps). State: [s]. */
public final class RmsProp implements Optimizer {
    private final double rho;
    private final double epsilon;
    private final double[] meanSquare;

    public RmsProp(int size, double rho, double epsilon) {
        this.rho = rho;
        this.epsilon = epsilon;
        this.meanSquare = new double[size];
    }

    @Override
    public void step(double[] theta, double[] g, double lr) {
        for (int i = 0; i < theta.length; i++) {
            double s = meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g[i] * g[i];
            theta[i] -= lr * g[i] / (Math.sqrt(s) + epsilon);
        }
    }

    @Override
    public double[] state() {
        return meanSquare;
    }
}
