package last.norm;

import last.ssm.StateSpace;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/**
 * Hankel singular values of a stable discrete system, {@code sigma_k = sqrt(lambda_k(P Q))} with the controllability
 * and observability Gramians P, Q; computed as the eigenvalues of the symmetric {@code P^(1/2) Q P^(1/2)}.
 */
public final class Hankel {
    private Hankel() {}

    /**
     * The Hankel singular value of a single complex mode (lambda_bar_i, B_bar_i, C_i), the one place it is computed
     * (the Hankel score of {@code last.score.Scores} calls it): {@code ||C_i|| ||B_bar_i|| / (1 - |lambda_bar_i|^2)},
     * the square root of the product of the mode's Gramians ||B_bar_i||^2 / (1 - r^2) and ||C_i||^2 / (1 - r^2).
     */
    public static double rankOne(double cNorm, double bNorm, double radius) {
        return cNorm * bNorm / ((1 - radius) * (1 + radius));
    }

    /** Hankel singular values, descending (length n). */
    public static double[] singularValues(StateSpace s) {
        DMatrixRMaj p = Gramians.controllability(s), q = Gramians.observability(s);
        DMatrixRMaj ph = sqrtPsd(p);
        int n = s.states();
        DMatrixRMaj t = new DMatrixRMaj(n, n), m = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(ph, q, t);
        CommonOps_DDRM.mult(t, ph, m);
        double[] ev = symEig(m, null);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) out[k] = Math.sqrt(Math.max(0, ev[n - 1 - k]));
        return out;
    }

    private static DMatrixRMaj sqrtPsd(DMatrixRMaj p) {
        int n = p.numRows;
        DMatrixRMaj[] vecs = new DMatrixRMaj[n];
        double[] ev = symEig(p, vecs);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double w = Math.sqrt(Math.max(0, ev[k]));
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++) out.add(r, c, w * vecs[k].get(r, 0) * vecs[k].get(c, 0));
        }
        return out;
    }

    /** Ascending eigenvalues of a symmetric matrix; fills vecs (same order) when non-null. */
    private static double[] symEig(DMatrixRMaj m, DMatrixRMaj[] vecs) {
        int n = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, vecs != null, true);
        if (!eig.decompose(m.copy())) throw new IllegalStateException("symmetric eigen-decomposition failed");
        Integer[] idx = new Integer[n];
        for (int k = 0; k < n; k++) idx[k] = k;
        Arrays.sort(idx, (x, y) -> Double.compare(eig.getEigenvalue(x).real, eig.getEigenvalue(y).real));
        double[] ev = new double[n];
        for (int k = 0; k < n; k++) {
            ev[k] = eig.getEigenvalue(idx[k]).real;
            if (vecs != null) vecs[k] = eig.getEigenVector(idx[k]);
        }
        return ev;
    }
}
