package last.ssm;

import org.ejml.data.ZMatrixRMaj;

import java.util.Random;

/**
 * S4D initialisations (Gu et al. 2022, "On the parameterization and initialization of diagonal SSMs";
 * docs/conventions.md Sec. 3.1), returned as the block-diagonal MIMO form of a multi-SISO layer (Sec. 3.4):
 * state {@code h * (Ns/2) + n} is mode n of channel h, its B~ row is non-zero only in column h and its C~ column only
 * in row h. Modes n = 0..Ns/2-1, real part -1/2:
 * <pre>
 *   S4D-Lin:  A_n = -1/2 - i pi n,                          B_n = 1
 *   S4D-Inv:  A_n = -1/2 - i (Ns/pi) (Ns/(2n+1) - 1),       B_n = 1
 *   S4D-LegS: A_n = the Ns/2 HiPPO-LegS eigenvalues with negative imaginary part,  B = V^H B_legs (Im clamped to [-2, 2])
 * </pre>
 * One step Delta_h per channel, log-uniform in [dtMin, dtMax] (all modes of a channel share it);
 * C ~ complex randn (N(0, 1/2) per part); D ~ N(0, 1); conjugate symmetric (output 2 Re(C x) + D u).
 *
 * <p>Bidirectional: a second, independent C~2. Note that this toolkit's bidirectional scan follows S5 (the reverse
 * scan includes u_k), whereas S4's FFTConv shifts its backward branch by one and excludes u_k (docs/conventions.md
 * Sec. 3.2).
 */
public final class S4dInit {
    private S4dInit() {}

    /** The diagonal initialisation of A (and B). */
    public enum Kind { LIN, INV, LEGS }

    /**
     * @param h             H, the number of channels
     * @param nS            N_s = d_state, counting both halves of each conjugate pair (even)
     * @param kind          S4D-Lin, S4D-Inv or S4D-LegS
     * @param bidirectional whether a second output matrix C~2 is drawn
     * @param dtMin         lower end of the per-channel log-uniform step
     * @param dtMax         upper end
     * @param seed          seed of the java.util.Random
     */
    public record Options(int h, int nS, Kind kind, boolean bidirectional, double dtMin, double dtMax, long seed) {
        public Options {
            if (h < 1) throw new IllegalArgumentException("h must be >= 1 but is " + h);
            if (nS < 2 || nS % 2 != 0) throw new IllegalArgumentException("nS (d_state) must be even and >= 2 but is " + nS);
            if (kind == null) throw new IllegalArgumentException("kind is null");
            if (!(dtMin > 0) || !(dtMax >= dtMin) || !Double.isFinite(dtMax))
                throw new IllegalArgumentException("need 0 < dtMin <= dtMax < inf but dtMin = " + dtMin + ", dtMax = " + dtMax);
        }

        /** S4D's defaults: H = 128, N_s = 64, S4D-LegS, unidirectional, dt in [0.001, 0.1], seed 0. */
        public static Options defaults() { return new Options(128, 64, Kind.LEGS, false, 0.001, 0.1, 0); }

        public Options withH(int v) { return new Options(v, nS, kind, bidirectional, dtMin, dtMax, seed); }
        public Options withNs(int v) { return new Options(h, v, kind, bidirectional, dtMin, dtMax, seed); }
        public Options withKind(Kind v) { return new Options(h, nS, v, bidirectional, dtMin, dtMax, seed); }
        public Options withBidirectional(boolean v) { return new Options(h, nS, kind, v, dtMin, dtMax, seed); }
        public Options withDt(double min, double max) { return new Options(h, nS, kind, bidirectional, min, max, seed); }
        public Options withSeed(long v) { return new Options(h, nS, kind, bidirectional, dtMin, dtMax, v); }
    }

    /** The per-mode eigenvalues A_n (length Ns/2, as {re, im}) and B_n (as {re, im}) of one channel. */
    static double[][] modes(Kind kind, int nS) {
        int half = nS / 2;
        double[] are = new double[half], aim = new double[half], bre = new double[half], bim = new double[half];
        switch (kind) {
            case LIN, INV -> {
                for (int n = 0; n < half; n++) {
                    are[n] = -0.5;
                    aim[n] = kind == Kind.LIN ? -Math.PI * n : -(nS / Math.PI) * (nS / (2.0 * n + 1) - 1);
                    bre[n] = 1;
                }
            }
            case LEGS -> {
                Hippo.Diagonalisation dg = Hippo.diagonalise(nS);
                double[] bl = Hippo.legsB(nS);
                for (int n = 0; n < half; n++) {
                    are[n] = dg.lambdaRe()[n];
                    aim[n] = dg.lambdaIm()[n];
                    double re = 0, im = 0;                    // (V^H B_legs)_n = sum_r conj(V[r, n]) B_r
                    for (int r = 0; r < nS; r++) {
                        re += dg.v().getReal(r, n) * bl[r];
                        im -= dg.v().getImag(r, n) * bl[r];
                    }
                    bre[n] = re;
                    bim[n] = Math.max(-2, Math.min(2, im));
                }
            }
        }
        return new double[][]{are, aim, bre, bim};
    }

    /** Draws an S4D layer: a conj-sym DiagonalSsm with H * Ns/2 states, H inputs and H outputs. */
    public static DiagonalSsm init(Options o) {
        Random rnd = new Random(o.seed());
        int h = o.h(), half = o.nS() / 2, n = h * half;
        double[][] m = modes(o.kind(), o.nS());
        double[] lre = new double[n], lim = new double[n];           // (H * Ns/2,)
        ZMatrixRMaj b = new ZMatrixRMaj(n, h), c = new ZMatrixRMaj(h, n), c2 = o.bidirectional() ? new ZMatrixRMaj(h, n) : null;
        double s = Math.sqrt(0.5);
        for (int ch = 0; ch < h; ch++)
            for (int k = 0; k < half; k++) {
                int i = ch * half + k;
                lre[i] = m[0][k];
                lim[i] = m[1][k];
                b.set(i, ch, m[2][k], m[3][k]);
                c.set(ch, i, s * rnd.nextGaussian(), s * rnd.nextGaussian());
            }
        if (c2 != null)
            for (int ch = 0; ch < h; ch++)
                for (int k = 0; k < half; k++) c2.set(ch, ch * half + k, s * rnd.nextGaussian(), s * rnd.nextGaussian());
        double[] d = new double[h];
        for (int ch = 0; ch < h; ch++) d[ch] = rnd.nextGaussian();
        double[] dtChannel = S5Init.logUniform(rnd, h, o.dtMin(), o.dtMax());
        double[] step = new double[n];
        for (int i = 0; i < n; i++) step[i] = dtChannel[i / half];
        return new DiagonalSsm(lre, lim, b, c, c2, d, step, true);
    }
}
