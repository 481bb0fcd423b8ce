package last.score;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import last.norm.HInfinity;
import last.ssm.DiagonalSsm;
import last.ssm.DiscreteSsm;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Scores at the edges of double precision: rows that overflow a plain sum of squares, and NaN/Inf/negative inputs
 * that used to slip through as NaN scores, LAST scores of 1 or a wrong ranking.
 */
class NumericEdgesTest {

    /** The formula before the overflow fix: plain sums of squares. */
    static double oldPerState(DiscreteSsm s, int i) {
        double b = 0, c = 0;
        for (int j = 0; j < s.inputs(); j++) b += s.bBar().getReal(i, j) * s.bBar().getReal(i, j) + s.bBar().getImag(i, j) * s.bBar().getImag(i, j);
        for (int r = 0; r < s.outputs(); r++) c += s.c().getReal(r, i) * s.c().getReal(r, i) + s.c().getImag(r, i) * s.c().getImag(r, i);
        return Math.sqrt(c) * Math.sqrt(b) / (1 - s.poleRadius(i));
    }

    static DiscreteSsm scaleB(DiscreteSsm s, double f, int... rows) {
        ZMatrixRMaj b = s.bBar().copy();
        for (int i : rows)
            for (int j = 0; j < b.numCols; j++) b.set(i, j, b.getReal(i, j) * f, b.getImag(i, j) * f);
        return new DiscreteSsm(s.lambdaBarRe(), s.lambdaBarIm(), b, s.c(), s.c2(), s.d(), s.conjSym());
    }

    static void assertRel(double want, double got, double tol, String what) {
        assertTrue(Double.isFinite(got), what + ": " + got);
        assertEquals(want, got, tol * Math.abs(want), what);
    }

    @Test
    void overflowSafePerStateEqualsTheOldFormulaOnOrdinaryInputs() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int t = 0; t < 50; t++) {
            DiscreteSsm s = TestLayers.random(rng, 6, 4, 0.99, false);
            for (int i = 0; i < s.stateCount(); i++) assertRel(oldPerState(s, i), HInfinity.perState(s, i), 1e-12, "state " + i);
        }
    }

    @Test
    void perStateIsFiniteAndLinearInTheBRowScaledBy1e200Or1eMinus200() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int t = 0; t < 20; t++) {
            DiscreteSsm s = TestLayers.random(rng, 4, 3, 0.9, false);
            for (double f : new double[]{1e200, 1e-200, 1e300}) {
                DiscreteSsm big = scaleB(s, f, 0, 1, 2, 3);
                for (int i = 0; i < s.stateCount(); i++) {
                    double want = HInfinity.perState(s, i) * f;
                    if (Double.isFinite(want)) assertRel(want, HInfinity.perState(big, i), 1e-12, "factor " + f + ", state " + i);
                    assertRel(s.bNorm(i) * f, big.bNorm(i), 1e-12, "||B_" + i + "|| x " + f);
                }
            }
        }
        // the old formula overflowed to Inf (and 0 * Inf = NaN with a zero C column)
        assertEquals(Double.POSITIVE_INFINITY, oldPerState(scaleB(TestLayers.withHInfScores(1, 4), 1e200, 0, 1), 0));
    }

    @Test
    void continuousPerStateIsLinearInTheBRowToo() {
        ZMatrixRMaj b = new ZMatrixRMaj(2, 2), c = new ZMatrixRMaj(1, 2);
        b.set(0, 0, 1, 0.5); b.set(0, 1, -2, 0); b.set(1, 0, 0.3, 0); b.set(1, 1, 0, 1);
        c.set(0, 0, 1, 1); c.set(0, 1, 0.5, -0.25);
        DiagonalSsm s = new DiagonalSsm(new double[]{-0.5, -1}, new double[]{1, 2}, b, c, null, new double[0], new double[]{0.1, 0.01}, true);
        ZMatrixRMaj bb = b.copy();
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) bb.set(i, j, b.getReal(i, j) * 1e200, b.getImag(i, j) * 1e200);
        DiagonalSsm big = new DiagonalSsm(s.lambdaRe(), s.lambdaIm(), bb, c, null, new double[0], s.step(), true);
        for (int i = 0; i < 2; i++) assertRel(HInfinity.perState(s, i) * 1e200, HInfinity.perState(big, i), 1e-12, "state " + i);
    }

    @Test
    void lastIsScaleInvariantEvenWhenTheScoresOverflow() {
        DiscreteSsm s = TestLayers.withHInfScores(1, 4, 9, 0.5);
        double[] want = Scores.last(List.of(s)).layer(0);
        double[] got = Scores.last(List.of(scaleB(s, 1e200, 0, 1, 2, 3))).layer(0);   // H = 1e400 x (1, 4, 9, 0.5)
        for (int i = 0; i < want.length; i++) assertRel(want[i], got[i], 1e-12, "LAST of state " + i);
        // one state overflowing among ordinary ones: it is the top state, the others are negligible next to it
        double[] mixed = Scores.last(List.of(scaleB(s, 1e200, 3))).layer(0);
        assertEquals(1.0, mixed[3]);
        for (int i = 0; i < 3; i++) assertTrue(mixed[i] >= 0 && mixed[i] < 1e-300, "state " + i + ": " + mixed[i]);
        // a zero C column with a huge B row: 0, not 0 * Inf = NaN
        DiscreteSsm zeroC = scaleB(TestLayers.withHInfScores(0, 4), 1e200, 0);
        assertEquals(0.0, Scores.hInfScores(zeroC, Scores.BidirectionalC.SQUARED_MEAN, 1e-8)[0]);
        assertEquals(0.0, HInfinity.perState(zeroC, 0));
    }

    @Test
    void hInfScoresRefuseANaNNegativeOrInfiniteEpsilon() {
        DiscreteSsm s = TestLayers.withHInfScores(1, 2);
        for (double eps : new double[]{Double.NaN, -1e-8, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Scores.hInfScores(s, Scores.BidirectionalC.SQUARED_MEAN, eps));
            assertTrue(e.getMessage().contains("eps") && e.getMessage().contains(String.valueOf(eps)), e.getMessage());
        }
        assertArrayEquals(new double[]{1, 2}, Scores.hInfScores(s, Scores.BidirectionalC.SQUARED_MEAN, 0), 1e-12);
    }

    @Test
    void layerNormaliseRefusesNaNAndInfinityNamingLayerAndState() {
        var e = assertThrows(IllegalArgumentException.class, () -> Scores.layerNormalise(new double[]{Double.NaN}));
        assertTrue(e.getMessage().contains("state 0") && e.getMessage().contains("NaN"), e.getMessage());
        DiscreteSsm s = TestLayers.withHInfScores(1, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> Scores.map(List.of(s, s), l -> Scores.layerNormalise(l == s ? new double[]{1, 2, Double.POSITIVE_INFINITY} : null)));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("state 2"), e.getMessage());
    }

    @Test
    void stateScoresRefusePlusInfinity() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StateScores("Global H-inf", StateScores.Scope.GLOBAL,
                List.of(new double[]{1, 2}, new double[]{3, Double.POSITIVE_INFINITY})));
        assertTrue(e.getMessage().contains("layer 1, state 1") && e.getMessage().contains("Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StateScores("x", StateScores.Scope.GLOBAL, List.<double[]>of(new double[]{Double.NaN})));
    }
}
