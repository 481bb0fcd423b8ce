package last.stability;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Real polynomials with coefficients listed from the highest power down:
 * {@code coeffs = {a0, a1, ..., an}} means {@code a0 z^n + a1 z^(n-1) + ... + an}, a0 != 0.
 */
public final class Polynomials {
    private Polynomials() {}

    /** Fails unless coeffs is non-null, finite, of length >= 1 with a non-zero leading coefficient. */
    static void check(double[] coeffs) {
        if (coeffs == null || coeffs.length == 0) throw new IllegalArgumentException("polynomial coefficients are empty");
        for (int i = 0; i < coeffs.length; i++)
            if (!Double.isFinite(coeffs[i]))
                throw new IllegalArgumentException("polynomial coefficient a" + i + " is not finite (" + coeffs[i] + ")");
        if (coeffs[0] == 0) throw new IllegalArgumentException("leading coefficient a0 must be non-zero but is 0");
    }

    /** The n roots, as eigenvalues of the companion matrix of the monic polynomial (EJML general eigensolver). */
    public static Complex_F64[] roots(double... coeffs) {
        check(coeffs);
        int n = coeffs.length - 1;
        if (n == 0) return new Complex_F64[0];
        DMatrixRMaj comp = new DMatrixRMaj(n, n);   // first row -a_i/a0, ones on the sub-diagonal
        for (int j = 0; j < n; j++) comp.set(0, j, -coeffs[j + 1] / coeffs[0]);
        for (int r = 1; r < n; r++) comp.set(r, r - 1, 1);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(comp)) throw new IllegalStateException("companion eigen-decomposition failed (degree " + n + ")");
        Complex_F64[] out = new Complex_F64[n];
        for (int k = 0; k < n; k++) out[k] = new Complex_F64(eig.getEigenvalue(k).real, eig.getEigenvalue(k).imaginary);
        return out;
    }

    /**
     * The real monic polynomial {@code prod (z - r_k)} (coefficients highest power first). The roots must be closed
     * under conjugation; the imaginary parts of the expanded coefficients are dropped.
     */
    public static double[] fromRoots(Complex_F64... roots) {
        int n = roots.length;
        double[] re = new double[n + 1], im = new double[n + 1];
        re[0] = 1;
        for (int k = 0; k < n; k++) {
            double rr = roots[k].real, ri = roots[k].imaginary;
            for (int j = k + 1; j >= 1; j--) {       // c_j <- c_j - r c_(j-1)
                re[j] -= rr * re[j - 1] - ri * im[j - 1];
                im[j] -= rr * im[j - 1] + ri * re[j - 1];
            }
        }
        return re;
    }

    /** The largest root modulus. */
    public static double maxRootModulus(double... coeffs) {
        double best = 0;
        for (Complex_F64 r : roots(coeffs)) best = Math.max(best, r.getMagnitude());
        return best;
    }
}
