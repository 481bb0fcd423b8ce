package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.decomposition.hessenberg.HessenbergSimilarDecomposition_DDRM;

/**
 * Fast repeated evaluation of a dense system's transfer matrix {@code G(z) = C (zI - A)^-1 B + D}: A is reduced once to
 * upper Hessenberg form {@code A = Q H Q^T}, after which each point costs O(n^2 (1 + m)) instead of O(n^3):
 * {@code G(z) = (C Q) (zI - H)^-1 (Q^T B) + D}. Used by frequency sweeps and by the H-infinity iteration.
 * Not thread-safe (keeps work arrays).
 */
public final class Resolvent {
    private final int n, m, p;
    private final double[] h, qtb, cq, d;   // (n, n), (n, m), (p, n), (p, m), row-major
    private final double[] wr, wi, xr, xi;  // work: (n, n) matrix and (n, m) right-hand side

    private Resolvent(StateSpace s) {
        n = s.states();
        m = s.inputs();
        p = s.outputs();
        HessenbergSimilarDecomposition_DDRM hess = new HessenbergSimilarDecomposition_DDRM();
        if (!hess.decompose(s.a().copy())) throw new IllegalStateException("Hessenberg reduction failed");
        DMatrixRMaj hm = hess.getH(null), q = hess.getQ(null);
        DMatrixRMaj qb = new DMatrixRMaj(n, m), cqm = new DMatrixRMaj(p, n);
        CommonOps_DDRM.multTransA(q, s.b(), qb);
        CommonOps_DDRM.mult(s.c(), q, cqm);
        h = hm.data.clone();
        qtb = qb.data.clone();
        cq = cqm.data.clone();
        d = s.d().data.clone();
        wr = new double[n * n];
        wi = new double[n * n];
        xr = new double[n * m];
        xi = new double[n * m];
    }

    /** Prepares the evaluator for {@code s} (continuous or discrete; the point z is taken as given). */
    public static Resolvent of(StateSpace s) { return new Resolvent(s); }

    /** {@code G(z) = C (zI - A)^-1 B + D} as a complex p x m matrix; IllegalArgumentException if z is a pole. */
    public ZMatrixRMaj transfer(double zr, double zi) {
        solve(zr, zi);
        ZMatrixRMaj g = new ZMatrixRMaj(p, m);
        for (int r = 0; r < p; r++)
            for (int j = 0; j < m; j++) {
                double re = d[r * m + j], im = 0;
                for (int k = 0; k < n; k++) {
                    double c = cq[r * n + k];
                    re += c * xr[k * m + j];
                    im += c * xi[k * m + j];
                }
                g.set(r, j, re, im);
            }
        return g;
    }

    /** sigma_max(G(z)), the largest singular value. */
    public double gain(double zr, double zi) { return maxSingularValue(transfer(zr, zi)); }

    /** sigma_max(G(e^{j theta})) on the unit circle. */
    public double gainOnCircle(double theta) { return gain(Math.cos(theta), Math.sin(theta)); }

    /** The largest singular value of a complex matrix (via its real embedding [[Re, -Im], [Im, Re]]). */
    public static double maxSingularValue(ZMatrixRMaj g) {
        if (g.numRows == 1 && g.numCols == 1) return Math.hypot(g.getReal(0, 0), g.getImag(0, 0));
        int r = g.numRows, c = g.numCols;
        DMatrixRMaj e = new DMatrixRMaj(2 * r, 2 * c);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) {
                double re = g.getReal(i, j), im = g.getImag(i, j);
                e.set(i, j, re);
                e.set(i, j + c, -im);
                e.set(i + r, j, im);
                e.set(i + r, j + c, re);
            }
        double best = 0;
        for (double s : SingularOps_DDRM.singularValues(e)) best = Math.max(best, s);
        return best;
    }

    /** Solves (zI - H) X = Q^T B by Gaussian elimination with adjacent-row pivoting (H upper Hessenberg). */
    private void solve(double zr, double zi) {
        for (int k = 0; k < n * n; k++) {
            wr[k] = -h[k];
            wi[k] = 0;
        }
        for (int k = 0; k < n; k++) {
            wr[k * n + k] += zr;
            wi[k * n + k] += zi;
        }
        System.arraycopy(qtb, 0, xr, 0, n * m);
        java.util.Arrays.fill(xi, 0);
        for (int k = 0; k < n - 1; k++) {
            int a = k * n + k, b = (k + 1) * n + k;
            if (Math.hypot(wr[b], wi[b]) > Math.hypot(wr[a], wi[a])) {
                swapRows(wr, wi, k, k + 1, n, k);
                swapRows(xr, xi, k, k + 1, m, 0);
            }
            double pr = wr[a], pi = wi[a], den = pr * pr + pi * pi;
            if (den == 0) throw new IllegalArgumentException("z = " + zr + " + " + zi + "i is a pole (zI - A singular)");
            double sr = wr[b], si = wi[b];
            double fr = (sr * pr + si * pi) / den, fi = (si * pr - sr * pi) / den;   // f = M[k+1][k] / M[k][k]
            for (int c = k + 1; c < n; c++) {
                double ur = wr[k * n + c], ui = wi[k * n + c];
                wr[(k + 1) * n + c] -= fr * ur - fi * ui;
                wi[(k + 1) * n + c] -= fr * ui + fi * ur;
            }
            for (int c = 0; c < m; c++) {
                double ur = xr[k * m + c], ui = xi[k * m + c];
                xr[(k + 1) * m + c] -= fr * ur - fi * ui;
                xi[(k + 1) * m + c] -= fr * ui + fi * ur;
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            double pr = wr[k * n + k], pi = wi[k * n + k], den = pr * pr + pi * pi;
            if (den == 0) throw new IllegalArgumentException("z = " + zr + " + " + zi + "i is a pole (zI - A singular)");
            for (int c = 0; c < m; c++) {
                double sr = xr[k * m + c], si = xi[k * m + c];
                for (int q = k + 1; q < n; q++) {
                    double ar = wr[k * n + q], ai = wi[k * n + q], yr = xr[q * m + c], yi = xi[q * m + c];
                    sr -= ar * yr - ai * yi;
                    si -= ar * yi + ai * yr;
                }
                xr[k * m + c] = (sr * pr + si * pi) / den;
                xi[k * m + c] = (si * pr - sr * pi) / den;
            }
        }
    }

    private static void swapRows(double[] re, double[] im, int r1, int r2, int cols, int from) {
        for (int c = from; c < cols; c++) {
            double t = re[r1 * cols + c];
            re[r1 * cols + c] = re[r2 * cols + c];
            re[r2 * cols + c] = t;
            t = im[r1 * cols + c];
            im[r1 * cols + c] = im[r2 * cols + c];
            im[r2 * cols + c] = t;
        }
    }
}
