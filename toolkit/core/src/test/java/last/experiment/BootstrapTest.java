package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    static float[] bernoulli(int n, double p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble() < p ? 1f : 0f;
        return x;
    }

    @Test
    void identicalPredictionsHaveAZeroWidthInterval() {
        float[] a = bernoulli(500, 0.9, 1);
        var i = Bootstrap.pairedLoss(a, a.clone());
        assertEquals(0, i.estimate(), 0);
        assertEquals(0, i.lo(), 0);
        assertEquals(0, i.hi(), 0);
    }

    @Test
    void intervalWidthMatchesTheNormalApproximationOfThePairedDifference() {
        // pruned = full with 3 % of the examples flipped to wrong: d_i in {0, 1}, loss ~ 3 %p, sd of the mean
        // sqrt(p(1-p)/n) -> the 95 % interval is about +- 1.96 sd
        int n = 5000;
        float[] full = new float[n], pruned = new float[n];
        java.util.Arrays.fill(full, 1f);
        float[] flip = bernoulli(n, 0.03, 7);
        for (int i = 0; i < n; i++) pruned[i] = 1f - flip[i];
        var iv = Bootstrap.pairedLoss(full, pruned);
        double p = iv.estimate() / 100, sd = 100 * Math.sqrt(p * (1 - p) / n);
        assertEquals(iv.estimate() - 1.96 * sd, iv.lo(), 0.15 * sd * 1.96 + 0.02);
        assertEquals(iv.estimate() + 1.96 * sd, iv.hi(), 0.15 * sd * 1.96 + 0.02);
        assertTrue(iv.atOrAbove(2.0) && !iv.below(1.0));
    }

    @Test
    void pairingNarrowsTheIntervalComparedWithIndependentAccuracies() {
        // two models that agree on most examples: the paired interval is much narrower than the unpaired one
        int n = 2000;
        float[] full = bernoulli(n, 0.85, 3), pruned = full.clone();
        float[] flip = bernoulli(n, 0.01, 4);
        for (int i = 0; i < n; i++) if (flip[i] == 1f) pruned[i] = 1f - pruned[i];
        var iv = Bootstrap.pairedLoss(full, pruned);
        double unpairedSd = 100 * Math.sqrt(2 * 0.85 * 0.15 / n);
        assertTrue(iv.hi() - iv.lo() < 2 * 1.96 * unpairedSd / 3, "paired width " + (iv.hi() - iv.lo()));
    }

    @Test
    void badInputIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.pairedLoss(new float[3], new float[4]));
        assertTrue(e.getMessage().contains("same examples"));
        e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.pairedLoss(new float[]{Float.NaN}, new float[]{1}));
        assertTrue(e.getMessage().contains("example 0"));
    }

    @Test
    void fixedSeedMakesIntervalsReproducible() {
        float[] a = bernoulli(300, 0.8, 5), b = bernoulli(300, 0.7, 6);
        assertEquals(Bootstrap.pairedLoss(a, b), Bootstrap.pairedLoss(a, b));
    }
}
