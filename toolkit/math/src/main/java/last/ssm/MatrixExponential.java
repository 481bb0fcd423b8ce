package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The matrix exponential {@code e^M} of a real square matrix by scaling and squaring with the degree-13 diagonal
 * Pade approximant (Higham, "The scaling and squaring method for the matrix exponential revisited", SIAM J. Matrix
 * Anal. Appl. 26(4), 2005, Alg. 2.3 with m = 13 only):
 * <pre>
 *   s = max(0, ceil(log2(||M||_1 / theta_13))),   A = M / 2^s
 *   r_13(A) = (V - U)^-1 (V + U),   e^M = r_13(A)^(2^s)
 * </pre>
 * Used for the zero-order hold of dense systems via the augmented matrix {@code [[A, B], [0, 0]] dt}.
 *
 * <p>Our own, not a library's: EJML, the math core's only dependency, has no matrix exponential, and this one step of
 * Higham's algorithm is short enough to check line by line against the paper.
 */
public final class MatrixExponential {
    private MatrixExponential() {}

    /** theta_13 of Higham (2005), Table 2.3. */
    private static final double THETA_13 = 5.371920351148152;
    /** Coefficients b_0..b_13 of the [13/13] Pade approximant of exp. */
    private static final double[] B = {64764752532480000d, 32382376266240000d, 7771770303897600d,
            1187353796428800d, 129060195264000d, 10559470521600d, 670442572800d, 33522128640d, 1323241920d,
            40840800d, 960960d, 16380d, 182d, 1d};

    /** e^M for a square, finite {@code m}; the argument is not modified. */
    public static DMatrixRMaj expm(DMatrixRMaj m) {
        Checks.finite("m", m);
        if (m.numRows != m.numCols)
            throw new IllegalArgumentException("m must be square but is " + m.numRows + "x" + m.numCols);
        int n = m.numRows;
        double norm = NormOps_DDRM.normP1(m);
        int s = norm > THETA_13 ? (int) Math.ceil(Math.log(norm / THETA_13) / Math.log(2)) : 0;
        DMatrixRMaj a = m.copy();
        CommonOps_DDRM.scale(Math.scalb(1.0, -s), a);
        DMatrixRMaj id = CommonOps_DDRM.identity(n);
        DMatrixRMaj a2 = mult(a, a), a4 = mult(a2, a2), a6 = mult(a4, a2);
        // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
        DMatrixRMaj inner = mult(a6, lin(B[13], a6, B[11], a4, B[9], a2, 0, id));
        DMatrixRMaj u = mult(a, add(inner, lin(B[7], a6, B[5], a4, B[3], a2, B[1], id)));
        // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
        DMatrixRMaj v = add(mult(a6, lin(B[12], a6, B[10], a4, B[8], a2, 0, id)), lin(B[6], a6, B[4], a4, B[2], a2, B[0], id));
        DMatrixRMaj num = new DMatrixRMaj(n, n), den = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(v, u, num);
        CommonOps_DDRM.subtract(v, u, den);
        DMatrixRMaj r = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.solve(den, num, r))
            throw new IllegalStateException("Pade denominator V - U is singular (||m||_1 = " + norm + ")");
        for (int k = 0; k < s; k++) r = mult(r, r);
        return r;
    }

    private static DMatrixRMaj mult(DMatrixRMaj x, DMatrixRMaj y) {
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, y.numCols);
        CommonOps_DDRM.mult(x, y, out);
        return out;
    }

    private static DMatrixRMaj add(DMatrixRMaj x, DMatrixRMaj y) {
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, x.numCols);
        CommonOps_DDRM.add(x, y, out);
        return out;
    }

    private static DMatrixRMaj lin(double c1, DMatrixRMaj m1, double c2, DMatrixRMaj m2, double c3, DMatrixRMaj m3,
                                   double c4, DMatrixRMaj m4) {
        DMatrixRMaj out = new DMatrixRMaj(m1.numRows, m1.numCols);
        for (int k = 0; k < out.data.length; k++)
            out.data[k] = c1 * m1.data[k] + c2 * m2.data[k] + c3 * m3.data[k] + c4 * m4.data[k];
        return out;
    }
}
