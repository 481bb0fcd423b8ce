package last.norm;

import last.ssm.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static last.ssm.NumericsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class NormTest {

    /** Closed-form per-state H-inf equals a refined sweep of the complex rank-one subsystem's gain over theta in [-pi, pi]. */
    @Test
    void perStateClosedFormEqualsRefinedSweep() {
        Random rnd = new Random(21);
        DiscreteSsm s = randomDiagonal(rnd, 6, 3, true, false, new double[]{0.01, 0.1, 0.5, 1, 2, 0.05}).zoh();
        for (int i = 0; i < s.stateCount(); i++) {
            DiscreteSsm one = s.keep(i);
            double closed = HInfinity.perState(s, i);
            int pts = 4001;
            double best = 0, bt = 0;
            for (int k = 0; k < pts; k++) {
                double t = -Math.PI + 2 * Math.PI * k / (pts - 1);
                double g = gain(one, t);
                if (g > best) { best = g; bt = t; }
            }
            double h = 2 * Math.PI / (pts - 1), lo = bt - h, hi = bt + h;
            for (int it = 0; it < 200; it++) {   // ternary search on the unimodal bracket
                double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
                if (gain(one, m1) < gain(one, m2)) lo = m1; else hi = m2;
            }
            double refined = Math.max(best, gain(one, (lo + hi) / 2));
            assertEquals(closed, refined, 1e-9 * closed, "state " + i);
            assertEquals(Math.atan2(s.lambdaBarIm()[i], s.lambdaBarRe()[i]), (lo + hi) / 2, 1e-5, "peak at arg lambda_bar");
            assertEquals(closed * closed, HInfinity.perStateScore(s, i), 1e-12 * closed * closed);
            assertTrue(HInfinity.perStateScore(s, i, HInfinity.REFERENCE_EPSILON) < closed * closed);
            // scores -> norms -> sweep: the pruning scores are these norms (one formula each, in last.norm)
            var bidir = last.score.Scores.BidirectionalC.SQUARED_MEAN;
            assertEquals(refined * refined, last.score.Scores.hInfScores(s, bidir, 0)[i], 1e-9 * closed * closed, "H-inf score, state " + i);
            assertEquals(HInfinity.perStateScore(s, i, HInfinity.REFERENCE_EPSILON),
                    last.score.Scores.hInfScores(s, bidir, HInfinity.REFERENCE_EPSILON)[i], 0, "reference-epsilon score, state " + i);
            assertEquals(H2.perStateSquared(s, i), last.score.Scores.h2Scores(s, bidir)[i], 0, "H2 score, state " + i);
        }
    }

    private static double gain(DiscreteSsm one, double theta) {
        return Resolvent.maxSingularValue(Responses.modalTransfer(one, Math.cos(theta), Math.sin(theta)));
    }

    @Test
    void perStateFromContinuousUsesExpm1AndAgrees() {
        Random rnd = new Random(22);
        DiagonalSsm c = randomDiagonal(rnd, 5, 2, true, false, new double[]{1e-3, 1e-2, 0.1, 1, 1e-4});
        DiscreteSsm d = c.zoh();
        for (int i = 0; i < 5; i++) {
            double a = HInfinity.perState(c, i), b = HInfinity.perState(d, i);
            assertEquals(a, b, 1e-6 * a, "state " + i);   // b loses ~eps/(1-|lambda_bar|) relative accuracy
        }
    }

    /** Level-set H-inf agrees with a fine, locally refined sweep on random stable MIMO systems (n up to 64). */
    @Test
    void levelSetAgreesWithRefinedSweep() {
        Random rnd = new Random(23);
        int[][] shapes = {{1, 1, 1}, {4, 2, 3}, {8, 3, 3}, {16, 4, 4}, {32, 2, 5}, {64, 4, 4}};
        double[] rhos = {0.5, 0.97};
        for (int[] sh : shapes)
            for (double rho : rhos) {
                StateSpace s = randomStable(rnd, sh[0], sh[1], sh[2], rho);
                double hinf = HInfinity.of(s, 1e-10);
                double sweep = HInfinity.sweepRefined(s, 8001, 8);
                assertEquals(sweep, hinf, 1e-6 * sweep, "n=" + sh[0] + " rho=" + rho);
                assertTrue(hinf >= sweep * (1 - 1e-9), "never below an attained gain");
            }
    }

    @Test
    void levelSetOfSingleConjugatePairMatchesBound() {
        // real 2-state system of one conj-sym mode: ||C_i|| ||B_i|| / (1-r) <= ||G||_inf <= 2 ||C_i|| ||B_i|| / (1-r)
        Random rnd = new Random(24);
        DiscreteSsm s = randomDiagonal(rnd, 1, 1, true, false, new double[]{0.3}).zoh();
        DiscreteSsm noD = new DiscreteSsm(s.lambdaBarRe(), s.lambdaBarIm(), s.bBar(), s.c(), null, null, true);
        double h = HInfinity.of(StateSpace.fromSigma(noD), 1e-10), p = HInfinity.perState(noD, 0);
        assertTrue(h <= 2 * p * (1 + 1e-9), h + " vs " + p);   // the conjugate term can cancel part of the peak
        assertEquals(HInfinity.sweepRefined(StateSpace.fromScan(noD), 20001, 4), HInfinity.of(StateSpace.fromScan(noD), 1e-10), 1e-7 * h);
    }

    @Test
    void h2SquaredEqualsImpulseResponseEnergy() {
        Random rnd = new Random(25);
        for (int n : new int[]{3, 20, 64}) {
            StateSpace s = randomStable(rnd, n, 3, 2, 0.9);
            double[][][] h = Responses.impulseResponse(s, 1200);
            double e = 0;
            for (double[][] hl : h) for (double[] row : hl) for (double v : row) e += v * v;
            double h2 = H2.of(s);
            assertEquals(e, h2 * h2, 1e-9 * e, "n=" + n);
        }
        StateSpace big = randomStable(rnd, 256, 2, 2, 0.99);
        double[][][] h = Responses.impulseResponse(big, 6000);
        double e = 0;
        for (double[][] hl : h) for (double[] row : hl) for (double v : row) e += v * v;
        assertEquals(e, Math.pow(H2.of(big), 2), 1e-8 * e, "n=256");
    }

    @Test
    void h2PerStateClosedForm() {
        Random rnd = new Random(26);
        DiscreteSsm s = randomDiagonal(rnd, 4, 2, false, false, fill(4, 0.4)).zoh();
        for (int i = 0; i < 4; i++) {
            DiscreteSsm one = s.keep(i);
            double e = 0;   // energy of the complex impulse response C_i lambda^l B_i
            double lr = 1, li = 0;
            for (int l = 0; l < 3000; l++) {
                double m2 = (lr * lr + li * li);
                e += m2 * Math.pow(one.cNorm(0) * one.bNorm(0), 2);
                double nr = lr * one.lambdaBarRe()[0] - li * one.lambdaBarIm()[0];
                li = lr * one.lambdaBarIm()[0] + li * one.lambdaBarRe()[0];
                lr = nr;
            }
            assertEquals(e, H2.perStateSquared(s, i), 1e-10 * e);
        }
    }

    @Test
    void hankelSingularValuesBoundHInfinity() {
        Random rnd = new Random(27);
        StateSpace s = randomStable(rnd, 12, 2, 2, 0.9);
        StateSpace noD = new StateSpace(s.a(), s.b(), s.c(), null, true);
        double[] hsv = Hankel.singularValues(noD);
        double sum = 0;
        for (int k = 0; k < hsv.length; k++) {
            sum += hsv[k];
            if (k > 0) assertTrue(hsv[k] <= hsv[k - 1]);
        }
        double h = HInfinity.of(noD, 1e-10);
        assertTrue(hsv[0] <= h * (1 + 1e-9) && h <= 2 * sum * (1 + 1e-9), hsv[0] + " <= " + h + " <= " + 2 * sum);
        // SISO first-order: sigma_1 = |c b| / (1 - a^2)
        StateSpace one = new StateSpace(new DMatrixRMaj(new double[][]{{0.6}}), new DMatrixRMaj(new double[][]{{2}}),
                new DMatrixRMaj(new double[][]{{1.5}}), null, true);
        assertEquals(3 / (1 - 0.36), Hankel.singularValues(one)[0], 1e-12);
    }

    @Test
    void bilinearMapPreservesTransferOnTheCircle() {
        // sanity: transfer of a dense realisation equals the diagonal formula
        Random rnd = new Random(28);
        DiscreteSsm s = randomDiagonal(rnd, 4, 2, true, false, fill(4, 0.2)).zoh();
        ZMatrixRMaj a = Responses.transfer(s, Math.cos(1.1), Math.sin(1.1));
        ZMatrixRMaj b = Responses.transfer(StateSpace.fromScan(s), Math.cos(1.1), Math.sin(1.1));
        for (int k = 0; k < a.data.length; k++) assertEquals(a.data[k], b.data[k], 1e-12);
    }

    @Test
    void unstableSystemsThrowNamedErrors() {
        DiscreteSsm s = new DiscreteSsm(new double[]{0.5, 0.8}, new double[]{0, 0.7}, cgaussFixed(), cgaussFixed().copy(), null, null, true);
        ZMatrixRMaj bT = new ZMatrixRMaj(2, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> HInfinity.perState(s, 1));
        assertTrue(e.getMessage().contains("state 1 is not stable: |lambda_bar_1| = 1.063"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HInfinity.perStateScore(s, 1, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> H2.perStateSquared(s, 1));
        e = assertThrows(IllegalArgumentException.class, () -> HInfinity.perState(s, 2));
        assertTrue(e.getMessage().contains("state index i = 2 out of range"), e.getMessage());
        StateSpace u = new StateSpace(new DMatrixRMaj(new double[][]{{1.2, 0}, {0, 0.3}}), new DMatrixRMaj(2, 1),
                new DMatrixRMaj(1, 2), null, true);
        e = assertThrows(IllegalArgumentException.class, () -> HInfinity.of(u, 1e-8));
        assertTrue(e.getMessage().contains("not stable (spectral radius of A = 1.2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HInfinity.sweep(u, 100));
        e = assertThrows(IllegalArgumentException.class, () -> H2.of(u));
        assertTrue(e.getMessage().contains("not stable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hankel.singularValues(u));
        StateSpace cont = new StateSpace(new DMatrixRMaj(new double[][]{{-1}}), new DMatrixRMaj(1, 1), new DMatrixRMaj(1, 1), null, false);
        e = assertThrows(IllegalArgumentException.class, () -> H2.of(cont));
        assertTrue(e.getMessage().contains("needs a discrete-time system"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HInfinity.of(randomStable(new Random(1), 3, 1, 1, 0.5), 0));
        assertTrue(e.getMessage().contains("tol must be in"), e.getMessage());
        DiagonalSsm c = new DiagonalSsm(new double[]{0.1}, new double[]{1}, bT.copy().numRows == 2 ? new ZMatrixRMaj(1, 1) : null,
                new ZMatrixRMaj(1, 1), null, null, new double[]{0.5}, true);
        e = assertThrows(IllegalArgumentException.class, () -> HInfinity.perState(c, 0));
        assertTrue(e.getMessage().contains("state 0 is not stable"), e.getMessage());
    }

    private static ZMatrixRMaj cgaussFixed() {
        ZMatrixRMaj m = new ZMatrixRMaj(2, 2);
        m.set(0, 0, 1, 0.5);
        m.set(1, 1, -0.3, 2);
        return m;
    }
}
