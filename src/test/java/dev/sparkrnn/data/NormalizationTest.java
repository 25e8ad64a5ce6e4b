package dev.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void mergedMomentsEqualOnePass() {
        Random r = new Random(3);
        double[][] series = new double[7][];
        ChannelMoments all = new ChannelMoments(2);
        for (int i = 0; i < series.length; i++) {
            series[i] = new double[2 * (1 + r.nextInt(9))];
            for (int j = 0; j < series[i].length; j++) series[i][j] = 1e6 + r.nextGaussian() * (j % 2 == 0 ? 1 : 5);
            all.add(series[i]);
        }
        ChannelMoments a = new ChannelMoments(2);
        ChannelMoments b = new ChannelMoments(2);
        for (int i = 0; i < series.length; i++) (i < 3 ? a : b).add(series[i]);
        a.merge(b).merge(new ChannelMoments(2));
        assertEquals(all.steps(), a.steps());
        assertArrayEquals(all.mean(), a.mean(), 1e-6);
        assertArrayEquals(all.std(), a.std(), 1e-6);

        // direct two-pass reference
        double[] sum = new double[2];
        long n = 0;
        for (double[] s : series) {
            for (int j = 0; j < s.length; j++) sum[j % 2] += s[j];
            n += s.length / 2;
        }
        double[] mean = {sum[0] / n, sum[1] / n};
        double[] ss = new double[2];
        for (double[] s : series) for (int j = 0; j < s.length; j++) ss[j % 2] += (s[j] - mean[j % 2]) * (s[j] - mean[j % 2]);
        assertArrayEquals(mean, all.mean(), 1e-6);
        assertArrayEquals(new double[] {Math.sqrt(ss[0] / n), Math.sqrt(ss[1] / n)}, all.std(), 1e-9);
    }

    @Test
    void appliesMeanAndStdWithFloor() {
        ChannelMoments m = new ChannelMoments(2).add(new double[] {1, 7, 3, 7});   // channel 1 is constant
        Normalization n = Normalization.of(m, 1e-3);
        assertArrayEquals(new double[] {2, 7}, n.mean(), 0);
        assertArrayEquals(new double[] {1, 1e-3}, n.std(), 0);
        assertArrayEquals(new double[] {-1, 0, 1, 0, 3, 1000}, n.apply(new double[] {1, 7, 3, 7, 5, 8}), 1e-9);
        assertEquals(n, new Normalization(n.mean(), n.std()));
        assertThrows(IllegalArgumentException.class, () -> n.apply(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new ChannelMoments(1), 1e-3));
        assertArrayEquals(new double[] {4, 5}, Normalization.identity(1).apply(new double[] {4, 5}), 0);
    }
}
