package last.norm;

import last.ssm.DiagonalSsm;
import last.ssm.DiscreteSsm;
import last.ssm.Resolvent;
import last.ssm.StateSpace;
import last.stability.Poles;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H-infinity norms (paper Sec. 2.2): {@code ||G||_inf = sup_(theta in [0, 2 pi]) sigma_max(G(e^{j theta}))}.
 *
 * <p>Per state (the complex rank-one subsystem {@code G_i(z) = C_i B_bar_i / (z - lambda_bar_i)}, C_i = column i of
 * C, B_bar_i = row i of B_bar):
 * <pre>
 *   ||G_i||_inf = ||C_i||_2 ||B_bar_i||_2 / (1 - |lambda_bar_i|)     (attained at theta = arg lambda_bar_i)
 *   H-inf score = ||G_i||_inf^2 = ||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|)^2
 * </pre>
 * The released LAST code adds epsilon = 1e-8 to the squared denominator (docs/conventions.md Sec. 2.1); that variant is
 * {@link #perStateScore(DiscreteSsm, int, double)}. Only the forward output matrix C is used; for a bidirectional
 * layer combine with {@link DiscreteSsm#c2Norm(int)} as the chosen score variant prescribes.
 *
 * <p>Whole dense systems: {@link #of(StateSpace, double)}, the Boyd-Balakrishnan / Bruinsma-Steinbuch level-set
 * iteration on the Hamiltonian of the bilinear-transformed (continuous-time) system, and {@link #sweep}, a brute-force
 * grid for checking it.
 */
public final class HInfinity {
    private HInfinity() {}

    /** The epsilon the released LAST code adds to (1 - |lambda_bar|)^2. */
    public static final double REFERENCE_EPSILON = 1e-8;

    /** {@code ||C_i|| ||B_bar_i|| / (1 - |lambda_bar_i|)}; IllegalArgumentException if |lambda_bar_i| >= 1. */
    public static double perState(DiscreteSsm s, int i) {
        double r = checkedRadius(s, i);
        double c = s.cNorm(i), b = s.bNorm(i);   // overflow-safe norms (DiscreteSsm#norm2): finite for rows of 1e200
        if (c == 0 || b == 0) return 0;          // a state that is unreachable or unobservable has zero gain
        return c * b / (1 - r);
    }

    /** The H-inf score {@code ||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|)^2} (exact, epsilon-free). */
    public static double perStateScore(DiscreteSsm s, int i) {
        double g = perState(s, i);
        return g * g;
    }

    /** The reference-code score {@code ||C_i||^2 ||B_bar_i||^2 / ((1 - |lambda_bar_i|)^2 + epsilon)}. */
    public static double perStateScore(DiscreteSsm s, int i, double epsilon) {
        if (!(epsilon >= 0) || !Double.isFinite(epsilon))
            throw new IllegalArgumentException("epsilon must be finite and >= 0 but is " + epsilon);
        double r = checkedRadius(s, i);
        double c = s.cNorm(i);
        return rankOneScore(c * c, s.bNorm(i), r, epsilon);
    }

    /**
     * The one place the paper's per-state H-inf score is computed (Sec. 2.2, Fig. 1; the scores of
     * {@code last.score.Scores} call it): {@code cWeight ||B_bar_i||^2 / ((1 - |lambda_bar_i|)^2 + epsilon)}, where
     * {@code cWeight} is ||C_i||^2 (or a bidirectional layer's combination of its two output taps) and
     * {@code radius} = |lambda_bar_i| < 1. A zero factor gives 0 (not 0 x Inf = NaN when the other one overflowed).
     */
    public static double rankOneScore(double cWeight, double bNorm, double radius, double epsilon) {
        if (bNorm == 0 || cWeight == 0) return 0;
        double gap = 1 - radius;
        return cWeight * bNorm * bNorm / (gap * gap + epsilon);
    }

    /**
     * Per-state norm of the ZOH discretisation of a continuous diagonal SSM, computed without cancellation:
     * {@code |lambda_bar_i| = exp(Re lambda_i Delta_i)}, so {@code 1 - |lambda_bar_i| = -expm1(Re lambda_i Delta_i)},
     * and {@code ||B_bar_i|| = |exp(lambda_i Delta_i) - 1| / |lambda_i| ||B~_i||}.
     */
    public static double perState(DiagonalSsm s, int i) {
        checkIndex(i, s.stateCount());
        double re = s.lambdaRe()[i], im = s.lambdaIm()[i], dt = s.step()[i];
        double a = re * dt, b = im * dt;
        if (!(a < 0))
            throw new IllegalArgumentException("state " + i + " is not stable: Re(lambda_" + i + ") Delta_" + i + " = " + a
                    + " >= 0, so |lambda_bar_" + i + "| = " + Math.exp(a) + " >= 1");
        double denom = -Math.expm1(a);
        double sb = Math.sin(b / 2);
        double nr = Math.expm1(a) * Math.cos(b) - 2 * sb * sb, ni = Math.exp(a) * Math.sin(b);   // lambda_bar - 1
        double mod = Math.hypot(re, im);
        double factor = mod == 0 ? dt : Math.hypot(nr, ni) / mod;
        // scaled norms (DiscreteSsm#norm2): a plain sum of squares overflows for entries above about 1e154
        double[] bv = new double[2 * s.inputs()], cv = new double[2 * s.outputs()];
        for (int j = 0; j < s.inputs(); j++) { bv[2 * j] = s.bTilde().getReal(i, j); bv[2 * j + 1] = s.bTilde().getImag(i, j); }
        for (int r = 0; r < s.outputs(); r++) { cv[2 * r] = s.cTilde().getReal(r, i); cv[2 * r + 1] = s.cTilde().getImag(r, i); }
        double bn = DiscreteSsm.norm2(bv), cn = DiscreteSsm.norm2(cv);
        if (bn == 0 || cn == 0) return 0;
        return cn * factor * bn / denom;
    }

    /** The peak of the gain: the norm and a frequency theta in [0, pi] where it is (approximately) attained. */
    public record Peak(double norm, double theta) {}

    /** H-inf norm of a stable discrete dense system to relative tolerance {@code tol}; see {@link #peak}. */
    public static double of(StateSpace s, double tol) { return peak(s, tol).norm(); }

    /**
     * Level-set iteration (Boyd and Balakrishnan 1990; Bruinsma and Steinbuch 1990). The discrete system is mapped to
     * continuous time by {@code z = (1 + s)/(1 - s)}, which preserves the gain on the boundary
     * ({@code theta = 2 atan(omega)}):
     * <pre>
     *   Ac = (A + I)^-1 (A - I),  Bc = sqrt2 (A + I)^-1 B,  Cc = sqrt2 C (A + I)^-1,  Dc = D - C (A + I)^-1 B
     * </pre>
     * For gamma > sigma_max(Dc) and R = gamma^2 I - Dc^T Dc, gamma is below ||G||_inf iff the Hamiltonian
     * <pre>
     *   H(gamma) = [[Ac + Bc R^-1 Dc^T Cc,          Bc R^-1 Bc^T          ],
     *               [-Cc^T (I + Dc R^-1 Dc^T) Cc,  -(Ac + Bc R^-1 Dc^T Cc)^T]]
     * </pre>
     * has imaginary eigenvalues j omega (frequencies where a singular value equals gamma). Starting from a lower bound
     * (gains at theta = 0, pi and at the pole angles), each step sets gamma = (1 + 2 tol) gamma_lb and raises gamma_lb to
     * the largest gain at the crossing frequencies and their midpoints; when no crossing remains the result
     * (1 + tol) gamma_lb is within relative tol of the norm. Convergence is quadratic.
     *
     * @param tol relative tolerance, in [1e-14, 0.1]
     */
    public static Peak peak(StateSpace s, double tol) {
        if (!(tol >= 1e-14 && tol <= 0.1)) throw new IllegalArgumentException("tol must be in [1e-14, 0.1] but is " + tol);
        Gramians.requireStableDiscrete(s, "the H-infinity norm");
        int n = s.states(), m = s.inputs(), p = s.outputs();
        Resolvent res = Resolvent.of(s);
        // lower bound
        double best = -1, bestTheta = 0;
        List<Double> start = new ArrayList<>(List.of(0.0, Math.PI));
        for (Complex_F64 z : Poles.of(s)) start.add(Math.abs(Math.atan2(z.imaginary, z.real)));
        for (double th : start) {
            double g = res.gainOnCircle(th);
            if (g > best) { best = g; bestTheta = th; }
        }
        if (best == 0) return new Peak(0, 0);
        // tighten the lower bound before the first (expensive, O((2n)^3)) Hamiltonian eigen-solve: a coarse grid and
        // golden-section refinement of its best local maxima; when the bound is within tol of the norm, one
        // eigen-solve certifies it (no crossing at (1 + 2 tol) gamma_lb)
        Peak coarse = refinedGridPeak(res, Math.max(64, 4 * n), 3);
        if (coarse.norm() > best) { best = coarse.norm(); bestTheta = coarse.theta(); }
        // bilinear map to continuous time
        DMatrixRMaj api = s.a().copy();
        for (int k = 0; k < n; k++) api.add(k, k, 1);
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.invert(api, inv)) throw new IllegalArgumentException("A + I is singular (pole at z = -1)");
        DMatrixRMaj ami = s.a().copy();
        for (int k = 0; k < n; k++) ami.add(k, k, -1);
        DMatrixRMaj ac = new DMatrixRMaj(n, n), bc = new DMatrixRMaj(n, m), cc = new DMatrixRMaj(p, n), dc = s.d().copy();
        CommonOps_DDRM.mult(inv, ami, ac);
        CommonOps_DDRM.mult(Math.sqrt(2), inv, s.b(), bc);
        CommonOps_DDRM.mult(Math.sqrt(2), s.c(), inv, cc);
        DMatrixRMaj cinv = new DMatrixRMaj(p, n);
        CommonOps_DDRM.mult(s.c(), inv, cinv);
        CommonOps_DDRM.multAdd(-1, cinv, s.b(), dc);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2 * n, false);
        for (int iter = 0; iter < 100; iter++) {
            double gamma = (1 + 2 * tol) * best;
            DMatrixRMaj h = hamiltonian(ac, bc, cc, dc, gamma);
            double thr = 1e-7 * Math.max(1, NormOps_DDRM.normF(h));
            if (!eig.decompose(h)) throw new IllegalStateException("Hamiltonian eigenvalues failed at gamma = " + gamma);
            List<Double> omegas = new ArrayList<>();
            for (int k = 0; k < 2 * n; k++) {
                var ev = eig.getEigenvalue(k);
                if (Math.abs(ev.real) <= thr && ev.imaginary >= 0) omegas.add(ev.imaginary);
            }
            if (omegas.isEmpty()) return new Peak((1 + tol) * best, bestTheta);
            double[] om = omegas.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double before = best;
            List<Double> cands = new ArrayList<>();
            for (int k = 0; k < om.length; k++) {
                cands.add(om[k]);
                if (k + 1 < om.length) cands.add((om[k] + om[k + 1]) / 2);
            }
            for (double w : cands) {
                double th = 2 * Math.atan(w);
                double g = res.gainOnCircle(th);
                if (g > best) { best = g; bestTheta = th; }
            }
            if (!(best > before)) return new Peak((1 + tol) * best, bestTheta); // only spurious crossings were left
        }
        throw new IllegalStateException("H-infinity iteration did not converge in 100 steps (gamma_lb = " + best + ")");
    }

    private static DMatrixRMaj hamiltonian(DMatrixRMaj ac, DMatrixRMaj bc, DMatrixRMaj cc, DMatrixRMaj dc, double gamma) {
        int n = ac.numRows, m = bc.numCols, p = cc.numRows;
        DMatrixRMaj r = CommonOps_DDRM.identity(m);
        CommonOps_DDRM.scale(gamma * gamma, r);
        CommonOps_DDRM.multAddTransA(-1, dc, dc, r);              // R = gamma^2 I - Dc^T Dc
        DMatrixRMaj rinv = new DMatrixRMaj(m, m);
        if (!CommonOps_DDRM.invert(r, rinv)) throw new IllegalStateException("gamma^2 I - D^T D is singular at gamma = " + gamma);
        DMatrixRMaj brinv = new DMatrixRMaj(n, m), t = new DMatrixRMaj(n, p);
        CommonOps_DDRM.mult(bc, rinv, brinv);
        CommonOps_DDRM.multTransB(brinv, dc, t);                   // Bc R^-1 Dc^T
        DMatrixRMaj ah = ac.copy();
        CommonOps_DDRM.multAdd(t, cc, ah);                          // Ah = Ac + Bc R^-1 Dc^T Cc
        DMatrixRMaj h12 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(brinv, bc, h12);                  // Bc R^-1 Bc^T
        DMatrixRMaj dr = new DMatrixRMaj(p, m), mid = CommonOps_DDRM.identity(p);
        CommonOps_DDRM.mult(dc, rinv, dr);
        CommonOps_DDRM.multAddTransB(dr, dc, mid);                  // I + Dc R^-1 Dc^T
        DMatrixRMaj mc = new DMatrixRMaj(p, n), h21 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(mid, cc, mc);
        CommonOps_DDRM.multTransA(-1, cc, mc, h21);                 // -Cc^T (I + Dc R^-1 Dc^T) Cc
        DMatrixRMaj h = new DMatrixRMaj(2 * n, 2 * n);
        CommonOps_DDRM.insert(ah, h, 0, 0);
        CommonOps_DDRM.insert(h12, h, 0, n);
        CommonOps_DDRM.insert(h21, h, n, 0);
        for (int rr = 0; rr < n; rr++)
            for (int c = 0; c < n; c++) h.set(n + rr, n + c, -ah.get(c, rr));
        return h;
    }

    /** Brute-force {@code max_k sigma_max(G(e^{j theta_k}))} on {@code points} equally spaced theta_k in [0, pi]. */
    public static double sweep(StateSpace s, int points) {
        return sweepPeak(s, points).norm();
    }

    /** The grid maximum and where it is. */
    public static Peak sweepPeak(StateSpace s, int points) {
        if (points < 2) throw new IllegalArgumentException("points must be >= 2 but is " + points);
        Gramians.requireStableDiscrete(s, "the H-infinity norm");
        Resolvent res = Resolvent.of(s);
        double best = -1, th = 0;
        for (int k = 0; k < points; k++) {
            double t = Math.PI * k / (points - 1), g = res.gainOnCircle(t);
            if (g > best) { best = g; th = t; }
        }
        return new Peak(best, th);
    }

    /**
     * A grid sweep whose {@code refine} best local maxima are refined by golden-section search on the neighbouring
     * grid interval (for tests: a second, independent estimate of ||G||_inf; a lower bound that is tight when the
     * grid resolves the peaks).
     */
    public static double sweepRefined(StateSpace s, int points, int refine) {
        if (points < 3) throw new IllegalArgumentException("points must be >= 3 but is " + points);
        Gramians.requireStableDiscrete(s, "the H-infinity norm");
        return refinedGridPeak(Resolvent.of(s), points, refine).norm();
    }

    /** Grid of {@code points} angles in [0, pi], then golden-section refinement around its {@code refine} best local maxima. */
    private static Peak refinedGridPeak(Resolvent res, int points, int refine) {
        double[] g = new double[points];
        double h = Math.PI / (points - 1);
        for (int k = 0; k < points; k++) g[k] = res.gainOnCircle(k * h);
        List<Integer> maxima = new ArrayList<>();
        for (int k = 0; k < points; k++)
            if ((k == 0 || g[k] >= g[k - 1]) && (k == points - 1 || g[k] >= g[k + 1])) maxima.add(k);
        maxima.sort((x, y) -> Double.compare(g[y], g[x]));
        double best = -1, theta = 0;
        for (int k = 0; k < points; k++) if (g[k] > best) { best = g[k]; theta = k * h; }
        for (int q = 0; q < Math.min(refine, maxima.size()); q++) {
            int k = maxima.get(q);
            Peak p = goldenPeak(res, Math.max(0, (k - 1) * h), Math.min(Math.PI, (k + 1) * h));
            if (p.norm() > best) { best = p.norm(); theta = p.theta(); }
        }
        return new Peak(best, theta);
    }

    private static Peak goldenPeak(Resolvent res, double lo, double hi) {
        final double r = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo);
        double f1 = res.gainOnCircle(x1), f2 = res.gainOnCircle(x2);
        double best = Math.max(f1, f2), arg = f1 >= f2 ? x1 : x2;
        for (int it = 0; it < 80 && hi - lo > 1e-15; it++) {
            if (f1 < f2) { lo = x1; x1 = x2; f1 = f2; x2 = lo + r * (hi - lo); f2 = res.gainOnCircle(x2); }
            else { hi = x2; x2 = x1; f2 = f1; x1 = hi - r * (hi - lo); f1 = res.gainOnCircle(x1); }
            if (f1 > best) { best = f1; arg = x1; }
            if (f2 > best) { best = f2; arg = x2; }
        }
        return new Peak(best, arg);
    }

    /** |lambda_bar_i| after checking the index and that the state is stable. */
    static double checkedRadius(DiscreteSsm s, int i) {
        checkIndex(i, s.stateCount());
        double r = s.poleRadius(i);
        if (!(r < 1))
            throw new IllegalArgumentException("state " + i + " is not stable: |lambda_bar_" + i + "| = " + r + " >= 1");
        return r;
    }

    private static void checkIndex(int i, int n) {
        if (i < 0 || i >= n) throw new IllegalArgumentException("state index i = " + i + " out of range [0, " + n + ")");
    }

}
