package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HippoTest {

    /** docs/conventions.md Sec. 1.3: Im lambda of the kept half, in code order. */
    @Test
    void keptHalfMatchesReferenceVectors() {
        check(2, -0.866025);
        check(4, -4.603293, -0.556501);
        check(8, -19.85741, -5.354209, -1.957794, -0.427489);
        check(16, -80.966081, -25.629226, -13.834342, -8.362105, -5.090024, -2.899668, -1.371989, -0.352018);
        Hippo.Diagonalisation d = Hippo.diagonalise(32);
        assertEquals(-325.426316, d.lambdaIm()[0], 1e-5);
        assertEquals(-0.301079, d.lambdaIm()[15], 1e-5);
        assertEquals(325.426316, d.lambdaIm()[31], 1e-5);
    }

    private static void check(int bs, double... expected) {
        Hippo.Diagonalisation d = Hippo.diagonalise(bs);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], d.lambdaIm()[k], 1e-5, "bs=" + bs + " k=" + k);
            assertEquals(-0.5, d.lambdaRe()[k], 1e-12);
        }
        for (int k = 1; k < bs; k++) assertTrue(d.lambdaIm()[k] > d.lambdaIm()[k - 1], "ascending");
    }

    @Test
    void vDiagonalisesTheNormalPartAndIsUnitary() {
        for (int n : new int[]{2, 5, 16, 64}) {
            Hippo.Diagonalisation d = Hippo.diagonalise(n);
            DMatrixRMaj s = Hippo.normalPart(n);
            ZMatrixRMaj sz = new ZMatrixRMaj(n, n);
            for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) sz.set(r, c, s.get(r, c), 0);
            ZMatrixRMaj vh = new ZMatrixRMaj(n, n), t = new ZMatrixRMaj(n, n), out = new ZMatrixRMaj(n, n), id = new ZMatrixRMaj(n, n);
            CommonOps_ZDRM.transposeConjugate(d.v(), vh);
            CommonOps_ZDRM.mult(vh, sz, t);
            CommonOps_ZDRM.mult(t, d.v(), out);
            CommonOps_ZDRM.mult(vh, d.v(), id);
            double scale = Math.max(1, Math.abs(d.lambdaIm()[0]));
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++) {
                    double er = r == c ? d.lambdaRe()[r] : 0, ei = r == c ? d.lambdaIm()[r] : 0;
                    assertEquals(er, out.getReal(r, c), 1e-9 * scale, "n=" + n + " (" + r + "," + c + ")");
                    assertEquals(ei, out.getImag(r, c), 1e-9 * scale);
                    assertEquals(r == c ? 1 : 0, id.getReal(r, c), 1e-10);
                    assertEquals(0, id.getImag(r, c), 1e-10);
                }
        }
    }

    @Test
    void normalPartIsMinusHalfPlusSkew() {
        DMatrixRMaj s = Hippo.normalPart(6);
        for (int r = 0; r < 6; r++) {
            assertEquals(-0.5, s.get(r, r), 1e-14);
            for (int c = 0; c < r; c++) {
                assertEquals(-s.get(c, r), s.get(r, c), 1e-12);
                assertEquals(-0.5 * Math.sqrt((2.0 * r + 1) * (2.0 * c + 1)), s.get(r, c), 1e-12);
            }
        }
    }

    @Test
    void badSizeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Hippo.legsA(0));
        assertTrue(e.getMessage().contains("n must be >= 1"), e.getMessage());
    }
}
