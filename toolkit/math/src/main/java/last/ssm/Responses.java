package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Transfer functions, frequency responses, impulse responses (convolution kernels) and simulation of diagonal and
 * dense systems (paper Sec. 2.1-2.2; docs/conventions.md Sec. 1.5 and 3.2).
 *
 * <p><b>Conventions for a diagonal {@link DiscreteSsm}</b> (the S5/S4D scan, no delay):
 * {@code x_k = Lambda_bar x_(k-1) + B_bar u_k}, {@code y_k = g Re(C x_k) + D u_k} with g = 2 (conjSym) or 1. Its kernel is
 * <pre>
 *   K[l] = g Re(C diag(lambda_bar)^l B_bar) + [l = 0] diag(D),   y_k = sum_(l >= 0) K[l] u_(k-l)
 * </pre>
 * and its transfer function is the z-transform of K:
 * <pre>
 *   G(z) = sum_l K[l] z^-l = (g/2) [ M(z) + conj(M(conj z)) ] + diag(D),   M(z) = C (I - z^-1 Lambda_bar)^-1 B_bar
 * </pre>
 * where {@link #modalTransfer M(z)} is the complex system made of the stored states only (one member of each
 * conjugate pair). The paper's System Sigma (one-step delay) has G_Sigma(z) = z^-1 (G(z) - D) + D; on the unit circle
 * |z^-1| = 1, so per-state gains and the closed-form per-state H-infinity norm are the same for both conventions.
 * A bidirectional layer adds the reverse scan {@code x'_k = Lambda_bar x'_(k+1) + B_bar u_k} (includes u_k) with
 * output {@code g Re(C2 x'_k)}; its two-sided transfer on the unit circle adds (g/2)[M2(1/z) + conj(M2(1/conj z))].
 */
public final class Responses {
    private Responses() {}

    /** A frequency response on a grid: {@code g[k] = G(e^{j theta[k]})}. */
    public record FrequencyResponse(double[] theta, ZMatrixRMaj[] g) {
        /** sigma_max(G(e^{j theta_k})) for every grid point. */
        public double[] gains() {
            double[] out = new double[g.length];
            for (int k = 0; k < g.length; k++) out[k] = Resolvent.maxSingularValue(g[k]);
            return out;
        }
    }

    /** {@code M(z) = C (I - z^-1 Lambda_bar)^-1 B_bar = sum_i C_i B_bar_i z / (z - lambda_bar_i)}: stored modes, no D, no conjugates. */
    public static ZMatrixRMaj modalTransfer(DiscreteSsm s, double zr, double zi) {
        return modal(s.lambdaBarRe(), s.lambdaBarIm(), s.bBar(), s.c(), zr, zi, false);
    }

    /**
     * The real layer's transfer matrix G(z) (H_out x H, complex) in the scan convention documented on the class.
     * For a bidirectional layer z must lie on the unit circle (two-sided transform).
     */
    public static ZMatrixRMaj transfer(DiscreteSsm s, double zr, double zi) {
        checkPoint(zr, zi);
        double g = s.conjSym() ? 1 : 0.5;   // (g/2) with g = 2 or 1
        ZMatrixRMaj out = realPart(s.lambdaBarRe(), s.lambdaBarIm(), s.bBar(), s.c(), zr, zi, false, g);
        if (s.c2() != null) {
            double r = Math.hypot(zr, zi);
            if (Math.abs(r - 1) > 1e-12)
                throw new IllegalArgumentException("a bidirectional layer's transfer exists only on the unit circle but |z| = " + r);
            ZMatrixRMaj back = realPart(s.lambdaBarRe(), s.lambdaBarIm(), s.bBar(), s.c2(), zr, zi, true, g);
            for (int k = 0; k < out.data.length; k++) out.data[k] += back.data[k];
        }
        for (int h = 0; h < s.d().length; h++) out.set(h, h, out.getReal(h, h) + s.d()[h], out.getImag(h, h));
        return out;
    }

    /** {@code G(z) = C (zI - A)^-1 B + D} of a dense system (z = s for a continuous system). */
    public static ZMatrixRMaj transfer(StateSpace s, double zr, double zi) {
        checkPoint(zr, zi);
        return Resolvent.of(s).transfer(zr, zi);
    }

    /** G(e^{j theta_k}) on {@code points} equally spaced theta_k in [0, pi] (a real system's response on [pi, 2 pi] is the conjugate). */
    public static FrequencyResponse frequencyResponse(DiscreteSsm s, int points) {
        double[] th = grid(points);
        ZMatrixRMaj[] g = new ZMatrixRMaj[points];
        for (int k = 0; k < points; k++) g[k] = transfer(s, Math.cos(th[k]), Math.sin(th[k]));
        return new FrequencyResponse(th, g);
    }

    /** Frequency response of a discrete dense system on {@code points} equally spaced theta in [0, pi]. */
    public static FrequencyResponse frequencyResponse(StateSpace s, int points) {
        if (!s.discrete()) throw new IllegalArgumentException("frequencyResponse on theta in [0, pi] needs a discrete system");
        double[] th = grid(points);
        Resolvent r = Resolvent.of(s);
        ZMatrixRMaj[] g = new ZMatrixRMaj[points];
        for (int k = 0; k < points; k++) g[k] = r.transfer(Math.cos(th[k]), Math.sin(th[k]));
        return new FrequencyResponse(th, g);
    }

    /**
     * The causal kernel {@code K[l] = g Re(C Lambda_bar^l B_bar) + [l = 0] diag(D)}, l = 0..L-1, as {@code K[l][out][in]}
     * (docs/conventions.md Sec. 3.2: {@code K_h[l] = 2 Re sum_n C_hn B_bar_hn lambda_bar_hn^l}).
     */
    public static double[][][] kernel(DiscreteSsm s, int length) {
        double[][][] k = kernelOf(s, s.c(), length);
        for (int h = 0; h < s.d().length; h++) k[0][h][h] += s.d()[h];
        return k;
    }

    /** The anti-causal kernel of a bidirectional layer: {@code K2[l] = g Re(C2 Lambda_bar^l B_bar)} multiplies u_(k+l). */
    public static double[][][] reverseKernel(DiscreteSsm s, int length) {
        if (s.c2() == null) throw new IllegalArgumentException("reverseKernel needs a bidirectional layer (c2 is null)");
        return kernelOf(s, s.c2(), length);
    }

    /** Impulse response of a discrete dense system: {@code h[0] = D}, {@code h[l] = C A^(l-1) B}; as {@code h[l][out][in]}. */
    public static double[][][] impulseResponse(StateSpace s, int length) {
        if (!s.discrete()) throw new IllegalArgumentException("impulseResponse needs a discrete system but s is continuous");
        checkLength(length);
        int n = s.states(), m = s.inputs(), p = s.outputs();
        double[][][] out = new double[length][][];
        out[0] = toArray(s.d());
        DMatrixRMaj x = s.b().copy(), next = new DMatrixRMaj(n, m), y = new DMatrixRMaj(p, m); // x = A^(l-1) B
        for (int l = 1; l < length; l++) {
            CommonOps_DDRM.mult(s.c(), x, y);
            out[l] = toArray(y);
            CommonOps_DDRM.mult(s.a(), x, next);
            DMatrixRMaj t = x; x = next; next = t;
        }
        return out;
    }

    /**
     * Simulates the scan on an input sequence {@code u} (L x H) and returns y (L x H_out):
     * {@code x_k = Lambda_bar x_(k-1) + B_bar u_k}; bidirectional adds {@code x'_k = Lambda_bar x'_(k+1) + B_bar u_k},
     * {@code y_k = g Re(C x_k + C2 x'_k) + D u_k} (docs/conventions.md Sec. 1.5).
     */
    public static double[][] simulate(DiscreteSsm s, double[][] u) {
        checkInput(u, s.inputs());
        int len = u.length, n = s.stateCount(), p = s.outputs();
        double g = s.conjSym() ? 2 : 1;
        double[][] y = new double[len][p];
        double[][] bur = new double[len][n], bui = new double[len][n];   // (L, N): B_bar u_k
        for (int k = 0; k < len; k++)
            for (int i = 0; i < n; i++) {
                double re = 0, im = 0;
                for (int j = 0; j < s.inputs(); j++) {
                    re += s.bBar().getReal(i, j) * u[k][j];
                    im += s.bBar().getImag(i, j) * u[k][j];
                }
                bur[k][i] = re;
                bui[k][i] = im;
            }
        scan(s, s.c(), bur, bui, y, g, false);
        if (s.c2() != null) scan(s, s.c2(), bur, bui, y, g, true);
        for (int k = 0; k < len; k++)
            for (int h = 0; h < s.d().length; h++) y[k][h] += s.d()[h] * u[k][h];
        return y;
    }

    /** Simulates a discrete dense system from x_0 = 0: {@code x[k+1] = A x[k] + B u[k], y[k] = C x[k] + D u[k]}. */
    public static double[][] simulate(StateSpace s, double[][] u) {
        if (!s.discrete()) throw new IllegalArgumentException("simulate needs a discrete system but s is continuous");
        checkInput(u, s.inputs());
        int n = s.states(), m = s.inputs(), p = s.outputs();
        double[] x = new double[n], xn = new double[n];
        double[][] y = new double[u.length][p];
        double[] a = s.a().data, b = s.b().data, c = s.c().data, d = s.d().data;
        for (int k = 0; k < u.length; k++) {
            for (int r = 0; r < p; r++) {
                double acc = 0;
                for (int q = 0; q < n; q++) acc += c[r * n + q] * x[q];
                for (int j = 0; j < m; j++) acc += d[r * m + j] * u[k][j];
                y[k][r] = acc;
            }
            for (int r = 0; r < n; r++) {
                double acc = 0;
                for (int q = 0; q < n; q++) acc += a[r * n + q] * x[q];
                for (int j = 0; j < m; j++) acc += b[r * m + j] * u[k][j];
                xn[r] = acc;
            }
            double[] t = x; x = xn; xn = t;
        }
        return y;
    }

    /** Direct causal convolution {@code y_k = sum_(l=0..min(k, L_K - 1)) K[l] u_(k-l)}, O(L L_K); for tests and small inputs. */
    public static double[][] convolve(double[][][] kernel, double[][] u) {
        return conv(kernel, u, false);
    }

    /** Direct anti-causal convolution {@code y_k = sum_l K2[l] u_(k+l)} (the reverse branch of a bidirectional layer). */
    public static double[][] convolveReverse(double[][][] kernel, double[][] u) {
        return conv(kernel, u, true);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static double[][] conv(double[][][] kernel, double[][] u, boolean reverse) {
        if (kernel.length == 0) throw new IllegalArgumentException("kernel has length 0");
        int p = kernel[0].length, m = kernel[0][0].length;
        checkInput(u, m);
        double[][] y = new double[u.length][p];
        for (int k = 0; k < u.length; k++)
            for (int l = 0; l < kernel.length; l++) {
                int src = reverse ? k + l : k - l;
                if (src < 0 || src >= u.length) continue;
                for (int r = 0; r < p; r++)
                    for (int j = 0; j < m; j++) y[k][r] += kernel[l][r][j] * u[src][j];
            }
        return y;
    }

    private static void scan(DiscreteSsm s, ZMatrixRMaj c, double[][] bur, double[][] bui, double[][] y, double g,
                             boolean reverse) {
        int len = bur.length, n = s.stateCount();
        double[] xr = new double[n], xi = new double[n];
        for (int t = 0; t < len; t++) {
            int k = reverse ? len - 1 - t : t;
            for (int i = 0; i < n; i++) {
                double lr = s.lambdaBarRe()[i], li = s.lambdaBarIm()[i];
                double nr = lr * xr[i] - li * xi[i] + bur[k][i], ni = lr * xi[i] + li * xr[i] + bui[k][i];
                xr[i] = nr;
                xi[i] = ni;
            }
            for (int r = 0; r < c.numRows; r++) {
                double acc = 0;
                for (int i = 0; i < n; i++) acc += c.getReal(r, i) * xr[i] - c.getImag(r, i) * xi[i];
                y[k][r] += g * acc;
            }
        }
    }

    private static double[][][] kernelOf(DiscreteSsm s, ZMatrixRMaj c, int length) {
        checkLength(length);
        int n = s.stateCount(), m = s.inputs(), p = s.outputs();
        double g = s.conjSym() ? 2 : 1;
        double[][][] k = new double[length][p][m];
        double[] pr = new double[n], pi = new double[n];  // lambda_bar_i^l
        java.util.Arrays.fill(pr, 1);
        for (int l = 0; l < length; l++) {
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++) {
                    double br = s.bBar().getReal(i, j), bi = s.bBar().getImag(i, j);
                    if (br == 0 && bi == 0) continue;
                    double wr = pr[i] * br - pi[i] * bi, wi = pr[i] * bi + pi[i] * br;   // lambda^l B_bar_ij
                    for (int r = 0; r < p; r++) k[l][r][j] += g * (c.getReal(r, i) * wr - c.getImag(r, i) * wi);
                }
            for (int i = 0; i < n; i++) {
                double lr = s.lambdaBarRe()[i], li = s.lambdaBarIm()[i];
                double nr = pr[i] * lr - pi[i] * li;
                pi[i] = pr[i] * li + pi[i] * lr;
                pr[i] = nr;
            }
        }
        return k;
    }

    /** (g/2)[F(z) + conj(F(conj z))] with F = modal transfer (or its reverse version F(1/z)). */
    private static ZMatrixRMaj realPart(double[] lr, double[] li, ZMatrixRMaj b, ZMatrixRMaj c, double zr, double zi,
                                        boolean reverse, double half) {
        ZMatrixRMaj f = modal(lr, li, b, c, zr, zi, reverse);
        ZMatrixRMaj fc = modal(lr, li, b, c, zr, -zi, reverse);
        ZMatrixRMaj out = new ZMatrixRMaj(f.numRows, f.numCols);
        for (int r = 0; r < f.numRows; r++)
            for (int j = 0; j < f.numCols; j++)
                out.set(r, j, half * (f.getReal(r, j) + fc.getReal(r, j)), half * (f.getImag(r, j) - fc.getImag(r, j)));
        return out;
    }

    /** sum_i C_i B_i / (1 - lambda_i w) with w = 1/z (causal) or w = z (reverse scan, evaluated at 1/z). */
    private static ZMatrixRMaj modal(double[] lr, double[] li, ZMatrixRMaj b, ZMatrixRMaj c, double zr, double zi,
                                     boolean reverse) {
        double wr, wi;
        if (reverse) {
            wr = zr;
            wi = zi;
        } else {
            double den = zr * zr + zi * zi;
            if (den == 0) throw new IllegalArgumentException("z = 0 is not allowed (G contains 1/z)");
            wr = zr / den;
            wi = -zi / den;
        }
        int n = lr.length, m = b.numCols, p = c.numRows;
        ZMatrixRMaj out = new ZMatrixRMaj(p, m);
        for (int i = 0; i < n; i++) {
            double ar = 1 - (lr[i] * wr - li[i] * wi), ai = -(lr[i] * wi + li[i] * wr);  // 1 - lambda w
            double den = ar * ar + ai * ai;
            if (den == 0) throw new IllegalArgumentException("z = " + zr + " + " + zi + "i is a pole (state " + i + ")");
            double qr = ar / den, qi = -ai / den;
            for (int r = 0; r < p; r++) {
                double cr = c.getReal(r, i), ci = c.getImag(r, i);
                if (cr == 0 && ci == 0) continue;
                double tr = cr * qr - ci * qi, ti = cr * qi + ci * qr;
                for (int j = 0; j < m; j++) {
                    double br = b.getReal(i, j), bi = b.getImag(i, j);
                    out.set(r, j, out.getReal(r, j) + tr * br - ti * bi, out.getImag(r, j) + tr * bi + ti * br);
                }
            }
        }
        return out;
    }

    private static double[] grid(int points) {
        if (points < 2) throw new IllegalArgumentException("points must be >= 2 but is " + points);
        double[] th = new double[points];
        for (int k = 0; k < points; k++) th[k] = Math.PI * k / (points - 1);
        return th;
    }

    private static double[][] toArray(DMatrixRMaj m) {
        double[][] a = new double[m.numRows][m.numCols];
        for (int r = 0; r < m.numRows; r++) for (int c = 0; c < m.numCols; c++) a[r][c] = m.get(r, c);
        return a;
    }

    private static void checkPoint(double zr, double zi) {
        if (!Double.isFinite(zr) || !Double.isFinite(zi))
            throw new IllegalArgumentException("z must be finite but is " + zr + " + " + zi + "i");
    }

    private static void checkLength(int length) {
        if (length < 1) throw new IllegalArgumentException("kernel length L must be >= 1 but is " + length);
    }

    private static void checkInput(double[][] u, int inputs) {
        if (u == null) throw new IllegalArgumentException("input u is null");
        for (int k = 0; k < u.length; k++) {
            if (u[k] == null || u[k].length != inputs)
                throw new IllegalArgumentException("input u[" + k + "] must have length H = " + inputs + " but has "
                        + (u[k] == null ? "null" : String.valueOf(u[k].length)));
            for (int j = 0; j < inputs; j++)
                if (!Double.isFinite(u[k][j])) throw new IllegalArgumentException("input u[" + k + "][" + j + "] is not finite (" + u[k][j] + ")");
        }
    }
}
