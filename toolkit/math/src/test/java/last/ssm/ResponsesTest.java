package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static last.ssm.NumericsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class ResponsesTest {

    @Test
    void zohOfDiagonalEqualsDenseMatrixExponentialZoh() {
        Random rnd = new Random(1);
        for (boolean conj : new boolean[]{true, false}) {
            double dt = 0.37;
            DiagonalSsm s = randomDiagonal(rnd, 6, 3, conj, false, fill(6, dt));
            StateSpace viaDiag = StateSpace.fromSigma(s.zoh());
            StateSpace viaExpm = StateSpace.of(s).zoh(dt);
            assertTrue(maxAbs(viaDiag.a(), viaExpm.a()) < 1e-12, "A_bar");
            assertTrue(maxAbs(viaDiag.b(), viaExpm.b()) < 1e-12, "B_bar");
            assertTrue(maxAbs(viaDiag.c(), viaExpm.c()) < 1e-15);
        }
    }

    @Test
    void bilinearOfDiagonalEqualsDenseBilinear() {
        Random rnd = new Random(2);
        DiagonalSsm s = randomDiagonal(rnd, 5, 2, true, false, fill(5, 0.2));
        StateSpace a = StateSpace.fromSigma(Discretization.bilinear(s)), b = StateSpace.of(s).bilinear(0.2);
        assertTrue(maxAbs(a.a(), b.a()) < 1e-13);
        assertTrue(maxAbs(a.b(), b.b()) < 1e-13);
    }

    @Test
    void matrixExponentialMatchesTaylorForLargeNorm() {
        // e^{t [[0, w], [-w, 0]]} is a rotation; with a decay term -a I: e^{-a t} R(w t)
        double a = 0.3, w = 40, t = 1.3;
        DMatrixRMaj m = new DMatrixRMaj(new double[][]{{-a * t, w * t}, {-w * t, -a * t}});
        DMatrixRMaj e = MatrixExponential.expm(m);
        double s = Math.exp(-a * t);
        assertEquals(s * Math.cos(w * t), e.get(0, 0), 1e-12);
        assertEquals(s * Math.sin(w * t), e.get(0, 1), 1e-12);
        assertEquals(-s * Math.sin(w * t), e.get(1, 0), 1e-12);
    }

    @Test
    void denseConversionPreservesImpulseResponse() {
        Random rnd = new Random(3);
        for (boolean conj : new boolean[]{true, false}) {
            DiscreteSsm s = randomDiagonal(rnd, 7, 3, conj, false, fill(7, 0.5)).zoh();
            double[][][] kDiag = Responses.kernel(s, 40);
            double[][][] kDense = Responses.impulseResponse(StateSpace.fromScan(s), 40);
            assertTrue(maxAbsDiff(kDiag, kDense) < 1e-12, "scan realisation");
            double[][][] kSigma = Responses.impulseResponse(StateSpace.fromSigma(s), 41);
            for (int l = 1; l < 40; l++)   // Sigma is the scan delayed by one step, D aside
                for (int r = 0; r < 3; r++)
                    for (int j = 0; j < 3; j++)
                        assertEquals(kDiag[l - 1][r][j] - (l == 1 && r == j ? s.d()[r] : 0), kSigma[l][r][j], 1e-12);
        }
    }

    @Test
    void recurrenceEqualsConvolutionWithKernel() {
        Random rnd = new Random(4);
        DiscreteSsm s = randomDiagonal(rnd, 8, 3, true, false, fill(8, 0.1)).zoh();
        double[][] u = randomInput(rnd, 60, 3);
        assertTrue(maxAbsDiff(Responses.simulate(s, u), Responses.convolve(Responses.kernel(s, 60), u)) < 1e-11);
        assertTrue(maxAbsDiff(Responses.simulate(s, u), Responses.simulate(StateSpace.fromScan(s), u)) < 1e-11);
    }

    @Test
    void bidirectionalScanEqualsForwardPlusReverseConvolution() {
        Random rnd = new Random(5);
        DiscreteSsm s = randomDiagonal(rnd, 6, 2, true, true, fill(6, 0.3)).zoh();
        double[][] u = randomInput(rnd, 30, 2);
        double[][] f = Responses.convolve(Responses.kernel(s, 30), u), b = Responses.convolveReverse(Responses.reverseKernel(s, 30), u);
        double[][] y = Responses.simulate(s, u);
        for (int k = 0; k < 30; k++) for (int r = 0; r < 2; r++) assertEquals(f[k][r] + b[k][r], y[k][r], 1e-11);
    }

    @Test
    void transferIsTheZTransformOfTheKernel() {
        Random rnd = new Random(6);
        DiscreteSsm s = randomDiagonal(rnd, 5, 2, true, true, fill(5, 1.0)).zoh();
        double theta = 0.7, zr = Math.cos(theta), zi = Math.sin(theta);
        ZMatrixRMaj g = Responses.transfer(s, zr, zi);
        double[][][] kf = Responses.kernel(s, 400), kb = Responses.reverseKernel(s, 400);
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 2; j++) {
                double re = 0, im = 0;
                for (int l = 0; l < 400; l++) {   // sum K[l] z^-l + sum K2[l] z^l
                    re += kf[l][r][j] * Math.cos(theta * l) + kb[l][r][j] * Math.cos(theta * l);
                    im += -kf[l][r][j] * Math.sin(theta * l) + kb[l][r][j] * Math.sin(theta * l);
                }
                assertEquals(re, g.getReal(r, j), 1e-9);
                assertEquals(im, g.getImag(r, j), 1e-9);
            }
        // unidirectional: diagonal transfer equals the dense scan realisation's transfer
        DiscreteSsm u = s.keep(0, 1, 2, 3, 4);
        DiscreteSsm uni = new DiscreteSsm(u.lambdaBarRe(), u.lambdaBarIm(), u.bBar(), u.c(), null, u.d(), true);
        ZMatrixRMaj a = Responses.transfer(uni, 0.3, 1.4), b = Responses.transfer(StateSpace.fromScan(uni), 0.3, 1.4);
        for (int k = 0; k < a.data.length; k++) assertEquals(a.data[k], b.data[k], 1e-12);
    }

    @Test
    void s5InitHasTheDocumentedStructure() {
        S5Init.Options o = S5Init.Options.defaults().withP(16).withBlocks(8).withH(4).withSeed(7);
        DiagonalSsm s = S5Init.init(o);
        assertEquals(8, s.stateCount());
        for (int i = 0; i < 8; i++) {   // bs = 2: every state -0.5 - 0.866i
            assertEquals(-0.5, s.lambdaRe()[i], 1e-12);
            assertEquals(-0.866025, s.lambdaIm()[i], 1e-6);
            assertTrue(s.step()[i] >= 0.001 && s.step()[i] <= 0.1);
        }
        assertEquals(4, s.inputs());
        assertEquals(4, s.d().length);
        DiagonalSsm bi = S5Init.init(o.withBidirectional(true).withCInit(S5Init.CInit.COMPLEX_NORMAL).withP(32).withBlocks(2));
        assertEquals(16, bi.stateCount());
        assertTrue(bi.bidirectional());
        DiagonalSsm nc = S5Init.init(o.withConjSym(false));
        assertEquals(16, nc.stateCount());
        // the projected B~ has the variance of V^H B_real: E ||B~||_F^2 = N H / P  (unitary columns, sigma^2 = 1/P)
        DiagonalSsm big = S5Init.init(S5Init.Options.defaults().withP(64).withBlocks(1).withH(256).withSeed(3));
        double f = 0;
        for (double v : big.bTilde().data) f += v * v;
        assertEquals(32 * 256 / 64.0, f, 0.1 * 32 * 256 / 64.0);
        assertSame(S5Init.init(o).lambdaIm().length, 8);
        assertArrayEquals(S5Init.init(o).step(), S5Init.init(o).step(), "seeded");
    }

    @Test
    void s4dInitHasTheDocumentedStructure() {
        S4dInit.Options o = new S4dInit.Options(3, 8, S4dInit.Kind.LIN, true, 0.001, 0.1, 1);
        DiagonalSsm s = S4dInit.init(o);
        assertEquals(12, s.stateCount());
        int[] ch = s.channelOfState();
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 4, ch[i]);
            assertEquals(-Math.PI * (i % 4), s.lambdaIm()[i], 1e-12);
            assertEquals(s.step()[(i / 4) * 4], s.step()[i], 0, "one Delta per channel");
        }
        DiagonalSsm inv = S4dInit.init(o.withKind(S4dInit.Kind.INV));
        assertEquals(-(8 / Math.PI) * (8 / 3.0 - 1), inv.lambdaIm()[1], 1e-12);
        DiagonalSsm legs = S4dInit.init(o.withKind(S4dInit.Kind.LEGS).withNs(16));
        assertEquals(-80.966081, legs.lambdaIm()[0], 1e-5);
        for (int i = 0; i < legs.stateCount(); i++) assertTrue(Math.abs(legs.bTilde().getImag(i, i / 8)) <= 2);
    }

    @Test
    void badInputsFailWithNamedMessages() {
        Random rnd = new Random(9);
        DiscreteSsm s = randomDiagonal(rnd, 3, 2, true, false, fill(3, 0.1)).zoh();
        assertMsg(() -> Responses.simulate(s, new double[][]{{1, Double.NaN}}), "u[0][1] is not finite");
        assertMsg(() -> Responses.simulate(s, new double[][]{{1, 2, 3}}), "must have length H = 2");
        assertMsg(() -> Responses.kernel(s, 0), "kernel length L must be >= 1");
        DMatrixRMaj a = new DMatrixRMaj(2, 2);
        assertMsg(() -> new StateSpace(a, new DMatrixRMaj(3, 1), new DMatrixRMaj(1, 2), null, true), "b must have n = 2 rows");
        assertMsg(() -> new StateSpace(new DMatrixRMaj(0, 0), new DMatrixRMaj(0, 1), new DMatrixRMaj(1, 0), null, true), "at least one state");
        DMatrixRMaj bad = new DMatrixRMaj(2, 2);
        bad.set(1, 0, Double.POSITIVE_INFINITY);
        assertMsg(() -> new StateSpace(bad, new DMatrixRMaj(2, 1), new DMatrixRMaj(1, 2), null, true), "a(1,0) is not finite");
        StateSpace cont = new StateSpace(a, new DMatrixRMaj(2, 1), new DMatrixRMaj(1, 2), null, false);
        assertMsg(() -> cont.zoh(-0.1), "step dt must be finite and > 0 but is -0.1");
        DiscreteSsm bi = randomDiagonal(rnd, 3, 2, true, true, fill(3, 0.1)).zoh();
        assertMsg(() -> StateSpace.fromScan(bi), "non-causal");
        assertMsg(() -> new DiagonalSsm(new double[]{-1}, new double[]{0}, cgauss(rnd, 1, 1), cgauss(rnd, 1, 1), null, null, new double[]{-0.5}, true), "step[0] must be > 0");
        assertMsg(() -> new S5Init.Options(16, 3, 4, true, S5Init.CInit.LECUN_NORMAL, false, 0.001, 0.1, 0), "blocks must divide p = 16");
        assertMsg(() -> new S4dInit.Options(2, 5, S4dInit.Kind.LIN, false, 0.001, 0.1, 0), "nS (d_state) must be even");
    }

    static void assertMsg(org.junit.jupiter.api.function.Executable ex, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }

    private static double maxAbs(DMatrixRMaj x, DMatrixRMaj y) {
        double m = 0;
        for (int k = 0; k < x.getNumElements(); k++) m = Math.max(m, Math.abs(x.data[k] - y.data[k]));
        return m;
    }
}
