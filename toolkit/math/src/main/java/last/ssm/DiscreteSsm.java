package last.ssm;

import org.ejml.data.ZMatrixRMaj;

/**
 * A discrete-time diagonal SSM, the paper's "System Sigma" (Sec. 2, poster):
 * <pre>
 *   x[k+1] = Lambda_bar x[k] + B_bar u[k],   y[k] = C x[k] + D u[k]
 * </pre>
 * S5/S4D's recurrence convention is {@code x_k = Lambda_bar x_(k-1) + B_bar u_k}, {@code y_k = C x_k + D u_k}
 * (no delay; docs/conventions.md Sec. 1.5). With {@code conjSym} the real output is {@code 2 Re(C x) + D u}.
 * This is the object every importance score of the paper reads: |lambda_bar_i|, the row B_bar_i and the column C_i.
 *
 * @param lambdaBarRe Re(lambda_bar_i), length N
 * @param lambdaBarIm Im(lambda_bar_i), length N
 * @param bBar        B_bar, N x H
 * @param c           C (= C~, not discretized), H_out x N
 * @param c2          second output matrix of a bidirectional layer, or null
 * @param d           D, length H_out or 0
 * @param conjSym     whether each state stands for a conjugate pair
 */
public record DiscreteSsm(double[] lambdaBarRe, double[] lambdaBarIm, ZMatrixRMaj bBar, ZMatrixRMaj c,
                          ZMatrixRMaj c2, double[] d, boolean conjSym) {

    public DiscreteSsm {
        Checks.finite("lambdaBarRe", lambdaBarRe);
        Checks.finite("lambdaBarIm", lambdaBarIm);
        int n = lambdaBarRe.length;
        if (n == 0) throw new IllegalArgumentException("a diagonal SSM needs at least one state (N = 0)");
        Checks.length("lambdaBarIm", lambdaBarIm, n);
        Checks.finite("bBar", bBar);
        Checks.finite("c", c);
        if (bBar.numRows != n) throw new IllegalArgumentException("bBar must have N = " + n + " rows but has " + bBar.numRows);
        if (c.numCols != n) throw new IllegalArgumentException("c must have N = " + n + " columns but has " + c.numCols);
        if (c2 != null) {
            Checks.finite("c2", c2);
            Checks.shape("c2", c2, c.numRows, n);
        }
        if (d == null) d = new double[0];
        Checks.finite("d", d);
        if (d.length != 0 && d.length != c.numRows)
            throw new IllegalArgumentException("d must have length " + c.numRows + " but has " + d.length);
        lambdaBarRe = lambdaBarRe.clone();
        lambdaBarIm = lambdaBarIm.clone();
        bBar = bBar.copy();
        c = c.copy();
        c2 = c2 == null ? null : c2.copy();
        d = d.clone();
    }

    public int stateCount() { return lambdaBarRe.length; }
    public int inputs() { return bBar.numCols; }
    public int outputs() { return c.numRows; }
    public boolean bidirectional() { return c2 != null; }
    public int realStateDimension() { return conjSym ? 2 * stateCount() : stateCount(); }

    /** |lambda_bar_i|, the pole radius of state i. */
    public double poleRadius(int i) { return Math.hypot(lambdaBarRe[i], lambdaBarIm[i]); }

    /** ||B_bar_i||_2, the complex 2-norm of row i of B_bar (the state's input vector). */
    public double bNorm(int i) {
        double[] v = new double[2 * bBar.numCols];
        for (int j = 0; j < bBar.numCols; j++) {
            v[2 * j] = bBar.getReal(i, j);
            v[2 * j + 1] = bBar.getImag(i, j);
        }
        return norm2(v);
    }

    /** ||C_i||_2, the complex 2-norm of column i of C (the state's output vector). */
    public double cNorm(int i) { return colNorm(c, i); }

    /** ||C2_i||_2 for a bidirectional layer; 0 otherwise. */
    public double c2Norm(int i) { return c2 == null ? 0 : colNorm(c2, i); }

    private static double colNorm(ZMatrixRMaj m, int i) {
        double[] v = new double[2 * m.numRows];
        for (int r = 0; r < m.numRows; r++) {
            v[2 * r] = m.getReal(r, i);
            v[2 * r + 1] = m.getImag(r, i);
        }
        return norm2(v);
    }

    /**
     * The Euclidean norm of {@code v} without overflow or underflow, like {@link Math#hypot}: a plain sum of squares
     * overflows to +Inf for entries above about 1e154 (a B row of 1e200 gave an infinite norm, and then 0 * Inf = NaN
     * scores), and flushes entries below 1e-154 to 0. When the largest entry is in a safe range the plain sum is used,
     * bit-identical to the naive formula; otherwise every entry is divided by the largest absolute value first.
     */
    public static double norm2(double[] v) {
        double max = 0;
        for (double x : v) max = Math.max(max, Math.abs(x));
        if (max == 0 || !Double.isFinite(max)) return max;
        double s = 0;
        if (max > 1e-100 && max < 1e100) {
            for (double x : v) s += x * x;
            return Math.sqrt(s);
        }
        for (double x : v) {
            double y = x / max;
            s += y * y;
        }
        return max * Math.sqrt(s);
    }

    /** The channel of each state of a multi-SISO layer, -1 for MIMO states (see {@link DiagonalSsm#channelOfState()}). */
    public int[] channelOfState() { return Structure.channelOfState(bBar, c, c2); }

    /** Physical pruning: the subsystem of the states {@code keep}, in that order. */
    public DiscreteSsm keep(int... keep) {
        Structure.checkIndices(keep, stateCount());
        return new DiscreteSsm(Structure.pick(lambdaBarRe, keep), Structure.pick(lambdaBarIm, keep),
                Structure.rows(bBar, keep), Structure.cols(c, keep), c2 == null ? null : Structure.cols(c2, keep),
                d, conjSym);
    }

    /**
     * Masking as in the LAST code (docs/conventions.md Sec. 2.4): states with {@code mask[i] == false} get
     * lambda_bar_i = 0, B_bar_i = 0 and C_i = 0 (both C and C2). Input-output identical to {@link #keep}.
     */
    public DiscreteSsm masked(boolean[] mask) {
        if (mask.length != stateCount())
            throw new IllegalArgumentException("mask must have length N = " + stateCount() + " but has " + mask.length);
        double[] lr = lambdaBarRe.clone(), li = lambdaBarIm.clone();
        ZMatrixRMaj b = bBar.copy(), cc = c.copy(), cc2 = c2 == null ? null : c2.copy();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) continue;
            lr[i] = 0;
            li[i] = 0;
            for (int j = 0; j < b.numCols; j++) b.set(i, j, 0, 0);
            for (int r = 0; r < cc.numRows; r++) {
                cc.set(r, i, 0, 0);
                if (cc2 != null) cc2.set(r, i, 0, 0);
            }
        }
        return new DiscreteSsm(lr, li, b, cc, cc2, d, conjSym);
    }
}
