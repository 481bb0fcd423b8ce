package last.score;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.ssm.DiscreteSsm;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

class ScorePropertiesTest {

    static List<DiscreteSsm> model(long seed, int layers, int n, int h) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DiscreteSsm> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) out.add(TestLayers.random(rng, n, h, 0.999, rng.nextBoolean()));
        return out;
    }

    @Property(tries = 200)
    void lastScoresLieInUnitIntervalWithExactlyOneOnePerLayer(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int layers,
                                                               @ForAll @IntRange(min = 1, max = 40) int n) {
        StateScores s = Scores.last(model(seed, layers, n, 3));
        for (double[] layer : s.layers()) {
            int ones = 0;
            for (double v : layer) {
                assertTrue(v > 0 && v <= 1, "LAST score " + v + " outside (0, 1]");
                if (v == 1.0) ones++;
            }
            assertEquals(1, ones);
        }
    }

    @Property(tries = 200)
    void globalSelectionKeepsExactlyTheRuleCountAndNeverEmptiesALayer(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int layers, @ForAll @IntRange(min = 1, max = 30) int n,
            @ForAll @IntRange(min = 0, max = 100) int percent) {
        var m = model(seed, layers, n, 2);
        double r = percent / 100.0;
        PruningPlan plan = Pruning.plan(Scores.last(m), r);
        int k = Math.max((layers * n * (100 - percent)) / 100, 1); // the reference's integer rule
        assertEquals(Math.max(k, layers), plan.totalKept());
        for (int kept : plan.keptPerLayer()) assertTrue(kept >= 1);
    }

    @Property(tries = 200)
    void uniformSelectionKeepsTheSameCountInEveryLayer(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int layers,
                                                       @ForAll @IntRange(min = 1, max = 30) int n,
                                                       @ForAll @IntRange(min = 0, max = 100) int percent) {
        PruningPlan plan = Pruning.plan(Scores.uniformHInf(model(seed, layers, n, 2)), percent / 100.0);
        int expected = Math.max(n * (100 - percent) / 100, 1);
        for (int kept : plan.keptPerLayer()) assertEquals(expected, kept);
    }

    @Property(tries = 100)
    void scoresFollowAPermutationOfStates(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int n) {
        DiscreteSsm layer = TestLayers.random(new SplittableRandom(seed), n, 3, 0.99, false);
        int[] perm = shuffled(n, new SplittableRandom(seed ^ 0x5DEECE66DL));
        DiscreteSsm permuted = layer.keep(perm);
        double[] a = Scores.last(List.of(layer)).layer(0), b = Scores.last(List.of(permuted)).layer(0);
        double[] h = Scores.globalHInf(List.of(layer)).layer(0), hp = Scores.globalHInf(List.of(permuted)).layer(0);
        for (int i = 0; i < n; i++) {
            assertEquals(a[perm[i]], b[i], 1e-12 * Math.max(1, a[perm[i]]));
            assertEquals(h[perm[i]], hp[i], 1e-12 * h[perm[i]]);
        }
    }

    @Property(tries = 200)
    void h2ScoreNeverExceedsTheExactHInfScore(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int n) {
        DiscreteSsm layer = TestLayers.random(new SplittableRandom(seed), n, 2, 0.9999, false);
        double[] h2 = Scores.h2Scores(layer, Scores.BidirectionalC.SQUARED_MEAN);
        double[] hinf = Scores.hInfScores(layer, Scores.BidirectionalC.SQUARED_MEAN, 0);
        for (int i = 0; i < n; i++) assertTrue(h2[i] <= hinf[i] * (1 + 1e-12), h2[i] + " > " + hinf[i]);
    }

    static int[] shuffled(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
