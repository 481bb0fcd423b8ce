package last.data.generate;

import java.util.Arrays;
import last.data.generate.Pathfinder.Params;

/**
 * Precomputed snake steps for one margin. Orientation states 0..359 are the seed angles (integer degrees
 * -180..179), states 360 + k the candidate heads k.
 */
final class PathfinderGeometry {
    static final int SEEDS = 360;
    final int margin;
    // seeds (per angle): head = tail + seedHead, pivot = head + seedPivot; stamps anchored at the tail
    final int[] seedHeadY, seedHeadX, seedPivY, seedPivX;
    final Stamp[] seedLine, seedKeep;
    final int[] coreMinY, coreMaxY, coreMinX, coreMaxX;
    // candidate heads (displacement from the pivot); stamps anchored at the head, drawn back towards the pivot
    final int[] candY, candX;
    final Stamp[] candLine, candKeep;
    // per orientation state: pivot step, and the candidates with nonzero turn weight
    final int[] stepY, stepX;
    final int[][] cone;
    final double[][] coneW;
    // disc of radius margin (the dilation used for candidate weights)
    final int[] discY, discX, discLin;

    PathfinderGeometry(Params p, int m) {
        margin = m;
        int len = p.paddleLength(), r = len + m, step = len + 2 * m;
        // candidates: the integer points of a circle of radius L + m sampled every ~1 px of arc, truncated, unique
        double dpp = 360.0 / (2 * r * Math.PI);
        java.util.TreeSet<Long> set = new java.util.TreeSet<>();
        for (int i = 0; i * dpp < 360; i++) {
            double a = i * dpp * Math.PI / 180;
            long y = (long) Math.floor(r * Math.sin(a)), x = (long) Math.floor(r * Math.cos(a));
            set.add(((y + 1024) << 20) | (x + 1024));
        }
        int nc = set.size();
        candY = new int[nc]; candX = new int[nc];
        candLine = new Stamp[nc]; candKeep = new Stamp[nc];
        double[] ori = new double[SEEDS + nc];
        int k = 0;
        for (long key : set) {
            candY[k] = (int) ((key >> 20) - 1024);
            candX[k] = (int) ((key & ((1 << 20) - 1)) - 1024);
            double o = Math.atan2(candY[k], candX[k]);
            ori[SEEDS + k] = o;
            Stamp[] s = Stamp.paddle(len, p.paddleThickness(), m, p.aa(), o < 0 ? o + Math.PI : o - Math.PI, p.size());
            candLine[k] = s[0];
            candKeep[k] = s[1];
            k++;
        }
        seedHeadY = new int[SEEDS]; seedHeadX = new int[SEEDS]; seedPivY = new int[SEEDS]; seedPivX = new int[SEEDS];
        seedLine = new Stamp[SEEDS]; seedKeep = new Stamp[SEEDS];
        coreMinY = new int[SEEDS]; coreMaxY = new int[SEEDS]; coreMinX = new int[SEEDS]; coreMaxX = new int[SEEDS];
        for (int t = 0; t < SEEDS; t++) {
            double th = (t - 180) * Math.PI / 180, rev = th + Math.PI < Math.PI ? th + Math.PI : th - Math.PI;
            ori[t] = th;
            seedHeadY[t] = ceil(len * Math.sin(th));
            seedHeadX[t] = ceil(len * Math.cos(th));
            seedPivY[t] = ceil((len + m) * Math.sin(rev));
            seedPivX[t] = ceil((len + m) * Math.cos(rev));
            Stamp[] s = Stamp.paddle(len, p.paddleThickness(), m, p.aa(), th, p.size());
            seedLine[t] = s[0];
            seedKeep[t] = s[1];
            Stamp kp = s[1];
            int[] ys = kp.cy.length > 0 ? kp.cy : new int[]{0}, xs = kp.cy.length > 0 ? kp.cx : new int[]{0};
            coreMinY[t] = Arrays.stream(ys).min().getAsInt(); coreMaxY[t] = Arrays.stream(ys).max().getAsInt();
            coreMinX[t] = Arrays.stream(xs).min().getAsInt(); coreMaxX[t] = Arrays.stream(xs).max().getAsInt();
        }
        int states = SEEDS + nc;
        stepY = new int[states]; stepX = new int[states];
        cone = new int[states][];
        coneW = new double[states][];
        double cont = p.continuity();
        for (int s = 0; s < states; s++) {
            stepY[s] = ceil(step * Math.sin(ori[s]));
            stepX[s] = ceil(step * Math.cos(ori[s]));
            int[] idx = new int[nc];
            double[] w = new double[nc];
            int c = 0;
            for (int j = 0; j < nc; j++) {
                double d = Math.abs(ori[SEEDS + j] - ori[s]);
                d = Math.min(d, 2 * Math.PI - d);
                double cw = Math.max(Math.cos(Math.min(d * cont, Math.PI / 2)), 0);
                cw *= cw;
                if (cw > 1e-12) { idx[c] = j; w[c++] = cw; }
            }
            cone[s] = Arrays.copyOf(idx, c);
            coneW[s] = Arrays.copyOf(w, c);
        }
        int dn = 0;
        int[] dy = new int[(2 * m + 1) * (2 * m + 1)], dx = new int[dy.length];
        for (int a = -m; a <= m; a++)
            for (int b = -m; b <= m; b++)
                if (a * a + b * b <= m * m) { dy[dn] = a; dx[dn++] = b; }
        discY = Arrays.copyOf(dy, dn);
        discX = Arrays.copyOf(dx, dn);
        discLin = new int[dn];
        for (int i = 0; i < dn; i++) discLin[i] = discY[i] * p.size() + discX[i];
    }

    /** Rounding up, as the original's coordinate translation, ignoring floating-point noise. */
    static int ceil(double v) { return (int) Math.ceil(v - 1e-9); }
}
