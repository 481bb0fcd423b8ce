package last.stability;

import last.ssm.DiagonalSsm;
import last.ssm.DiscreteSsm;
import last.ssm.StateSpace;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Poles, characteristic polynomials and stability checks (paper Sec. 2.1: stability of diagonal SSMs by keeping the
 * eigenvalues of Lambda_bar inside the unit circle; Hurwitz Lambda in continuous time).
 */
public final class Poles {
    private Poles() {}

    /** The eigenvalues of a real square matrix. */
    public static Complex_F64[] eigenvalues(DMatrixRMaj a) {
        if (a.numRows != a.numCols) throw new IllegalArgumentException("a must be square but is " + a.numRows + "x" + a.numCols);
        if (a.numRows == 0) throw new IllegalArgumentException("a is empty (0x0)");
        for (int k = 0; k < a.getNumElements(); k++)
            if (!Double.isFinite(a.data[k])) throw new IllegalArgumentException("a has a non-finite entry (" + a.data[k] + ")");
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false);
        if (!eig.decompose(a.copy())) throw new IllegalStateException("eigen-decomposition failed (n = " + a.numRows + ")");
        Complex_F64[] out = new Complex_F64[a.numRows];
        for (int k = 0; k < out.length; k++) out[k] = new Complex_F64(eig.getEigenvalue(k).real, eig.getEigenvalue(k).imaginary);
        return out;
    }

    /**
     * Characteristic polynomial {@code det(zI - A) = z^n + c1 z^(n-1) + ... + cn} (highest power first), by expanding
     * prod (z - lambda_k) over the eigenvalues (backward-stable for moderate n, unlike Faddeev-LeVerrier).
     */
    public static double[] characteristicPolynomial(DMatrixRMaj a) {
        return Polynomials.fromRoots(eigenvalues(a));
    }

    /** The poles of a dense system, eig(A). */
    public static Complex_F64[] of(StateSpace s) { return eigenvalues(s.a()); }

    /** The poles of the real system of a diagonal discrete SSM: lambda_bar_i, plus conj(lambda_bar_i) when conjSym. */
    public static Complex_F64[] of(DiscreteSsm s) {
        return diagonal(s.lambdaBarRe(), s.lambdaBarIm(), s.conjSym());
    }

    /** The poles of a continuous diagonal SSM: lambda_i, plus conjugates when conjSym. */
    public static Complex_F64[] of(DiagonalSsm s) {
        return diagonal(s.lambdaRe(), s.lambdaIm(), s.conjSym());
    }

    /** The largest pole modulus. */
    public static double spectralRadius(Complex_F64[] poles) {
        double r = 0;
        for (Complex_F64 p : poles) r = Math.max(r, p.getMagnitude());
        return r;
    }

    /** Every pole strictly inside the unit circle. */
    public static boolean isSchur(Complex_F64[] poles) { return spectralRadius(poles) < 1; }

    /** Every pole strictly in the open left half-plane. */
    public static boolean isHurwitz(Complex_F64[] poles) {
        for (Complex_F64 p : poles) if (!(p.real < 0)) return false;
        return true;
    }

    /** Schur stability of a discrete dense system (IllegalArgumentException if s is continuous). */
    public static boolean isSchur(StateSpace s) {
        if (!s.discrete()) throw new IllegalArgumentException("isSchur needs a discrete system but s is continuous");
        return isSchur(of(s));
    }

    /** Hurwitz stability of a continuous dense system (IllegalArgumentException if s is discrete). */
    public static boolean isHurwitz(StateSpace s) {
        if (s.discrete()) throw new IllegalArgumentException("isHurwitz needs a continuous system but s is discrete");
        return isHurwitz(of(s));
    }

    public static boolean isSchur(DiscreteSsm s) { return isSchur(of(s)); }

    public static boolean isHurwitz(DiagonalSsm s) { return isHurwitz(of(s)); }

    private static Complex_F64[] diagonal(double[] re, double[] im, boolean conj) {
        int n = re.length;
        Complex_F64[] out = new Complex_F64[conj ? 2 * n : n];
        for (int i = 0; i < n; i++) {
            out[i] = new Complex_F64(re[i], im[i]);
            if (conj) out[n + i] = new Complex_F64(re[i], -im[i]);
        }
        return out;
    }
}
