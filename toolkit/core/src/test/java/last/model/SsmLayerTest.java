package last.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Function;
import last.score.Scores;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.ssm.S4dInit;
import last.ssm.S5Init;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsmLayerTest {
    static NDManager m;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(1);
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() { m.close(); }

    static SsmLayer layer(String kind, boolean bidir) {
        return kind.equals("S5")
                ? S5Layer.of(m, S5Init.init(S5Init.Options.defaults().withBlocks(2).withP(8).withH(3).withBidirectional(bidir).withSeed(4)))
                : S4dLayer.of(m, S4dInit.init(S4dInit.Options.defaults().withH(3).withNs(4).withBidirectional(bidir).withSeed(4)));
    }

    static float maxAbsDiff(NDArray a, NDArray b) { return a.sub(b).abs().max().getFloat(); }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S4D", "S5-bidir", "S4D-bidir"})
    void fftPathEqualsRecurrence(String kind) {
        SsmLayer s = layer(kind.split("-")[0], kind.endsWith("bidir"));
        NDArray u = m.randomNormal(new Shape(2, 50, 3));
        NDArray y = s.apply(u), r = s.applyRecurrent(u);
        assertEquals(new Shape(2, 50, 3), y.getShape());
        assertTrue(maxAbsDiff(y, r) < 1e-4 * Math.max(1, r.abs().max().getFloat()), "FFT vs recurrence " + maxAbsDiff(y, r));
    }

    /** A long sequence, where S4D's two-level Vandermonde kernel splits l = i c + j with c = 32 and pads the last row. */
    @ParameterizedTest
    @ValueSource(ints = {1000, 1023, 1025})
    void s4dKernelOnLongSequencesEqualsRecurrence(int len) {
        SsmLayer s = S4dLayer.of(m, S4dInit.init(S4dInit.Options.defaults().withH(2).withNs(16).withSeed(7)));
        NDArray u = m.randomNormal(new Shape(1, len, 2));
        NDArray y = s.apply(u), r = s.applyRecurrent(u);
        assertEquals(new Shape(1, len, 2), y.getShape());
        assertTrue(maxAbsDiff(y, r) < 1e-4 * Math.max(1, r.abs().max().getFloat()), "FFT vs recurrence " + maxAbsDiff(y, r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S4D", "S5-bidir", "S4D-bidir"})
    void physicallyPrunedEqualsMasked(String kind) {
        SsmLayer s = layer(kind.split("-")[0], kind.endsWith("bidir"));
        PruningPlan plan = Pruning.plan(Scores.last(List.of(s.discrete())), 0.5);
        NDArray u = m.randomNormal(new Shape(2, 40, 3));
        SsmLayer masked = s.masked(m, plan.mask(0)), pruned = s.pruned(m, plan.mask(0));
        assertTrue(pruned.stateCount() < s.stateCount() || kind.startsWith("S4D"));
        assertTrue(maxAbsDiff(masked.apply(u), pruned.apply(u)) < 1e-5, "pruned vs masked");
        // and masking really changes the output (the test can fail)
        assertTrue(maxAbsDiff(masked.apply(u), s.apply(u)) > 1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S4D"})
    void discreteViewMatchesTheLayer(String kind) {
        SsmLayer s = layer(kind, false);
        var d = s.discrete();
        assertEquals(s.stateCount(), d.stateCount());
        // impulse response of channel 0 through the numerics view equals the layer's response to an impulse
        NDArray u = m.zeros(new Shape(1, 20, 3));
        u.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0"), 1f);
        float[] y = s.apply(u).toFloatArray();
        for (int k = 0; k < 20; k++)
            for (int o = 0; o < 3; o++) {
                double want = (k == 0 && o == 0) ? d.d()[0] : 0;
                for (int i = 0; i < d.stateCount(); i++) {
                    // 2 Re(C_oi lambda_bar_i^k B_bar_i0)
                    double lr = d.lambdaBarRe()[i], li = d.lambdaBarIm()[i], pr = 1, pi = 0;
                    for (int t = 0; t < k; t++) { double nr = pr * lr - pi * li; pi = pr * li + pi * lr; pr = nr; }
                    double br = d.bBar().getReal(i, 0), bi = d.bBar().getImag(i, 0);
                    double qr = pr * br - pi * bi, qi = pr * bi + pi * br;
                    want += 2 * (d.c().getReal(o, i) * qr - d.c().getImag(o, i) * qi);
                }
                assertEquals(want, y[k * 3 + o], 1e-4 * Math.max(1, Math.abs(want)), "k=" + k + " o=" + o);
            }
    }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S4D"})
    void gradientsMatchFiniteDifferences(String kind) {
        SsmLayer s = layer(kind, true);
        NDArray u = m.randomNormal(new Shape(1, 12, 3));
        NDArray w = m.randomNormal(new Shape(1, 12, 3));
        Function<SsmLayer, Float> loss = l -> l.apply(u).mul(w).sum().getFloat();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(s.apply(u).mul(w).sum());
        }
        for (Param p : s.params()) {
            NDArray a = p.array();
            float[] g = a.getGradient().toFloatArray();
            int idx = g.length / 2;
            float[] v = a.toFloatArray();
            float h = 1e-2f * Math.max(1f, Math.abs(v[idx]));
            float orig = v[idx];
            v[idx] = orig + h;
            a.set(v);
            float up = loss.apply(s);
            v[idx] = orig - h;
            a.set(v);
            float down = loss.apply(s);
            v[idx] = orig;
            a.set(v);
            double fd = (up - down) / (2.0 * h);
            assertEquals(fd, g[idx], 2e-2 * Math.max(1, Math.abs(fd)), kind + " " + p.name());
        }
    }
}
