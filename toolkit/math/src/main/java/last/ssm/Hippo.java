package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/**
 * HiPPO-LegS and the diagonalisation of its normal part, as used by the S5 and S4D-LegS initialisations
 * (docs/conventions.md Sec. 1.3; Gu et al. 2020/2022):
 * <pre>
 *   A_nk = -sqrt(2n+1) sqrt(2k+1) (n > k),  A_nn = -(n+1),  A_nk = 0 (n < k)
 *   p_n  = sqrt(n + 1/2),  B_n = sqrt(2n+1),  S = A + p p^T = -1/2 I + K  (K skew-symmetric)
 *   S = V diag(Lambda) V^H,  Lambda = -1/2 + i mu,  mu, V from the Hermitian eigenproblem of -i K
 * </pre>
 * The eigenvalues mu are returned ascending, so the first n/2 have negative imaginary part (the half kept with
 * conjugate symmetry).
 */
public final class Hippo {
    private Hippo() {}

    /** Eigen-decomposition of a Hermitian matrix: ascending real eigenvalues and unitary eigenvectors (columns). */
    public record Eigh(double[] values, ZMatrixRMaj vectors) {}

    /** The HiPPO-LegS diagonalisation: {@code Lambda = lambdaRe + i lambdaIm} (ascending Im) and unitary V (n x n). */
    public record Diagonalisation(double[] lambdaRe, double[] lambdaIm, ZMatrixRMaj v) {}

    /** HiPPO-LegS A (n x n), {@code A_nk = -sqrt((2n+1)(2k+1))} below, {@code -(n+1)} on the diagonal. */
    public static DMatrixRMaj legsA(int n) {
        checkSize(n);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int r = 0; r < n; r++)
            for (int k = 0; k <= r; k++)
                a.set(r, k, r == k ? -(r + 1) : -Math.sqrt((2.0 * r + 1) * (2.0 * k + 1)));
        return a;
    }

    /** HiPPO-LegS B, {@code B_n = sqrt(2n+1)}. */
    public static double[] legsB(int n) {
        checkSize(n);
        double[] b = new double[n];
        for (int r = 0; r < n; r++) b[r] = Math.sqrt(2.0 * r + 1);
        return b;
    }

    /** The low-rank vector {@code p_n = sqrt(n + 1/2)} with S = A + p p^T normal. */
    public static double[] legsP(int n) {
        checkSize(n);
        double[] p = new double[n];
        for (int r = 0; r < n; r++) p[r] = Math.sqrt(r + 0.5);
        return p;
    }

    /** The normal part {@code S = A + p p^T} (= -1/2 I + skew-symmetric K). */
    public static DMatrixRMaj normalPart(int n) {
        DMatrixRMaj s = legsA(n);
        double[] p = legsP(n);
        for (int r = 0; r < n; r++)
            for (int k = 0; k < n; k++) s.add(r, k, p[r] * p[k]);
        return s;
    }

    /**
     * Diagonalises S: {@code Lambda_re = mean(diag S) = -1/2}; {@code Lambda_im, V = eigh(-i K)} with K the skew part
     * (S - S^T)/2, eigenvalues ascending; each column of V has its first non-negligible entry real and positive.
     */
    public static Diagonalisation diagonalise(int n) {
        DMatrixRMaj s = normalPart(n);
        double mean = 0;
        for (int r = 0; r < n; r++) mean += s.get(r, r) / n;
        // -i K = Re + i Im with Re = 0, Im = -K
        DMatrixRMaj re = new DMatrixRMaj(n, n), im = new DMatrixRMaj(n, n);
        for (int r = 0; r < n; r++)
            for (int k = 0; k < n; k++) im.set(r, k, -(s.get(r, k) - s.get(k, r)) / 2);
        Eigh e = eigh(re, im);
        double[] lre = new double[n];
        Arrays.fill(lre, mean);
        return new Diagonalisation(lre, e.values(), e.vectors());
    }

    /**
     * Hermitian eigen-decomposition {@code M = Re + i Im = V diag(mu) V^H} through EJML's symmetric eigensolver on the
     * real embedding {@code [[Re, -Im], [Im, Re]]} (2n x 2n). Every eigenvalue of the embedding appears twice, with
     * eigenvectors [x; y] and [-y; x] that both stand for the complex eigenvector x + i y up to a phase; the
     * embedding's eigenvectors are scanned in ascending eigenvalue order and a complex vector is kept when it is not
     * (complex-)linearly dependent on those already kept, which also handles repeated eigenvalues of M.
     */
    public static Eigh eigh(DMatrixRMaj re, DMatrixRMaj im) {
        int n = re.numRows;
        Checks.shape("re", re, n, n);
        Checks.shape("im", im, n, n);
        Checks.finite("re", re);
        Checks.finite("im", im);
        DMatrixRMaj emb = new DMatrixRMaj(2 * n, 2 * n);
        for (int r = 0; r < n; r++)
            for (int k = 0; k < n; k++) {
                // symmetrise like JAX/LAPACK eigh, which read one triangle of a Hermitian input
                double hr = (re.get(r, k) + re.get(k, r)) / 2, hi = (im.get(r, k) - im.get(k, r)) / 2;
                emb.set(r, k, hr);
                emb.set(r, k + n, -hi);
                emb.set(r + n, k, hi);
                emb.set(r + n, k + n, hr);
            }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2 * n, true, true);
        if (!eig.decompose(emb)) throw new IllegalStateException("symmetric eigensolver failed (n = " + n + ")");
        Integer[] order = new Integer[2 * n];
        for (int k = 0; k < 2 * n; k++) order[k] = k;
        Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(x).real, eig.getEigenvalue(y).real));
        double[] values = new double[n];
        double[][] vr = new double[n][], vi = new double[n][];
        int kept = 0;
        for (int idx = 0; idx < 2 * n && kept < n; idx++) {
            DMatrixRMaj w = eig.getEigenVector(order[idx]);
            double[] xr = new double[n], xi = new double[n];
            for (int r = 0; r < n; r++) {
                xr[r] = w.get(r, 0);
                xi[r] = w.get(r + n, 0);
            }
            // complex Gram-Schmidt against the kept vectors (twice, for orthogonality to working precision)
            for (int pass = 0; pass < 2; pass++)
                for (int q = 0; q < kept; q++) {
                    double dr = 0, di = 0; // <v_q, x> = v_q^H x
                    for (int r = 0; r < n; r++) {
                        dr += vr[q][r] * xr[r] + vi[q][r] * xi[r];
                        di += vr[q][r] * xi[r] - vi[q][r] * xr[r];
                    }
                    for (int r = 0; r < n; r++) {
                        xr[r] -= dr * vr[q][r] - di * vi[q][r];
                        xi[r] -= dr * vi[q][r] + di * vr[q][r];
                    }
                }
            double norm = 0;
            for (int r = 0; r < n; r++) norm += xr[r] * xr[r] + xi[r] * xi[r];
            norm = Math.sqrt(norm);
            if (norm < 0.5) continue; // the partner [-y; x] of an already kept vector
            // phase: first entry with modulus > 1e-8 becomes real positive
            int lead = 0;
            while (lead < n - 1 && Math.hypot(xr[lead], xi[lead]) <= 1e-8 * norm) lead++;
            double mod = Math.hypot(xr[lead], xi[lead]);
            double pr = xr[lead] / mod, pi = -xi[lead] / mod; // conj(phase)
            for (int r = 0; r < n; r++) {
                double a = xr[r], b = xi[r];
                xr[r] = (a * pr - b * pi) / norm;
                xi[r] = (a * pi + b * pr) / norm;
            }
            vr[kept] = xr;
            vi[kept] = xi;
            values[kept] = eig.getEigenvalue(order[idx]).real;
            kept++;
        }
        if (kept != n) throw new IllegalStateException("found only " + kept + " of " + n + " eigenvectors");
        ZMatrixRMaj v = new ZMatrixRMaj(n, n);
        for (int q = 0; q < n; q++)
            for (int r = 0; r < n; r++) v.set(r, q, vr[q][r], vi[q][r]);
        return new Eigh(values, v);
    }

    private static void checkSize(int n) {
        if (n < 1) throw new IllegalArgumentException("HiPPO size n must be >= 1 but is " + n);
    }
}
