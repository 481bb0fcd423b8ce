package last.data;

/**
 * A small anti-aliased shape on an n x n grid: drawn on a grid {@code aa} times finer, then box-filtered down to
 * coverage values in [0, 1] inside a bounding box. Used by {@link Pathfinder} for paddles, their keep-out
 * footprints and the markers. Coordinates are in output pixels, pixel centres at integers.
 */
final class Stamp {
    final int n, y0, x0, h, w;
    final float[] v;                                    // (h, w) coverage

    private Stamp(int n, int y0, int x0, int h, int w, float[] v) {
        this.n = n; this.y0 = y0; this.x0 = x0; this.h = h; this.w = w; this.v = v;
    }

    /** A line from (y1, x1) to (y2, x2), thickened by a disc of {@code radius} fine pixels (0 = one fine pixel wide). */
    static Stamp segment(int n, int aa, double y1, double x1, double y2, double x2, int radius) {
        double fy1 = (y1 + 0.5) * aa - 0.5, fx1 = (x1 + 0.5) * aa - 0.5, fy2 = (y2 + 0.5) * aa - 0.5, fx2 = (x2 + 0.5) * aa - 0.5;
        int fy0 = (int) Math.floor(Math.min(fy1, fy2)) - radius - 1, fx0 = (int) Math.floor(Math.min(fx1, fx2)) - radius - 1;
        int fh = (int) Math.ceil(Math.max(fy1, fy2)) + radius + 2 - fy0, fw = (int) Math.ceil(Math.max(fx1, fx2)) + radius + 2 - fx0;
        boolean[] fine = new boolean[fh * fw];                  // (fh, fw)
        int steps = (int) Math.ceil(2 * Math.hypot(fy2 - fy1, fx2 - fx1)) + 1;
        for (int s = 0; s <= steps; s++) {
            int cy = (int) Math.round(fy1 + (fy2 - fy1) * s / steps) - fy0, cx = (int) Math.round(fx1 + (fx2 - fx1) * s / steps) - fx0;
            for (int dy = -radius; dy <= radius; dy++)
                for (int dx = -radius; dx <= radius; dx++)
                    if (dy * dy + dx * dx <= radius * radius) fine[(cy + dy) * fw + cx + dx] = true;
        }
        return downsample(n, aa, fine, fy0, fx0, fh, fw);
    }

    /** A disc of radius r (output pixels) centred at (y, x). */
    static Stamp disc(int n, int aa, double y, double x, double r) {
        double fy = (y + 0.5) * aa - 0.5, fx = (x + 0.5) * aa - 0.5, fr = r * aa;
        int fy0 = (int) Math.floor(fy - fr) - 1, fx0 = (int) Math.floor(fx - fr) - 1;
        int fh = (int) Math.ceil(2 * fr) + 3, fw = fh;
        boolean[] fine = new boolean[fh * fw];
        for (int i = 0; i < fh; i++)
            for (int j = 0; j < fw; j++) {
                double dy = fy0 + i - fy, dx = fx0 + j - fx;
                fine[i * fw + j] = dy * dy + dx * dx <= fr * fr;
            }
        return downsample(n, aa, fine, fy0, fx0, fh, fw);
    }

    private static Stamp downsample(int n, int aa, boolean[] fine, int fy0, int fx0, int fh, int fw) {
        int y0 = Math.floorDiv(fy0, aa), x0 = Math.floorDiv(fx0, aa);
        int h = Math.floorDiv(fy0 + fh - 1, aa) - y0 + 1, w = Math.floorDiv(fx0 + fw - 1, aa) - x0 + 1;
        float[] v = new float[h * w];
        float unit = 1f / (aa * aa);
        for (int i = 0; i < fh; i++)
            for (int j = 0; j < fw; j++)
                if (fine[i * fw + j]) v[(Math.floorDiv(fy0 + i, aa) - y0) * w + Math.floorDiv(fx0 + j, aa) - x0] += unit;
        return new Stamp(n, y0, x0, h, w, v);
    }

    /** Whether grid + this stays below {@code limit} wherever this covers an in-grid pixel. */
    boolean fitsUnder(float[] grid, float limit) {
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                float s = v[i * w + j];
                if (s == 0) continue;
                int y = y0 + i, x = x0 + j;
                if (y < 0 || x < 0 || y >= n || x >= n) continue;
                if (grid[y * n + x] + s >= limit) return false;
            }
        return true;
    }

    void addTo(float[] grid) {
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int y = y0 + i, x = x0 + j;
                if (y >= 0 && x >= 0 && y < n && x < n) grid[y * n + x] += v[i * w + j];
            }
    }

    void maxInto(float[] grid, float scale) {
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int y = y0 + i, x = x0 + j;
                if (y >= 0 && x >= 0 && y < n && x < n) grid[y * n + x] = Math.max(grid[y * n + x], scale * v[i * w + j]);
            }
    }
}
