package last.norm;

import last.ssm.StateSpace;
import last.stability.Poles;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Discrete-time Gramians from the Stein (discrete Lyapunov) equation, solved by the Smith doubling iteration
 * <pre>
 *   X = A X A^T + W:   X_0 = W, A_0 = A,   X_(k+1) = X_k + A_k X_k A_k^T,   A_(k+1) = A_k^2
 * </pre>
 * (X_k = sum_(j < 2^k) A^j W A^jT), stopped when the increment is below machine precision relative to X.
 * O(n^3) per step and O(log(log eps / log rho(A))) steps; n = 256 takes well under a second.
 */
public final class Gramians {
    private Gramians() {}

    /** Controllability Gramian {@code P = A P A^T + B B^T} of a stable discrete system. */
    public static DMatrixRMaj controllability(StateSpace s) {
        requireStableDiscrete(s, "controllability Gramian");
        DMatrixRMaj w = new DMatrixRMaj(s.states(), s.states());
        CommonOps_DDRM.multTransB(s.b(), s.b(), w);
        return stein(s.a(), w);
    }

    /** Observability Gramian {@code Q = A^T Q A + C^T C} of a stable discrete system. */
    public static DMatrixRMaj observability(StateSpace s) {
        requireStableDiscrete(s, "observability Gramian");
        DMatrixRMaj w = new DMatrixRMaj(s.states(), s.states());
        CommonOps_DDRM.multTransA(s.c(), s.c(), w);
        DMatrixRMaj at = new DMatrixRMaj(s.states(), s.states());
        CommonOps_DDRM.transpose(s.a(), at);
        return stein(at, w);
    }

    /** Solves {@code X = A X A^T + W} for a Schur-stable A (the caller checks stability). */
    public static DMatrixRMaj stein(DMatrixRMaj a, DMatrixRMaj w) {
        int n = a.numRows;
        DMatrixRMaj x = w.copy(), ak = a.copy(), t = new DMatrixRMaj(n, n), inc = new DMatrixRMaj(n, n), a2 = new DMatrixRMaj(n, n);
        for (int it = 0; it < 200; it++) {
            CommonOps_DDRM.mult(ak, x, t);
            CommonOps_DDRM.multTransB(t, ak, inc);
            CommonOps_DDRM.addEquals(x, inc);
            double ni = NormOps_DDRM.normF(inc), nx = NormOps_DDRM.normF(x);
            if (ni <= 1e-17 * nx || nx == 0) return symmetrise(x);
            CommonOps_DDRM.mult(ak, ak, a2);
            DMatrixRMaj sw = ak; ak = a2; a2 = sw;
        }
        throw new IllegalStateException("Smith iteration for the Stein equation did not converge in 200 doublings");
    }

    static void requireStableDiscrete(StateSpace s, String what) {
        if (!s.discrete()) throw new IllegalArgumentException(what + " needs a discrete-time system but s is continuous");
        double rho = Poles.spectralRadius(Poles.of(s));
        if (!(rho < 1))
            throw new IllegalArgumentException(what + " is undefined: the system is not stable (spectral radius of A = "
                    + rho + " >= 1)");
    }

    private static DMatrixRMaj symmetrise(DMatrixRMaj x) {
        int n = x.numRows;
        for (int r = 0; r < n; r++)
            for (int c = r + 1; c < n; c++) {
                double v = (x.get(r, c) + x.get(c, r)) / 2;
                x.set(r, c, v);
                x.set(c, r, v);
            }
        return x;
    }
}
