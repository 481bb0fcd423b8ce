package last.data.generate;

import java.util.Arrays;
import java.util.SplittableRandom;
import last.data.generate.Pathfinder.Image;
import last.data.generate.Pathfinder.Params;

/**
 * One thread's drawing state, reused across images: picture and occupancy mask. A failed target pair is undone by
 * resetting the pixels of the footprints it committed; a failed distractor through an undo journal of the mask.
 * Paddles are drawn into the picture only once their snake is complete, so failures never touch it.
 */
final class PathfinderCanvas implements Pathfinder.Sink {
    static final float OCCUPIED = 0.3f;                     // seeding: mask > 0.3 counts as occupied
    final Pathfinder.Generator g;
    final Params p;
    final int n, nn;
    final float[] img, mask, frame;                         // frame: the empty mask (padding occupied)
    int occupied = -1;                                      // pixels with mask > OCCUPIED (distractor phase only)
    boolean journaling;                                     // distractor phase: log mask changes
    int[] jIdx = new int[1024];
    float[] jOld = new float[1024];
    int jLen;
    Stamp[] undo = new Stamp[64];                           // target phase: committed footprints and anchors
    int[] undoY = new int[64], undoX = new int[64];
    int nUndo;
    int[] candK = new int[64];
    double[] candW = new double[64];
    int[] free;                                             // scratch for the full scan of free tails
    SplittableRandom rng;
    PathfinderGeometry geo;
    long attempts;                                          // target-pair attempts so far (diagnostics)

    PathfinderCanvas(Pathfinder.Generator g) {
        this.g = g;
        p = g.p;
        n = p.size();
        nn = n * n;
        img = new float[nn];
        frame = new float[nn];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                if (r < p.padding() || c < p.padding() || r >= n - p.padding() || c >= n - p.padding()) frame[r * n + c] = 1;
        mask = frame.clone();
    }

    /** A snake being grown: pivot, orientation state, tips, pending footprint and the paddles to draw. */
    static final class Snake {
        int pivY, pivX, state, tailY, tailX, headY, headX, pendY, pendX;
        Stamp pending;
        Stamp[] lines = new Stamp[16];
        int[] lineY = new int[16], lineX = new int[16];
        int nLines;

        void paddle(Stamp line, int y, int x) {
            if (nLines == lines.length) {
                lines = Arrays.copyOf(lines, 2 * nLines);
                lineY = Arrays.copyOf(lineY, 2 * nLines);
                lineX = Arrays.copyOf(lineX, 2 * nLines);
            }
            lines[nLines] = line;
            lineY[nLines] = y;
            lineX[nLines++] = x;
        }
    }

    Image draw(long seed, long index) {
        rng = new SplittableRandom(Pathfinder.mix(seed * 0x9E3779B97F4A7C15L + index));
        int label = rng.nextInt(2);
        geo = g.geo[rng.nextInt(g.margins.length)];
        Snake a = new Snake(), b = new Snake();
        for (int attempt = 0; ; attempt++) {
            if (attempt >= Pathfinder.MAX_TARGET_ATTEMPTS)
                throw new IllegalStateException("could not place the target contours in " + Pathfinder.MAX_TARGET_ATTEMPTS + " attempts; " + p);
            attempts++;
            boolean ok = seedTarget(a) && seedPartner(b, a);
            for (int i = 1; ok && i < p.contourLength(); i++) ok = extend(a) && extend(b);
            if (ok) break;
            undoTargets();
        }
        commit(a);
        commit(b);
        paint(a, (float) p.contrast());
        paint(b, (float) p.contrast());
        occupied = 0;
        for (float v : mask) if (v > OCCUPIED) occupied++;
        journaling = true;
        Snake s = new Snake();
        for (int d = 0; d < p.distractors(); d++)
            for (int t = 0; t < 5; t++) {                   // up to 4 retries; a failed snake leaves no trace
                jLen = 0;
                boolean ok = seedFree(s);
                for (int i = 1; ok && i < p.distractorLength(); i++) ok = extend(s);
                if (ok) {
                    commit(s);
                    paint(s, (float) p.distractorContrast());
                    break;
                }
                rollback();
            }
        Snake k = rng.nextInt(2) == 0 ? a : b, end = label == 1 ? k : (k == a ? b : a);
        Stamp.marker(n, p.aa(), k.tailY, k.tailX, p.markerRadius(), this);
        Stamp.marker(n, p.aa(), end.headY, end.headX, p.markerRadius(), this);
        Image im = new Image(n, bytescale(img), label, new int[]{k.tailY, k.tailX, end.headY, end.headX});
        Arrays.fill(img, 0);
        System.arraycopy(frame, 0, mask, 0, nn);
        journaling = false;
        nUndo = 0;
        jLen = 0;
        return im;
    }

    /** First target: tail at least 2 x seedDistance from every border with its footprint core inside that box. */
    boolean seedTarget(Snake s) {
        int lo = 2 * p.seedDistance(), hi = n - 2 * p.seedDistance() - 1;
        for (int trial = 0; trial < 3; trial++) {
            int t = rng.nextInt(PathfinderGeometry.SEEDS);
            int y0 = lo - geo.coreMinY[t], y1 = hi - geo.coreMaxY[t], x0 = lo - geo.coreMinX[t], x1 = hi - geo.coreMaxX[t];
            if (y1 < y0 || x1 < x0) return false;
            int ty = y0 + rng.nextInt(y1 - y0 + 1), tx = x0 + rng.nextInt(x1 - x0 + 1);
            if (place(s, t, ty, tx)) return true;
        }
        return false;
    }

    /** Second target: tail seedDistance from the first one's, at a uniform integer-degree angle. */
    boolean seedPartner(Snake s, Snake a) {
        for (int trial = 0; trial < 3; trial++) {
            int t = rng.nextInt(PathfinderGeometry.SEEDS);
            double phi = rng.nextInt(360) * Math.PI / 180;
            int ty = (int) Math.rint(a.tailY + p.seedDistance() * Math.sin(phi)), tx = (int) Math.rint(a.tailX + p.seedDistance() * Math.cos(phi));
            if (place(s, t, ty, tx)) return true;
        }
        return false;
    }

    /** Distractor seed: a uniform tail among pixels whose footprint core lies on free mask (mask <= 0.3). */
    boolean seedFree(Snake s) {
        for (int trial = 0; trial < 3; trial++) {
            int t = rng.nextInt(PathfinderGeometry.SEEDS);
            if (nn - occupied < 0.01 * nn) return false;    // less than 1 % free: stop
            int f = freeTail(geo.seedKeep[t]);
            if (f < 0) return false;
            if (place(s, t, f / n, f % n)) return true;
        }
        return false;
    }

    /** A uniformly drawn pixel whose footprint core is free: rejection sampling, then a full scan if that is slow. */
    int freeTail(Stamp keep) {
        for (int i = 0; i < 48; i++) {
            int f = rng.nextInt(nn);
            if (coreFree(keep, f / n, f % n)) return f;
        }
        if (free == null) free = new int[nn];
        int c = 0;
        for (int f = 0; f < nn; f++) if (coreFree(keep, f / n, f % n)) free[c++] = f;
        return c == 0 ? -1 : free[rng.nextInt(c)];
    }

    boolean coreFree(Stamp keep, int y, int x) {
        if (keep.cy.length == 0) return mask[y * n + x] <= OCCUPIED;
        for (int i = 0; i < keep.cy.length; i++) {
            int yy = y + keep.cy[i], xx = x + keep.cx[i];
            if (yy < 0 || xx < 0 || yy >= n || xx >= n) continue;
            if (mask[yy * n + xx] > OCCUPIED) return false;
        }
        return true;
    }

    /** Seed paddle at angle state t from tail (ty, tx), if its head and pivot are on the canvas. */
    boolean place(Snake s, int t, int ty, int tx) {
        int hy = ty + geo.seedHeadY[t], hx = tx + geo.seedHeadX[t], py = hy + geo.seedPivY[t], px = hx + geo.seedPivX[t];
        if (hy < 0 || hx < 0 || hy >= n || hx >= n || py < 0 || px < 0 || py >= n || px >= n) return false;
        s.tailY = ty; s.tailX = tx; s.headY = hy; s.headX = hx; s.pivY = py; s.pivX = px; s.state = t;
        s.nLines = 0;
        s.paddle(geo.seedLine[t], ty, tx);
        s.pending = geo.seedKeep[t]; s.pendY = ty; s.pendX = tx;
        return true;
    }

    /** One more paddle: a head on the circle of radius L + margin around the next pivot, weighted for straightness. */
    boolean extend(Snake s) {
        PathfinderGeometry q = geo;
        int st = s.state, py = s.pivY + q.stepY[st], px = s.pivX + q.stepX[st];
        int[] cone = q.cone[st];
        double[] cw = q.coneW[st];
        if (candK.length < cone.length) { candK = new int[cone.length]; candW = new double[cone.length]; }
        int m = 0;
        double total = 0;
        for (int i = 0; i < cone.length; i++) {
            int k = cone[i], hy = py + q.candY[k], hx = px + q.candX[k];
            if (hy < 0 || hx < 0 || hy >= n || hx >= n) continue;
            double w = cw[i] * (1 - dilated(hy, hx));
            if (w <= 0) continue;
            candK[m] = k;
            candW[m++] = w;
            total += w;
        }
        if (total < 1e-4) return false;                     // dead end
        for (int trial = 0; trial < 3; trial++) {
            double u = rng.nextDouble() * total;
            int j = 0;
            while (j < m - 1 && (u -= candW[j]) >= 0) j++;
            int k = candK[j], hy = py + q.candY[k], hx = px + q.candX[k];
            Stamp keep = q.candKeep[k];
            if (!fits(keep, hy, hx)) continue;
            s.paddle(q.candLine[k], hy, hx);
            commit(s);
            s.pending = keep; s.pendY = hy; s.pendX = hx;
            s.pivY = py; s.pivX = px; s.state = PathfinderGeometry.SEEDS + k; s.headY = hy; s.headX = hx;
            return true;
        }
        return false;
    }

    /** The mask dilated by the disc of radius margin, at one pixel. */
    float dilated(int y, int x) {
        PathfinderGeometry q = geo;
        int m = q.margin;
        float v = 0;
        if (y >= m && x >= m && y < n - m && x < n - m) {
            int[] off = q.discLin;
            int c = y * n + x;
            for (int i = 0; i < off.length; i++) {
                float f = mask[c + off[i]];
                if (f > v) { v = f; if (v >= 1f) return v; }
            }
            return v;
        }
        for (int i = 0; i < q.discY.length; i++) {
            int yy = y + q.discY[i], xx = x + q.discX[i];
            if (yy < 0 || xx < 0 || yy >= n || xx >= n) continue;
            float f = mask[yy * n + xx];
            if (f > v) { v = f; if (v >= 1f) return v; }
        }
        return v;
    }

    /** Whether mask + footprint stays below 1.8 (only footprint pixels >= 0.8 can break it, as mask <= 1). */
    boolean fits(Stamp keep, int y, int x) {
        if (keep.inside(y, x)) {
            int c = y * n + x;
            for (int i = 0; i < keep.hlin.length; i++) if (mask[c + keep.hlin[i]] + keep.hv[i] >= 1.8f) return false;
            return true;
        }
        for (int i = 0; i < keep.hy.length; i++) {
            int yy = y + keep.hy[i], xx = x + keep.hx[i];
            if (yy < 0 || xx < 0 || yy >= n || xx >= n) continue;
            if (mask[yy * n + xx] + keep.hv[i] >= 1.8f) return false;
        }
        return true;
    }

    /** Moves the snake's pending footprint into the mask (element-wise max). */
    void commit(Snake s) {
        Stamp k = s.pending;
        if (k == null) return;
        s.pending = null;
        int y = s.pendY, x = s.pendX;
        if (journaling) { commitLogged(k, y, x); return; }
        if (nUndo == undo.length) {
            undo = Arrays.copyOf(undo, 2 * nUndo);
            undoY = Arrays.copyOf(undoY, 2 * nUndo);
            undoX = Arrays.copyOf(undoX, 2 * nUndo);
        }
        undo[nUndo] = k; undoY[nUndo] = y; undoX[nUndo++] = x;
        if (k.inside(y, x)) {
            int c = y * n + x;
            int[] lin = k.lin;
            float[] v = k.v;
            for (int i = 0; i < lin.length; i++) {
                int f = c + lin[i];
                if (v[i] > mask[f]) mask[f] = v[i];
            }
            return;
        }
        for (int i = 0; i < k.v.length; i++) {
            int yy = y + k.dy[i], xx = x + k.dx[i];
            if (yy < 0 || xx < 0 || yy >= n || xx >= n) continue;
            int f = yy * n + xx;
            if (k.v[i] > mask[f]) mask[f] = k.v[i];
        }
    }

    /** Resets the pixels of every footprint committed during a failed target attempt to the empty mask. */
    void undoTargets() {
        for (int u = 0; u < nUndo; u++) {
            Stamp k = undo[u];
            int y = undoY[u], x = undoX[u];
            if (k.inside(y, x)) {
                int c = y * n + x;
                for (int off : k.lin) mask[c + off] = frame[c + off];
                continue;
            }
            for (int i = 0; i < k.v.length; i++) {
                int yy = y + k.dy[i], xx = x + k.dx[i];
                if (yy >= 0 && xx >= 0 && yy < n && xx < n) mask[yy * n + xx] = frame[yy * n + xx];
            }
        }
        nUndo = 0;
    }

    void commitLogged(Stamp k, int y, int x) {
        for (int i = 0; i < k.v.length; i++) {
            int yy = y + k.dy[i], xx = x + k.dx[i];
            if (yy < 0 || xx < 0 || yy >= n || xx >= n) continue;
            int f = yy * n + xx;
            float old = mask[f], v = k.v[i];
            if (v <= old) continue;
            if (jLen == jIdx.length) { jIdx = Arrays.copyOf(jIdx, 2 * jLen); jOld = Arrays.copyOf(jOld, 2 * jLen); }
            jIdx[jLen] = f;
            jOld[jLen++] = old;
            mask[f] = v;
            if (old <= OCCUPIED && v > OCCUPIED) occupied++;
        }
    }

    /** Undoes the mask changes logged since the journal was last cleared. */
    void rollback() {
        while (jLen > 0) {
            int f = jIdx[--jLen];
            float old = jOld[jLen];
            if (mask[f] > OCCUPIED && old <= OCCUPIED) occupied--;
            mask[f] = old;
        }
    }

    /** Draws a complete snake's paddles into the picture (element-wise max). */
    void paint(Snake s, float contrast) {
        for (int j = 0; j < s.nLines; j++) {
            Stamp line = s.lines[j];
            int y = s.lineY[j], x = s.lineX[j];
            for (int i = 0; i < line.v.length; i++) {
                int yy = y + line.dy[i], xx = x + line.dx[i];
                if (yy >= 0 && xx >= 0 && yy < n && xx < n) max(yy * n + xx, contrast * line.v[i]);
            }
        }
    }

    @Override public void max(int f, float v) { if (v > img[f]) img[f] = v; }

    /** Min-max scaling to 0..255 with rounding (the old {@code scipy.misc.bytescale}). */
    static byte[] bytescale(float[] v) {
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float f : v) { lo = Math.min(lo, f); hi = Math.max(hi, f); }
        byte[] out = new byte[v.length];
        if (hi <= lo) return out;
        float scale = 255f / (hi - lo);
        for (int i = 0; i < v.length; i++) out[i] = (byte) (int) Math.min(255, (v[i] - lo) * scale + 0.5f);
        return out;
    }
}
