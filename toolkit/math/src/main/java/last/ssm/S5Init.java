package last.ssm;

import org.ejml.data.ZMatrixRMaj;

import java.util.Random;

/**
 * The S5 layer initialisation (Smith et al. 2023; docs/conventions.md Sec. 1.1-1.3): block-diagonal HiPPO-LegS
 * eigenvalues (J blocks of size bs = P/J), conjugate-symmetric halving (keep the first bs/2 eigenvalues of each block:
 * those with negative imaginary part), {@code B~ = V^-1 B}, {@code C~ = C V}, D ~ N(0, 1) and log-uniform steps.
 *
 * <p>Bit-exact agreement with JAX is impossible (different PRNG, arbitrary eigenvector phases); the distributions and
 * the structure are the same, and the input-output map is invariant to the eigenvector phases.
 */
public final class S5Init {
    private S5Init() {}

    /** S5's {@code --C_init} variants (docs/conventions.md Sec. 1.3). */
    public enum CInit {
        /** Per output row a lecun_normal draw of shape (1, P, 2): sigma = 1/sqrt(P) per part, then C~ = C V. */
        TRUNC_STANDARD_NORMAL,
        /** One lecun_normal draw of shape (H, P, 2): JAX fan_in = P H, sigma = 1/sqrt(P H), then C~ = C V. */
        LECUN_NORMAL,
        /** N(0, 1/2) per real/imaginary part directly on C~ (H x N), not projected by V. */
        COMPLEX_NORMAL
    }

    /**
     * Options with S5's defaults ({@link #defaults()}: P = 256, J = 8, H = 128, conj_sym, C_init
     * trunc_standard_normal, unidirectional, dt in [0.001, 0.1], seed 0).
     *
     * @param p             P = ssm_size_base, the real state dimension before conjugate halving
     * @param blocks        J, the number of HiPPO blocks (bs = P / J)
     * @param h             H, the model width (inputs = outputs)
     * @param conjSym       keep only bs/2 eigenvalues per block (output 2 Re(C x))
     * @param cInit         initialisation of C
     * @param bidirectional whether a second output matrix C~2 for the reverse scan is drawn
     * @param dtMin         lower end of the log-uniform step range
     * @param dtMax         upper end of the log-uniform step range
     * @param seed          seed of the java.util.Random used for every draw
     */
    public record Options(int p, int blocks, int h, boolean conjSym, CInit cInit, boolean bidirectional,
                          double dtMin, double dtMax, long seed) {
        public Options {
            if (p < 1) throw new IllegalArgumentException("p (ssm_size_base) must be >= 1 but is " + p);
            if (blocks < 1 || p % blocks != 0)
                throw new IllegalArgumentException("blocks must divide p = " + p + " but is " + blocks);
            if (conjSym && (p / blocks) % 2 != 0)
                throw new IllegalArgumentException("with conjSym the block size p/blocks must be even but is " + (p / blocks));
            if (h < 1) throw new IllegalArgumentException("h must be >= 1 but is " + h);
            if (cInit == null) throw new IllegalArgumentException("cInit is null");
            if (!(dtMin > 0) || !(dtMax >= dtMin) || !Double.isFinite(dtMax))
                throw new IllegalArgumentException("need 0 < dtMin <= dtMax < inf but dtMin = " + dtMin + ", dtMax = " + dtMax);
        }

        public static Options defaults() {
            return new Options(256, 8, 128, true, CInit.TRUNC_STANDARD_NORMAL, false, 0.001, 0.1, 0);
        }

        public Options withP(int v) { return new Options(v, blocks, h, conjSym, cInit, bidirectional, dtMin, dtMax, seed); }
        public Options withBlocks(int v) { return new Options(p, v, h, conjSym, cInit, bidirectional, dtMin, dtMax, seed); }
        public Options withH(int v) { return new Options(p, blocks, v, conjSym, cInit, bidirectional, dtMin, dtMax, seed); }
        public Options withConjSym(boolean v) { return new Options(p, blocks, h, v, cInit, bidirectional, dtMin, dtMax, seed); }
        public Options withCInit(CInit v) { return new Options(p, blocks, h, conjSym, v, bidirectional, dtMin, dtMax, seed); }
        public Options withBidirectional(boolean v) { return new Options(p, blocks, h, conjSym, cInit, v, dtMin, dtMax, seed); }
        public Options withDt(double min, double max) { return new Options(p, blocks, h, conjSym, cInit, bidirectional, min, max, seed); }
        public Options withSeed(long v) { return new Options(p, blocks, h, conjSym, cInit, bidirectional, dtMin, dtMax, v); }
    }

    /** JAX's truncated-normal correction: the std of a standard normal truncated to [-2, 2]. */
    static final double TRUNC_STD = 0.87962566103423978;

    /** Draws the S5 initial layer described by {@code o}; N = P/2 states with conjSym, P otherwise. */
    public static DiagonalSsm init(Options o) {
        Random rnd = new Random(o.seed());
        int p = o.p(), bs = p / o.blocks(), bsKeep = o.conjSym() ? bs / 2 : bs, n = bsKeep * o.blocks(), h = o.h();
        Hippo.Diagonalisation hip = Hippo.diagonalise(bs);
        ZMatrixRMaj vb = hip.v();                                    // (bs, bs); first bsKeep columns kept
        double[] lre = new double[n], lim = new double[n];           // (N,)
        for (int j = 0; j < o.blocks(); j++)
            for (int q = 0; q < bsKeep; q++) {
                lre[j * bsKeep + q] = hip.lambdaRe()[q];
                lim[j * bsKeep + q] = hip.lambdaIm()[q];
            }
        // B~ = Vinv B_real, B_real (P, H) lecun_normal with fan_in = P
        double sb = Math.sqrt(1.0 / p) / TRUNC_STD;
        double[][] bReal = new double[p][h];
        for (int r = 0; r < p; r++) for (int c = 0; c < h; c++) bReal[r][c] = sb * truncNormal(rnd);
        ZMatrixRMaj bTilde = new ZMatrixRMaj(n, h);                  // (N, H)
        for (int j = 0; j < o.blocks(); j++)
            for (int q = 0; q < bsKeep; q++)
                for (int c = 0; c < h; c++) {
                    double re = 0, im = 0;
                    for (int r = 0; r < bs; r++) {                   // conj(V[r, q]) * B_real[j bs + r, c]
                        re += vb.getReal(r, q) * bReal[j * bs + r][c];
                        im -= vb.getImag(r, q) * bReal[j * bs + r][c];
                    }
                    bTilde.set(j * bsKeep + q, c, re, im);
                }
        ZMatrixRMaj c1, c2 = null;
        if (o.cInit() == CInit.COMPLEX_NORMAL) {
            ZMatrixRMaj all = complexNormal(rnd, h, o.bidirectional() ? 2 * n : n); // (H, N) or (H, 2N)
            c1 = cols(all, 0, n);
            if (o.bidirectional()) c2 = cols(all, n, n);
        } else {
            c1 = drawC(rnd, o, vb, bs, bsKeep, n);
            if (o.bidirectional()) c2 = drawC(rnd, o, vb, bs, bsKeep, n);
        }
        double[] d = new double[h];
        for (int c = 0; c < h; c++) d[c] = rnd.nextGaussian();
        double[] step = logUniform(rnd, n, o.dtMin(), o.dtMax());
        return new DiagonalSsm(lre, lim, bTilde, c1, c2, d, step, o.conjSym());
    }

    /** C~ = C V with C (H, P) complex, trunc normal per part with sigma 1/sqrt(P) or 1/sqrt(P H). */
    private static ZMatrixRMaj drawC(Random rnd, Options o, ZMatrixRMaj vb, int bs, int bsKeep, int n) {
        int p = o.p(), h = o.h();
        double fanIn = o.cInit() == CInit.LECUN_NORMAL ? (double) p * h : p;
        double sc = Math.sqrt(1.0 / fanIn) / TRUNC_STD;
        double[][] cr = new double[h][p], ci = new double[h][p];      // (H, P) re and im
        for (int r = 0; r < h; r++)
            for (int k = 0; k < p; k++) {
                cr[r][k] = sc * truncNormal(rnd);
                ci[r][k] = sc * truncNormal(rnd);
            }
        ZMatrixRMaj out = new ZMatrixRMaj(h, n);                     // (H, N)
        for (int r = 0; r < h; r++)
            for (int j = 0; j < o.blocks(); j++)
                for (int q = 0; q < bsKeep; q++) {
                    double re = 0, im = 0;
                    for (int k = 0; k < bs; k++) {
                        double ar = cr[r][j * bs + k], ai = ci[r][j * bs + k];
                        double vr = vb.getReal(k, q), vi = vb.getImag(k, q);
                        re += ar * vr - ai * vi;
                        im += ar * vi + ai * vr;
                    }
                    out.set(r, j * bsKeep + q, re, im);
                }
        return out;
    }

    /** A standard normal truncated to [-2, 2] (rejection sampling). */
    static double truncNormal(Random rnd) {
        while (true) {
            double z = rnd.nextGaussian();
            if (Math.abs(z) <= 2) return z;
        }
    }

    /** rows x cols complex matrix with re, im ~ N(0, 1/2) (torch.randn(cfloat)). */
    static ZMatrixRMaj complexNormal(Random rnd, int rows, int cols) {
        ZMatrixRMaj m = new ZMatrixRMaj(rows, cols);
        double s = Math.sqrt(0.5);
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m.set(r, c, s * rnd.nextGaussian(), s * rnd.nextGaussian());
        return m;
    }

    /** {@code exp(U[log dtMin, log dtMax))}, length count. */
    static double[] logUniform(Random rnd, int count, double dtMin, double dtMax) {
        double lo = Math.log(dtMin), hi = Math.log(dtMax);
        double[] s = new double[count];
        for (int i = 0; i < count; i++) s[i] = Math.exp(lo + (hi - lo) * rnd.nextDouble());
        return s;
    }

    private static ZMatrixRMaj cols(ZMatrixRMaj m, int from, int count) {
        ZMatrixRMaj out = new ZMatrixRMaj(m.numRows, count);
        for (int r = 0; r < m.numRows; r++)
            for (int c = 0; c < count; c++) out.set(r, c, m.getReal(r, from + c), m.getImag(r, from + c));
        return out;
    }
}
