package last.ssm;

import org.ejml.data.ZMatrixRMaj;

/**
 * A continuous-time diagonal state space model (one layer of S4D or S5), paper Sec. 2:
 * <pre>
 *   x'(t) = Lambda x(t) + B~ u(t),   y(t) = C~ x(t) + D (.) u(t)
 * </pre>
 * with {@code Lambda = diag(lambda_1..lambda_N)} complex, {@code B~} (N x H) complex, {@code C~} (H x N) complex,
 * feed-through {@code D} (H) real and diagonal, and one timescale {@code Delta_i > 0} per state ({@code step}).
 *
 * <p>With {@code conjSym} (S5's {@code conj_sym=True}, S4D's storage) each stored state stands for a conjugate pair
 * and the real output is {@code y = 2 Re(C~ x) + D u}; otherwise {@code y = Re(C~ x) + D u}.
 * A bidirectional layer has a second output matrix {@code C~2} applied to the reverse-time scan
 * ({@code cTilde2 != null}).
 *
 * <p>Multi-SISO (S4D) layers are represented in the same form, as a block-diagonal MIMO system: each (channel h,
 * mode n) pair is one state whose row of {@code B~} is non-zero only in column h and whose column of {@code C~} is
 * non-zero only in row h (docs/conventions.md Sec. 3.4). See {@link #channelOfState()}.
 *
 * <p>Values are immutable by contract: the constructor copies its arguments; accessors return the internal arrays,
 * which callers must not modify.
 *
 * @param lambdaRe Re(lambda_i), length N
 * @param lambdaIm Im(lambda_i), length N
 * @param bTilde   B~, N x H
 * @param cTilde   C~, H_out x N
 * @param cTilde2  C~2 for the reverse scan of a bidirectional layer (H_out x N), or null
 * @param d        D, length H_out (diagonal feed-through; H_out == H required when non-empty), may be length 0
 * @param step     Delta_i, length N, every entry > 0
 * @param conjSym  whether each stored state represents a conjugate pair (output 2 Re(.))
 */
public record DiagonalSsm(double[] lambdaRe, double[] lambdaIm, ZMatrixRMaj bTilde, ZMatrixRMaj cTilde,
                          ZMatrixRMaj cTilde2, double[] d, double[] step, boolean conjSym) {

    public DiagonalSsm {
        Checks.finite("lambdaRe", lambdaRe);
        Checks.finite("lambdaIm", lambdaIm);
        int n = lambdaRe.length;
        if (n == 0) throw new IllegalArgumentException("a diagonal SSM needs at least one state (N = 0)");
        Checks.length("lambdaIm", lambdaIm, n);
        Checks.finite("bTilde", bTilde);
        Checks.finite("cTilde", cTilde);
        if (bTilde.numRows != n) throw new IllegalArgumentException("bTilde must have N = " + n + " rows but has " + bTilde.numRows);
        if (cTilde.numCols != n) throw new IllegalArgumentException("cTilde must have N = " + n + " columns but has " + cTilde.numCols);
        if (cTilde2 != null) {
            Checks.finite("cTilde2", cTilde2);
            Checks.shape("cTilde2", cTilde2, cTilde.numRows, n);
        }
        if (d == null) d = new double[0];
        Checks.finite("d", d);
        if (d.length != 0 && (d.length != cTilde.numRows || d.length != bTilde.numCols))
            throw new IllegalArgumentException("d must have length H = " + bTilde.numCols + " (= outputs "
                    + cTilde.numRows + ") but has " + d.length);
        Checks.finite("step", step);
        Checks.length("step", step, n);
        for (int i = 0; i < n; i++)
            if (step[i] <= 0) throw new IllegalArgumentException("step[" + i + "] must be > 0 but is " + step[i]);
        lambdaRe = lambdaRe.clone();
        lambdaIm = lambdaIm.clone();
        bTilde = bTilde.copy();
        cTilde = cTilde.copy();
        cTilde2 = cTilde2 == null ? null : cTilde2.copy();
        d = d.clone();
        step = step.clone();
    }

    /** N, the number of stored (complex) states; each is a conjugate pair when {@link #conjSym()}. */
    public int stateCount() { return lambdaRe.length; }

    /** H, the number of inputs. */
    public int inputs() { return bTilde.numCols; }

    /** The number of outputs (rows of C~). */
    public int outputs() { return cTilde.numRows; }

    /** Whether the layer has a reverse-time scan with its own output matrix C~2. */
    public boolean bidirectional() { return cTilde2 != null; }

    /** The real state dimension: 2N with conjugate symmetry, N otherwise (the paper's "state dimension"). */
    public int realStateDimension() { return conjSym ? 2 * stateCount() : stateCount(); }

    /**
     * For a multi-SISO (block-diagonal) layer, the channel of each state; -1 for a state whose B~ row or C~
     * column touches more than one channel (a MIMO state).
     */
    public int[] channelOfState() { return Structure.channelOfState(bTilde, cTilde, cTilde2); }

    /** The same system with every Delta_i multiplied by {@code factor} (S5's {@code step_rescale}, e.g. 2 for 8 kHz). */
    public DiagonalSsm withStepRescaled(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor))
            throw new IllegalArgumentException("step rescale factor must be finite and > 0 but is " + factor);
        double[] s = step.clone();
        for (int i = 0; i < s.length; i++) s[i] *= factor;
        return new DiagonalSsm(lambdaRe, lambdaIm, bTilde, cTilde, cTilde2, d, s, conjSym);
    }

    /** The subsystem made of the states {@code keep} (in that order): physical state pruning. */
    public DiagonalSsm keep(int... keep) {
        Structure.checkIndices(keep, stateCount());
        return new DiagonalSsm(Structure.pick(lambdaRe, keep), Structure.pick(lambdaIm, keep),
                Structure.rows(bTilde, keep), Structure.cols(cTilde, keep),
                cTilde2 == null ? null : Structure.cols(cTilde2, keep), d, Structure.pick(step, keep), conjSym);
    }

    /** Alias of {@link Discretization#zoh(DiagonalSsm)}: the zero-order-hold discretization used by S5 and S4D. */
    public DiscreteSsm zoh() { return Discretization.zoh(this); }
}
