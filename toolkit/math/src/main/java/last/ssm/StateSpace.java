package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A general dense, real, linear time-invariant system in the standard (python-control) form
 * <pre>
 *   continuous:  x'(t)  = A x(t) + B u(t),   y(t) = C x(t) + D u(t)
 *   discrete:    x[k+1] = A x[k] + B u[k],   y[k] = C x[k] + D u[k]      (one-step delay)
 * </pre>
 * with A (n x n), B (n x m), C (p x n), D (p x m). This is the object of the system norms in {@code last.norm}
 * (paper Sec. 2.2: ||G||_inf = sup_theta ||G(e^{j theta})||_2) and the "second way" against which the diagonal
 * closed forms are tested.
 *
 * <p>Conversions from the diagonal models: {@link #of(DiagonalSsm)} (continuous), {@link #fromSigma(DiscreteSsm)}
 * (the paper's System Sigma read literally) and {@link #fromScan(DiscreteSsm)} (the input-output map of the S5/S4D
 * scan {@code x_k = Lambda_bar x_(k-1) + B_bar u_k, y_k = C x_k + D u_k}, which has no delay).
 *
 * @param a        A, n x n
 * @param b        B, n x m
 * @param c        C, p x n
 * @param d        D, p x m (a null D means zeros)
 * @param discrete whether the system is discrete-time
 */
public record StateSpace(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, DMatrixRMaj d, boolean discrete) {

    public StateSpace {
        if (a == null || b == null || c == null) throw new IllegalArgumentException("a, b and c must not be null");
        if (a.numRows == 0) throw new IllegalArgumentException("a state space system needs at least one state (a is 0x0)");
        if (a.numRows != a.numCols) throw new IllegalArgumentException("a must be square but is " + a.numRows + "x" + a.numCols);
        int n = a.numRows;
        if (b.numRows != n) throw new IllegalArgumentException("b must have n = " + n + " rows but has " + b.numRows);
        if (b.numCols == 0) throw new IllegalArgumentException("b must have at least one column (input); b is " + n + "x0");
        if (c.numCols != n) throw new IllegalArgumentException("c must have n = " + n + " columns but has " + c.numCols);
        if (c.numRows == 0) throw new IllegalArgumentException("c must have at least one row (output); c is 0x" + n);
        if (d == null) d = new DMatrixRMaj(c.numRows, b.numCols);
        Checks.shape("d", d, c.numRows, b.numCols);
        Checks.finite("a", a);
        Checks.finite("b", b);
        Checks.finite("c", c);
        Checks.finite("d", d);
        a = a.copy();
        b = b.copy();
        c = c.copy();
        d = d.copy();
    }

    /** n, the state dimension. */
    public int states() { return a.numRows; }

    /** m, the number of inputs. */
    public int inputs() { return b.numCols; }

    /** p, the number of outputs. */
    public int outputs() { return c.numRows; }

    /**
     * The continuous-time dense real realisation of a unidirectional diagonal SSM (the steps Delta_i are ignored).
     * See {@link #fromSigma(DiscreteSsm)} for how complex states become real ones.
     */
    public static StateSpace of(DiagonalSsm s) {
        Real r = realise(s.lambdaRe(), s.lambdaIm(), s.bTilde(), s.cTilde(), s.cTilde2(), s.d(), s.conjSym());
        return new StateSpace(r.a, r.b, r.c, r.d, false);
    }

    /**
     * The paper's System Sigma read literally, {@code x[k+1] = Lambda_bar x[k] + B_bar u[k], y[k] = C x[k] + D u[k]},
     * as a real dense system. Each stored complex state i with {@code lambda_bar = lr + i li}, row {@code b} of B_bar
     * and column {@code c} of C becomes the real pair {@code (Re x_i, Im x_i)} with
     * <pre>
     *   A_i = [[lr, -li], [li, lr]],   B_i = [Re b; Im b],   C_i = g [Re c, -Im c]
     * </pre>
     * where g = 2 with conjugate symmetry (output 2 Re(C x) + D u) and g = 1 otherwise (output Re(C x) + D u):
     * Re(c x) = Re c Re x - Im c Im x, so the real system has exactly the stated output. Without conjugate symmetry
     * a state whose lambda_bar_i and B_bar row are real is kept as a single real state. D becomes diag(d).
     * A bidirectional layer is non-causal and has no such realisation: IllegalArgumentException.
     */
    public static StateSpace fromSigma(DiscreteSsm s) {
        Real r = realise(s.lambdaBarRe(), s.lambdaBarIm(), s.bBar(), s.c(), s.c2(), s.d(), s.conjSym());
        return new StateSpace(r.a, r.b, r.c, r.d, true);
    }

    /**
     * The input-output map of the S5/S4D scan (docs/conventions.md Sec. 1.5), {@code x_k = Lambda_bar x_(k-1) + B_bar u_k},
     * {@code y_k = C x_k + D u_k} with x_(-1) = 0, written in standard form: with w_k = x_(k-1),
     * <pre>
     *   w[k+1] = A w[k] + B u[k],   y[k] = (C A) w[k] + (C B + D) u[k]
     * </pre>
     * where (A, B, C, D) is {@link #fromSigma}'s realisation. Impulse response: K[0] = 2 Re(C B_bar) + D,
     * K[l] = 2 Re(C Lambda_bar^l B_bar) (conj-sym), the kernel of docs/conventions.md Sec. 3.2.
     */
    public static StateSpace fromScan(DiscreteSsm s) {
        StateSpace sig = fromSigma(s);
        DMatrixRMaj ca = new DMatrixRMaj(sig.outputs(), sig.states());
        CommonOps_DDRM.mult(sig.c, sig.a, ca);
        DMatrixRMaj cbd = sig.d.copy();
        CommonOps_DDRM.multAdd(sig.c, sig.b, cbd);
        return new StateSpace(sig.a, sig.b, ca, cbd, true);
    }

    /**
     * Zero-order hold with sample time {@code dt} of a continuous system:
     * {@code [[A_bar, B_bar], [0, I]] = exp([[A, B], [0, 0]] dt)}; C and D are unchanged.
     * Per state this is the diagonal rule lambda_bar = exp(lambda Delta), B_bar = (lambda_bar - 1)/lambda B~.
     */
    public StateSpace zoh(double dt) {
        requireContinuous("zoh");
        checkStep(dt);
        int n = states(), m = inputs();
        DMatrixRMaj aug = new DMatrixRMaj(n + m, n + m);
        CommonOps_DDRM.insert(a, aug, 0, 0);
        CommonOps_DDRM.insert(b, aug, 0, n);
        CommonOps_DDRM.scale(dt, aug);
        DMatrixRMaj e = MatrixExponential.expm(aug);
        DMatrixRMaj ad = CommonOps_DDRM.extract(e, 0, n, 0, n);
        DMatrixRMaj bd = CommonOps_DDRM.extract(e, 0, n, n, n + m);
        return new StateSpace(ad, bd, c, d, true);
    }

    /**
     * Bilinear discretisation with the S5 convention (docs/conventions.md Sec. 1.4), in matrix form:
     * {@code A_bar = (I - dt/2 A)^-1 (I + dt/2 A)}, {@code B_bar = (I - dt/2 A)^-1 dt B}; C and D unchanged.
     */
    public StateSpace bilinear(double dt) {
        requireContinuous("bilinear");
        checkStep(dt);
        int n = states();
        DMatrixRMaj minus = CommonOps_DDRM.identity(n), plus = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.addEquals(minus, -dt / 2, a);
        CommonOps_DDRM.addEquals(plus, dt / 2, a);
        DMatrixRMaj ad = new DMatrixRMaj(n, n), bd = new DMatrixRMaj(n, inputs()), bdt = b.copy();
        CommonOps_DDRM.scale(dt, bdt);
        if (!CommonOps_DDRM.solve(minus, plus, ad) || !CommonOps_DDRM.solve(minus, bdt, bd))
            throw new IllegalArgumentException("bilinear discretisation is singular: I - dt/2 A is not invertible (dt = " + dt + ")");
        return new StateSpace(ad, bd, c, d, true);
    }

    private void requireContinuous(String what) {
        if (discrete) throw new IllegalArgumentException(what + " needs a continuous-time system but this one is discrete");
    }

    private static void checkStep(double dt) {
        if (!(dt > 0) || !Double.isFinite(dt))
            throw new IllegalArgumentException("step dt must be finite and > 0 but is " + dt);
    }

    private record Real(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, DMatrixRMaj d) {}

    private static Real realise(double[] lr, double[] li, ZMatrixRMaj bz, ZMatrixRMaj cz, ZMatrixRMaj c2,
                                double[] dd, boolean conjSym) {
        if (c2 != null)
            throw new IllegalArgumentException("a bidirectional layer (c2 != null) is non-causal and has no dense "
                    + "state space realisation; convert its forward and reverse parts separately");
        int n = lr.length, m = bz.numCols, p = cz.numRows;
        boolean[] pair = new boolean[n];
        int real = 0;
        for (int i = 0; i < n; i++) {
            boolean isReal = li[i] == 0;
            for (int j = 0; j < m && isReal; j++) isReal = bz.getImag(i, j) == 0;
            pair[i] = conjSym || !isReal;
            real += pair[i] ? 2 : 1;
        }
        double g = conjSym ? 2 : 1;
        DMatrixRMaj a = new DMatrixRMaj(real, real), b = new DMatrixRMaj(real, m), c = new DMatrixRMaj(p, real);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (pair[i]) {
                a.set(k, k, lr[i]);          // A_i = [[lr, -li], [li, lr]]   (2 x 2)
                a.set(k, k + 1, -li[i]);
                a.set(k + 1, k, li[i]);
                a.set(k + 1, k + 1, lr[i]);
                for (int j = 0; j < m; j++) {
                    b.set(k, j, bz.getReal(i, j));
                    b.set(k + 1, j, bz.getImag(i, j));
                }
                for (int r = 0; r < p; r++) {
                    c.set(r, k, g * cz.getReal(r, i));
                    c.set(r, k + 1, -g * cz.getImag(r, i));
                }
                k += 2;
            } else {
                a.set(k, k, lr[i]);
                for (int j = 0; j < m; j++) b.set(k, j, bz.getReal(i, j));
                for (int r = 0; r < p; r++) c.set(r, k, cz.getReal(r, i));
                k += 1;
            }
        }
        DMatrixRMaj d = new DMatrixRMaj(p, m);
        for (int h = 0; h < dd.length; h++) d.set(h, h, dd[h]);
        return new Real(a, b, c, d);
    }
}
