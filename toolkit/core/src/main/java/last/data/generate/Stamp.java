package last.data.generate;

/**
 * A small anti-aliased shape for {@link Pathfinder}: a binary drawing on a fine grid, Lanczos-3 downsampled to the
 * output grid (two separable passes, as an image resize does: in 8 bits, each pass rounded and clipped, or in
 * floating point), stored sparsely as offsets from an anchor pixel. Paddle stamps depend only on the paddle's orientation and the margin,
 * so {@link Pathfinder} builds them once per parameter set and then only adds offsets.
 */
final class Stamp {
    /** Footprint values at or above this can overlap an occupied pixel (mask <= 1) and fail the 1.8 test. */
    static final float HEAVY = 0.8f - 1e-6f;

    final int n;                        // side of the canvas the linear offsets are for
    final int[] dy, dx, lin;            // nonzero pixels: offsets from the anchor, and dy * n + dx
    final float[] v;                    // their values (> 0)
    final int[] hlin;                   // pixels with v >= HEAVY (the only ones the keep-out test needs)
    final int[] hy, hx;
    final float[] hv;
    final int[] cy, cx;                 // pixels with v >= 1 (the "core" a seed needs free)
    final int minY, maxY, minX, maxX;   // bounding box of the nonzero pixels

    private Stamp(float[] patch, int side, int centre, int n) {
        this.n = n;
        int nz = 0, nh = 0, nc = 0;
        for (float f : patch) {
            if (f > 0) nz++;
            if (f >= HEAVY) nh++;
            if (f >= 1f) nc++;
        }
        dy = new int[nz]; dx = new int[nz]; lin = new int[nz]; v = new float[nz];
        hy = new int[nh]; hx = new int[nh]; hlin = new int[nh]; hv = new float[nh];
        cy = new int[nc]; cx = new int[nc];
        int a = 0, b = 0, c = 0, y0 = 0, y1 = 0, x0 = 0, x1 = 0;
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) {
                float f = patch[i * side + j];
                int oy = i - centre, ox = j - centre;
                if (f > 0) {
                    if (a == 0) { y0 = y1 = oy; x0 = x1 = ox; }
                    y0 = Math.min(y0, oy); y1 = Math.max(y1, oy); x0 = Math.min(x0, ox); x1 = Math.max(x1, ox);
                    dy[a] = oy; dx[a] = ox; lin[a] = oy * n + ox; v[a++] = f;
                }
                if (f >= HEAVY) { hy[b] = oy; hx[b] = ox; hlin[b] = oy * n + ox; hv[b++] = f; }
                if (f >= 1f) { cy[c] = oy; cx[c++] = ox; }
            }
        minY = y0; maxY = y1; minX = x0; maxX = x1;
    }

    /** Whether the whole stamp anchored at (y, x) lies on the n x n canvas (then the linear offsets can be used). */
    boolean inside(int y, int x) { return y + minY >= 0 && x + minX >= 0 && y + maxY < n && x + maxX < n; }

    /**
     * A paddle of {@code length} output pixels starting at the anchor pixel in direction {@code orientation}
     * (radians; y = rows down, x = columns), drawn {@code aa} times finer with width {@code width} fine pixels,
     * and its keep-out footprint (the fine line dilated by a disc of {@code margin * aa} fine pixels). The fine
     * patch has side 2K*aa+1 with K = length + ceil(thickness) + margin and is resized to 2K+1, its centre pixel on
     * the anchor; the line ends at ceil(centre + length*aa*(sin, cos)) as in the original generator. The line is
     * resized in floating point (overshoot above 1 kept), the footprint in 8 bits, as the original (HEAD) does.
     * Linear offsets are for an n x n canvas.
     *
     * @return {line, keep-out}
     */
    static Stamp[] paddle(int length, double thickness, int margin, int aa, double orientation, int n) {
        int k = length + (int) Math.ceil(thickness) + margin, side = 2 * k + 1, fside = 2 * k * aa + 1, c = k * aa;
        int width = (int) Math.round(thickness * aa);
        int ey = (int) Math.ceil(c + length * aa * Math.sin(orientation)), ex = (int) Math.ceil(c + length * aa * Math.cos(orientation));
        boolean[] line = new boolean[fside * fside];
        if (width <= 1) bresenham(line, fside, c, c, ey, ex);
        else band(line, fside, c, c, ey, ex, width);
        boolean[] keep = dilate(line, fside, margin * aa);
        return new Stamp[]{new Stamp(lanczos(line, fside, side, false), side, k, n), new Stamp(lanczos(keep, fside, side, true), side, k, n)};
    }

    /** One-pixel Bresenham line from (y0, x0) to (y1, x1), both ends included. */
    private static void bresenham(boolean[] g, int s, int y0, int x0, int y1, int x1) {
        int dy = Math.abs(y1 - y0), dx = Math.abs(x1 - x0), sy = y1 > y0 ? 1 : -1, sx = x1 > x0 ? 1 : -1, err = dx - dy;
        for (int y = y0, x = x0; ; ) {
            g[y * s + x] = true;
            if (y == y1 && x == x1) break;
            int e2 = 2 * err;
            if (e2 > -dy) { err -= dy; x += sx; }
            if (e2 < dx) { err += dx; y += sy; }
        }
    }

    /** Wide line: pixel centres whose projection lies on the segment and whose signed distance is in (-w/2, w/2]. */
    private static void band(boolean[] g, int s, int y0, int x0, int y1, int x1, int w) {
        double ly = y1 - y0, lx = x1 - x0, len = Math.hypot(ly, lx);
        if (len == 0) { g[y0 * s + x0] = true; return; }
        double uy = ly / len, ux = lx / len, eps = 1e-9;
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++) {
                double ry = y - y0, rx = x - x0, t = ry * uy + rx * ux, d = rx * uy - ry * ux;
                if (t >= -eps && t <= len + eps && d > -w / 2.0 + eps && d <= w / 2.0 + eps) g[y * s + x] = true;
            }
    }

    /** Binary dilation by the disc x^2 + y^2 <= r^2 (pixels outside the patch ignored). */
    private static boolean[] dilate(boolean[] g, int s, int r) {
        boolean[] out = new boolean[g.length];
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++) {
                if (!g[y * s + x]) continue;
                for (int a = -r; a <= r; a++)
                    for (int b = -r; b <= r; b++)
                        if (a * a + b * b <= r * r && y + a >= 0 && x + b >= 0 && y + a < s && x + b < s) out[(y + a) * s + x + b] = true;
            }
        return out;
    }

    /**
     * Square binary image (side {@code in}, 1 = 255) Lanczos-resized to side {@code out}, divided by 255: in 8 bits
     * (each pass rounded and clipped to 0..255, values k/255) or in floating point (overshoot above 1 kept).
     */
    private static float[] lanczos(boolean[] g, int in, int out, boolean eightBit) {
        Kernel k = Kernel.of(in, out);
        float[] tmp = new float[in * out];                      // (in rows, out columns) after the horizontal pass
        for (int y = 0; y < in; y++)
            for (int j = 0; j < out; j++) {
                double acc = 0;
                for (int t = 0; t < k.w[j].length; t++) if (g[y * in + k.lo[j] + t]) acc += k.w[j][t];
                tmp[y * out + j] = eightBit ? clip8(acc * 255) : (float) (acc * 255);
            }
        float[] res = new float[out * out];
        for (int i = 0; i < out; i++)
            for (int x = 0; x < out; x++) {
                double acc = 0;
                for (int t = 0; t < k.w[i].length; t++) acc += k.w[i][t] * tmp[(k.lo[i] + t) * out + x];
                res[i * out + x] = eightBit ? clip8(acc) / 255f : (float) (acc / 255);
            }
        return res;
    }

    static float clip8(double v) { return (float) Math.max(0, Math.min(255, Math.round(v))); }

    /**
     * Marker disc of radius {@code r} output pixels at output pixel (y, x) on an n x n image: the disc is drawn on
     * the (n*aa)^2 fine grid around fine pixel (y*aa, x*aa), and the whole grid is Lanczos-resized to n x n (only
     * the pixels the disc can reach are computed; the kernel is clipped at the image border as the resize does),
     * in floating point (peak about 1, with Lanczos overshoot). Positive values go to {@code out}.
     */
    static void marker(int n, int aa, int y, int x, double r, Pathfinder.Sink out) {
        int fn = n * aa, fr = (int) Math.ceil(r * aa), fy = y * aa, fx = x * aa;
        int fy0 = Math.max(0, fy - fr), fy1 = Math.min(fn - 1, fy + fr), fx0 = Math.max(0, fx - fr), fx1 = Math.min(fn - 1, fx + fr);
        Kernel k = Kernel.of(fn, n);
        int reach = 4;                                          // Lanczos-3 support: 3 output pixels, plus one
        int oy0 = Math.max(0, fy0 / aa - reach), oy1 = Math.min(n - 1, fy1 / aa + reach);
        int ox0 = Math.max(0, fx0 / aa - reach), ox1 = Math.min(n - 1, fx1 / aa + reach);
        int fh = fy1 - fy0 + 1, ow = ox1 - ox0 + 1;
        double rr = (r * aa) * (r * aa);
        float[] tmp = new float[fh * ow];                       // horizontal pass on the disc rows
        for (int i = 0; i < fh; i++) {
            double dy = fy0 + i - fy;
            for (int j = 0; j < ow; j++) {
                int oj = ox0 + j;
                double acc = 0;
                for (int t = 0; t < k.w[oj].length; t++) {
                    int fxx = k.lo[oj] + t;
                    double dx = fxx - fx;
                    if (dy * dy + dx * dx <= rr) acc += k.w[oj][t];
                }
                tmp[i * ow + j] = (float) acc;
            }
        }
        for (int oi = oy0; oi <= oy1; oi++)
            for (int j = 0; j < ow; j++) {
                double acc = 0;
                for (int t = 0; t < k.w[oi].length; t++) {
                    int f = k.lo[oi] + t;
                    if (f >= fy0 && f <= fy1) acc += k.w[oi][t] * tmp[(f - fy0) * ow + j];
                }
                if (acc > 0) out.max(oi * n + ox0 + j, (float) acc);
            }
    }

    /** Lanczos-3 resampling weights from {@code in} to {@code out} samples (pixel-area alignment, as PIL computes them). */
    static final class Kernel {
        final int[] lo;
        final double[][] w;
        private static final java.util.concurrent.ConcurrentHashMap<Long, Kernel> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        private Kernel(int in, int out) {
            double scale = (double) in / out, fscale = Math.max(1, scale), support = 3 * fscale;
            lo = new int[out];
            w = new double[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int a = Math.max(0, (int) (centre - support + 0.5)), b = Math.min(in, (int) (centre + support + 0.5));
                double[] ws = new double[b - a];
                double sum = 0;
                for (int j = a; j < b; j++) sum += ws[j - a] = lanczos3((j - centre + 0.5) / fscale);
                for (int j = 0; j < ws.length; j++) ws[j] /= sum;
                lo[i] = a;
                w[i] = ws;
            }
        }

        static Kernel of(int in, int out) { return CACHE.computeIfAbsent(((long) in << 32) | out, key -> new Kernel(in, out)); }

        private static double lanczos3(double x) {
            if (x <= -3 || x >= 3) return 0;
            return sinc(x) * sinc(x / 3);
        }

        private static double sinc(double x) {
            if (x == 0) return 1;
            double px = Math.PI * x;
            return Math.sin(px) / px;
        }
    }

    @Override
    public String toString() {
        return "Stamp[" + v.length + " px (" + hv.length + " >= 0.8, core " + cy.length + "), rows " + minY + ".." + maxY + ", columns " + minX + ".." + maxX + "]";
    }
}
