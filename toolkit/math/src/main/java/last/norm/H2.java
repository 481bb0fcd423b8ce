package last.norm;

import last.ssm.DiscreteSsm;
import last.ssm.StateSpace;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The H2 norm of a stable discrete-time system, the energy of its impulse response:
 * <pre>
 *   ||G||_2^2 = sum_(l >= 0) ||h[l]||_F^2 = ||D||_F^2 + trace(C P C^T),   P = A P A^T + B B^T
 * </pre>
 * (h[0] = D, h[l] = C A^(l-1) B; D is included, as in python-control's discrete h2norm.)
 */
public final class H2 {
    private H2() {}

    /** ||G||_2 of a stable discrete dense system; IllegalArgumentException naming the spectral radius if unstable. */
    public static double of(StateSpace s) {
        DMatrixRMaj p = Gramians.controllability(s);
        DMatrixRMaj cp = new DMatrixRMaj(s.outputs(), s.states()), cpc = new DMatrixRMaj(s.outputs(), s.outputs());
        CommonOps_DDRM.mult(s.c(), p, cp);
        CommonOps_DDRM.multTransB(cp, s.c(), cpc);
        double d = NormOps_DDRM.normF(s.d());
        return Math.sqrt(Math.max(0, CommonOps_DDRM.trace(cpc)) + d * d);
    }

    /**
     * Squared H2 norm of the complex rank-one subsystem of state i, {@code G_i(z) = C_i B_bar_i / (z - lambda_bar_i)}:
     * {@code ||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|^2)}.
     */
    public static double perStateSquared(DiscreteSsm s, int i) {
        double r = HInfinity.checkedRadius(s, i);
        double c = s.cNorm(i);
        return rankOneSquared(c * c, s.bNorm(i), r);
    }

    /**
     * The one place the per-state squared H2 norm (impulse-response energy) is computed; the H2 scores of
     * {@code last.score.Scores} call it: {@code cWeight ||B_bar_i||^2 / ((1 - |lambda_bar_i|)(1 + |lambda_bar_i|))}.
     */
    public static double rankOneSquared(double cWeight, double bNorm, double radius) {
        return cWeight * bNorm * bNorm / ((1 - radius) * (1 + radius));
    }

    /** sqrt of {@link #perStateSquared}. */
    public static double perState(DiscreteSsm s, int i) { return Math.sqrt(perStateSquared(s, i)); }
}
