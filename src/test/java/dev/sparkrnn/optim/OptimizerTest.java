package dev.sparkrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's first steps equal a hand computation of the update rule in its Javadoc; a copied
 * {@code state()} restored into a fresh optimizer continues bit-identically; {@code Optimizer.create} wires
 * names and hyperparameters to the right class; clipping and the learning-rate schedules give hand-computed
 * values.
 */
class OptimizerTest {
    static final double REL = 1e-15;

    static final double[] THETA0 = {0.5, -1.25, 2.0};
    static final double[] G1 = {0.2, -0.4, 0.05};
    static final double[] G2 = {-0.1, -0.3, 0.6};
    static final double[] G3 = {0.3, 0.0, -0.2};

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = REL * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
        }
    }

    @Test
    void plainSgdIsThetaMinusLrTimesG() {
        Sgd sgd = new Sgd(3, 0);
        double lr = 0.5;
        double[] theta = THETA0.clone();
        sgd.step(theta, G1, lr);
        // same arithmetic as the class (one multiply, one subtract): exact
        double[] e1 = {0.5 - 0.5 * 0.2, -1.25 - 0.5 * -0.4, 2.0 - 0.5 * 0.05};
        assertArrayEquals(e1, theta, 0.0);
        sgd.step(theta, G2, 0.25);   // the learning rate is the step's
        double[] e2 = {e1[0] - 0.25 * -0.1, e1[1] - 0.25 * -0.3, e1[2] - 0.25 * 0.6};
        assertArrayEquals(e2, theta, 0.0);
        assertEquals(0, sgd.state().length, "plain SGD has no memory");
    }

    @Test
    void momentumSgdAccumulatesVelocity() {
        double mu = 0.9, lr = 0.5;
        Sgd sgd = new Sgd(3, mu);
        double[] theta = THETA0.clone();
        sgd.step(theta, G1, lr);
        sgd.step(theta, G2, lr);
        sgd.step(theta, G3, lr);
        // v1 = g1; v2 = 0.9 v1 + g2; v3 = 0.9 v2 + g3; theta3 = theta0 - lr (v1 + v2 + v3)
        double[] v1 = {0.2, -0.4, 0.05};
        double[] v2 = {0.9 * 0.2 + -0.1, 0.9 * -0.4 + -0.3, 0.9 * 0.05 + 0.6};     // 0.08, -0.66, 0.645
        double[] v3 = {0.9 * v2[0] + 0.3, 0.9 * v2[1] + 0.0, 0.9 * v2[2] + -0.2};  // 0.372, -0.594, 0.3805
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) expected[i] = THETA0[i] - lr * v1[i] - lr * v2[i] - lr * v3[i];
        assertArrayEquals(expected, theta, 0.0);
        assertArrayEquals(v3, sgd.state(), 0.0, "the state is the velocity");
        assertClose(new double[] {0.372, -0.594, 0.3805}, sgd.state(), "velocity in decimals");
        assertThrows(IllegalArgumentException.class, () -> new Sgd(3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(3, -0.1));
    }

    @Test
    void adagradDividesByTheRootOfTheSummedSquares() {
        double lr = 0.1, eps = 1e-8;
        Adagrad adagrad = new Adagrad(3, eps);
        double[] theta = THETA0.clone();
        adagrad.step(theta, G1, lr);
        // m1 = g1^2 = (0.04, 0.16, 0.0025); theta1 = theta0 - lr g1 / sqrt(m1 + eps)
        double[] m1 = {0.2 * 0.2, 0.4 * 0.4, 0.05 * 0.05};
        double[] t1 = {
            0.5 - 0.1 * 0.2 / Math.sqrt(m1[0] + eps),
            -1.25 - 0.1 * -0.4 / Math.sqrt(m1[1] + eps),
            2.0 - 0.1 * 0.05 / Math.sqrt(m1[2] + eps)};
        assertArrayEquals(t1, theta, 0.0);
        // the first step moves each parameter by almost exactly lr (|g| / sqrt(g^2 + eps) ~ 1)
        for (int i = 0; i < 3; i++) assertEquals(0.1, Math.abs(theta[i] - THETA0[i]), 1e-6);
        adagrad.step(theta, G2, lr);
        double[] m2 = {m1[0] + 0.01, m1[1] + 0.09, m1[2] + 0.36};
        double[] t2 = {
            t1[0] - 0.1 * -0.1 / Math.sqrt(m2[0] + eps),
            t1[1] - 0.1 * -0.3 / Math.sqrt(m2[1] + eps),
            t1[2] - 0.1 * 0.6 / Math.sqrt(m2[2] + eps)};
        assertClose(t2, theta, "adagrad step 2");
        assertClose(new double[] {0.05, 0.25, 0.3625}, adagrad.state(), "adagrad memory");
    }

    @Test
    void rmsPropDividesByTheRootOfTheRunningMeanSquare() {
        double lr = 0.01, rho = 0.9, eps = 1e-8;
        RmsProp rms = new RmsProp(3, rho, eps);
        double[] theta = THETA0.clone();
        rms.step(theta, G1, lr);
        rms.step(theta, G2, lr);
        // s1 = 0.1 g1^2; s2 = 0.9 s1 + 0.1 g2^2
        double[] s1 = {0.1 * 0.04, 0.1 * 0.16, 0.1 * 0.0025};      // 0.004, 0.016, 0.00025
        double[] s2 = {0.9 * s1[0] + 0.1 * 0.01, 0.9 * s1[1] + 0.1 * 0.09, 0.9 * s1[2] + 0.1 * 0.36};
        double[] expected = {
            0.5 - 0.01 * 0.2 / (Math.sqrt(s1[0]) + eps) - 0.01 * -0.1 / (Math.sqrt(s2[0]) + eps),
            -1.25 - 0.01 * -0.4 / (Math.sqrt(s1[1]) + eps) - 0.01 * -0.3 / (Math.sqrt(s2[1]) + eps),
            2.0 - 0.01 * 0.05 / (Math.sqrt(s1[2]) + eps) - 0.01 * 0.6 / (Math.sqrt(s2[2]) + eps)};
        assertClose(expected, theta, "rmsprop after 2 steps");
        assertClose(new double[] {0.0046, 0.0234, 0.036225}, rms.state(), "rmsprop mean square");
    }

    @Test
    void adamUsesBiasCorrectedMoments() {
        // betas with exact binary fractions (1 - b1 = 1/8, 1 - b2 = 1/1024), so 1 - b^t is exact and the bias
        // corrections are not ill-conditioned (1 - 0.999^t would lose 13 digits to cancellation)
        double lr = 0.1, b1 = 0.875, b2 = 1 - 1.0 / 1024, eps = 1e-8;
        Adam adam = new Adam(3, b1, b2, eps);
        double[] theta = THETA0.clone();
        adam.step(theta, G1, lr);
        // step 1: m = g / 8, v = g^2 / 1024, corrections 1/8 and 1/1024: m^ = g, v^ = g^2, theta -= lr g / (|g| + eps)
        double[] t1 = {
            0.5 - 0.1 * 0.2 / (0.2 + eps),
            -1.25 - 0.1 * -0.4 / (0.4 + eps),
            2.0 - 0.1 * 0.05 / (0.05 + eps)};
        assertArrayEquals(t1, theta, 0.0, "adam step 1 (powers of two: exact)");
        adam.step(theta, G2, lr);
        adam.step(theta, G3, lr);
        double[][] g = {G1, G2, G3};
        double[] expected = THETA0.clone();
        double[] m = new double[3], v = new double[3];
        double b1t = 1, b2t = 1;
        for (int t = 0; t < 3; t++) {
            b1t *= 0.875;               // b1^(t+1) by repeated multiplication
            b2t *= 1023.0 / 1024;
            for (int i = 0; i < 3; i++) {
                m[i] = 0.875 * m[i] + 0.125 * g[t][i];
                v[i] = 1023.0 / 1024 * v[i] + g[t][i] * g[t][i] / 1024;
                double mHat = m[i] / (1 - b1t), vHat = v[i] / (1 - b2t);
                expected[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        assertClose(expected, theta, "adam after 3 steps");
        double[] state = adam.state();
        assertEquals(7, state.length, "[m (3), v (3), t]");
        assertClose(m, Arrays.copyOfRange(state, 0, 3), "adam first moment");
        assertClose(v, Arrays.copyOfRange(state, 3, 6), "adam second moment");
        assertEquals(3.0, state[6], 0.0, "step count");
        // parameter 1 had g = 0 at step 3 and still moved: the first moment carries it
        assertTrue(m[1] < 0);
    }

    /** Random gradients, the same for every optimizer under test. */
    static double[][] gradients(int steps, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] g = new double[steps][n];
        for (double[] row : g) for (int i = 0; i < n; i++) row[i] = rng.nextDouble() * 2 - 1;
        return g;
    }

    @Test
    void restoredStateContinuesBitIdentically() {
        int n = 5, k = 4;
        double lr = 0.05;
        double[][] before = gradients(k, n, 1), after = gradients(6, n, 2);
        java.util.Map<String, Supplier<Optimizer>> fresh = new java.util.LinkedHashMap<>();
        fresh.put("sgd", () -> new Sgd(n, 0));
        fresh.put("sgd momentum", () -> new Sgd(n, 0.9));
        fresh.put("adagrad", () -> new Adagrad(n, 1e-8));
        fresh.put("rmsprop", () -> new RmsProp(n, 0.9, 1e-8));
        fresh.put("adam", () -> new Adam(n, 0.9, 0.999, 1e-8));
        for (var entry : fresh.entrySet()) {
            String name = entry.getKey();
            Optimizer a = entry.getValue().get();
            double[] thetaA = {0.1, -0.2, 0.3, -0.4, 0.5};
            for (double[] g : before) a.step(thetaA, g, lr);
            double[] saved = a.state().clone();
            double[] thetaB = thetaA.clone();
            Optimizer b = entry.getValue().get();
            b.restore(saved);
            assertArrayEquals(saved, b.state(), 0.0, name + ": restore copies the state");
            // a fresh optimizer without the state, for contrast
            Optimizer c = entry.getValue().get();
            double[] thetaC = thetaA.clone();
            for (double[] g : after) {
                a.step(thetaA, g, lr);
                b.step(thetaB, g, lr);
                c.step(thetaC, g, lr);
            }
            assertArrayEquals(thetaA, thetaB, 0.0, name + ": restored optimizer diverged");
            assertArrayEquals(a.state(), b.state(), 0.0, name + ": states diverged");
            if (saved.length > 0) {
                assertFalse(Arrays.equals(thetaA, thetaC), name + ": the state made no difference, the test proves nothing");
            }
        }
    }

    @Test
    void restoreOfAWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(3, 0.9, 0.999, 1e-8).restore(new double[6]));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(3, 1e-8).restore(new double[4]));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(3, 0.9, 1e-8).restore(new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(3, 0.5).restore(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(3, 0).restore(new double[3]));
    }

    @Test
    void createByNameGivesTheClassWithItsHyperparameters() {
        int n = 3;
        double momentum = 0.7, beta1 = 0.8, beta2 = 0.95, rho = 0.6, eps = 1e-3;
        assertInstanceOf(Sgd.class, Optimizer.create("sgd", n, 0, beta1, beta2, rho, eps));
        assertInstanceOf(Sgd.class, Optimizer.create("SGD", n, momentum, beta1, beta2, rho, eps));
        assertInstanceOf(Adagrad.class, Optimizer.create("adagrad", n, momentum, beta1, beta2, rho, eps));
        assertInstanceOf(RmsProp.class, Optimizer.create("RmsProp", n, momentum, beta1, beta2, rho, eps));
        assertInstanceOf(Adam.class, Optimizer.create("adam", n, momentum, beta1, beta2, rho, eps));
        assertEquals(0, Optimizer.create("sgd", n, 0, beta1, beta2, rho, eps).state().length);
        assertEquals(n, Optimizer.create("sgd", n, momentum, beta1, beta2, rho, eps).state().length);
        assertEquals(2 * n + 1, Optimizer.create("adam", n, momentum, beta1, beta2, rho, eps).state().length);
        // each hyperparameter reaches its own constructor argument: the same steps as the class built directly
        Optimizer[][] pairs = {
            {Optimizer.create("sgd", n, momentum, beta1, beta2, rho, eps), new Sgd(n, momentum)},
            {Optimizer.create("adagrad", n, momentum, beta1, beta2, rho, eps), new Adagrad(n, eps)},
            {Optimizer.create("rmsprop", n, momentum, beta1, beta2, rho, eps), new RmsProp(n, rho, eps)},
            {Optimizer.create("adam", n, momentum, beta1, beta2, rho, eps), new Adam(n, beta1, beta2, eps)}};
        for (Optimizer[] p : pairs) {
            double[] x = THETA0.clone(), y = THETA0.clone();
            for (double[] g : new double[][] {G1, G2, G3}) {
                p[0].step(x, g, 0.1);
                p[1].step(y, g, 0.1);
            }
            assertArrayEquals(y, x, 0.0, p[1].getClass().getSimpleName());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create("adamw", n, momentum, beta1, beta2, rho, eps));
        assertTrue(e.getMessage().contains("'adamw'"), e.getMessage());
    }

    @Test
    void clippingByNormAndByValue() {
        assertEquals(5.0, Clipping.norm(new double[] {3, 4}), 0.0);
        assertEquals(3.0, Clipping.norm(new double[] {1, -2, 2}), 0.0);
        assertEquals(0.0, Clipping.norm(new double[0]), 0.0);

        double[] g = {3, -4};
        assertEquals(5.0, Clipping.clipByGlobalNormInPlace(g, 1.0), 0.0, "returns the norm before clipping");
        assertClose(new double[] {0.6, -0.8}, g, "scaled to norm 1");
        assertEquals(1.0, Clipping.norm(g), 1e-15);

        double[] h = {1, -2, 2};
        assertEquals(3.0, Clipping.clipByGlobalNormInPlace(h, 1.5), 0.0);
        assertClose(new double[] {0.5, -1.0, 1.0}, h, "halved");

        double[] small = {0.3, 0.4};
        assertEquals(0.5, Clipping.clipByGlobalNormInPlace(small, 0.5), 1e-16);
        assertArrayEquals(new double[] {0.3, 0.4}, small, 0.0, "a norm at or under the limit is left alone");
        assertThrows(IllegalArgumentException.class, () -> Clipping.clipByGlobalNormInPlace(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Clipping.clipByGlobalNormInPlace(new double[] {1}, Double.NaN));

        double[] v = {0.5, -3, 2, -0.2, 1.0, -1.0};
        assertEquals(2, Clipping.clipByValueInPlace(v, 1.0), "values equal to the bound are not clamped");
        assertArrayEquals(new double[] {0.5, -1.0, 1.0, -0.2, 1.0, -1.0}, v, 0.0);
        assertThrows(IllegalArgumentException.class, () -> Clipping.clipByValueInPlace(new double[] {1}, -1));
    }

    static void assertRate(double expected, double actual, String what) {
        assertEquals(expected, actual, REL * Math.abs(expected), what);
    }

    @Test
    void learningRateSchedules() {
        LearningRateSchedule constant = LearningRateSchedule.constant(0.01);
        assertEquals(0.01, constant.at(0), 0.0);
        assertEquals(0.01, constant.at(12345), 0.0);

        // step: lr gamma^floor(t / every)
        LearningRateSchedule step = new LearningRateSchedule("step", 0.1, 0.5, 10, 0, 0, 0);
        assertRate(0.1, step.at(0), "step t=0");
        assertRate(0.1, step.at(9), "step t=9");
        assertRate(0.05, step.at(10), "step t=10");
        assertRate(0.025, step.at(29), "step t=29");
        assertRate(0.0125, step.at(30), "step t=30");

        // exponential: lr gamma^(t / every)
        LearningRateSchedule exp = new LearningRateSchedule("Exponential", 0.1, 0.5, 10, 0, 0, 0);
        assertEquals("exponential", exp.kind(), "the kind is case-insensitive");
        assertRate(0.1, exp.at(0), "exp t=0");
        assertRate(0.1 / Math.sqrt(2), exp.at(5), "exp t=5");
        assertRate(0.05, exp.at(10), "exp t=10");
        assertRate(0.1 * 0.25 / Math.sqrt(2), exp.at(25), "exp t=25");

        // cosine: lr (minFraction + (1 - minFraction) (1 + cos(pi min(t, total) / total)) / 2)
        LearningRateSchedule cos = new LearningRateSchedule("cosine", 0.1, 0, 0, 100, 0.1, 0);
        assertRate(0.1, cos.at(0), "cos t=0");
        assertRate(0.1 * (0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2), cos.at(25), "cos t=25");
        assertEquals(0.055, cos.at(50), 1e-17, "cos t=50: halfway between lr and lr minFraction");
        assertRate(0.1 * (0.1 + 0.9 * (1 - Math.sqrt(0.5)) / 2), cos.at(75), "cos t=75");
        assertRate(0.01, cos.at(100), "cos t=total: lr minFraction");
        assertRate(0.01, cos.at(1000), "cos after total stays at lr minFraction");

        // warm-up: base (t + 1) / warmup for t < warmup
        LearningRateSchedule warm = new LearningRateSchedule("constant", 0.2, 1, 1, 1, 0, 4);
        assertRate(0.05, warm.at(0), "warm-up t=0");
        assertRate(0.1, warm.at(1), "warm-up t=1");
        assertRate(0.15, warm.at(2), "warm-up t=2");
        assertRate(0.2, warm.at(3), "warm-up t=3");
        assertRate(0.2, warm.at(4), "after warm-up");
        LearningRateSchedule warmStep = new LearningRateSchedule("step", 0.1, 0.5, 2, 0, 0, 3);
        assertRate(0.1 * 1 / 3, warmStep.at(0), "warm-up over step t=0");
        assertRate(0.05 * 3 / 3, warmStep.at(2), "warm-up over step t=2 (already decayed once)");
        assertRate(0.05, warmStep.at(3), "step t=3");
        assertRate(0.025, warmStep.at(4), "step t=4");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule("linear", 0.1, 0.5, 10, 10, 0, 0));
        assertTrue(e.getMessage().contains("'linear'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule("step", 0.1, 0.5, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule("exponential", 0.1, 0, 10, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule("cosine", 0.1, 0.5, 10, 0, 0, 0));
    }
}
