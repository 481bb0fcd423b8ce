package last.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * LRA Pathfinder and Path-X (paper Table 2): are the two white markers the two ends of one dashed curve?
 * A re-implementation, from the description in data.md 2.2, of the Linsley/Kim {@code snakes2} generator with
 * LRA's parameter sets (no code copied). Two target snakes of {@code contourLength} paddles grow in lockstep
 * from tails {@code seedDistance} apart, then {@code distractors} short snakes; snakes never touch (keep-out
 * footprints in an occupancy mask); markers sit on the start of target k and on the end of k (label 1) or of
 * the other target (label 0). Paddles and markers are drawn at {@code aa} times the resolution and box-filtered
 * down (the original uses Lanczos, so faint ringing pixels are absent here); each image is min-max scaled to
 * 0..255 as the released PNGs are.
 *
 * <p>Every image has its own seed (a mix of the run seed and the image index), so a set is the same whatever
 * the thread count.
 */
public final class Pathfinder {
    private Pathfinder() {}

    /**
     * Generator settings (data.md 2.2 table; lengths in pixels of the output grid).
     *
     * @param size             side of the square image
     * @param padding          occupied frame
     * @param aa               supersampling factor
     * @param paddleLength     L
     * @param paddleThickness  T (T * aa is rounded to the line width in fine pixels)
     * @param margins          keep-out margin, drawn per image from these values
     * @param seedDistance     distance of the two target tails
     * @param markerRadius     marker disc radius
     * @param contourLength    paddles per target snake (14 = LRA's "hard")
     * @param continuity       turn penalty; the largest turn is 90 / continuity degrees
     * @param distractorLength paddles per distractor snake
     * @param distractors      number of distractor snakes
     * @param contrast         paddle intensity (snake x paddle contrast); markers are 1
     */
    public record Params(int size, int padding, int aa, int paddleLength, double paddleThickness, int[] margins,
                         int seedDistance, double markerRadius, int contourLength, double continuity,
                         int distractorLength, int distractors, double contrast) {
        /** LRA Pathfinder, 32 x 32, hard (contour length 14), 5 distractors. */
        public static final Params PF32 = new Params(32, 1, 2, 2, 0.5, new int[]{1}, 7, 1.5, 14, 1.0, 4, 5, 1.5);
        /** LRA's 64 x 64 set (the documented Path-64 stand-in). */
        public static final Params PF64 = new Params(64, 1, 2, 5, 1, new int[]{1}, 12, 2.5, 14, 1.8, 4, 5, 0.8);
        /** LRA Path-X, 128 x 128, hard. */
        public static final Params PF128 = new Params(128, 1, 2, 5, 1.5, new int[]{2, 3}, 20, 3, 14, 1.8, 4, 8, 0.9);

        public Params {
            if (size < 8 || aa < 1 || paddleLength < 1 || margins.length == 0 || contourLength < 1 || distractors < 0 || distractorLength < 1)
                throw new IllegalArgumentException("bad Pathfinder parameters: size " + size + ", aa " + aa + ", L " + paddleLength
                        + ", margins " + Arrays.toString(margins) + ", contour " + contourLength + ", distractors " + distractors + " x " + distractorLength);
            margins = margins.clone();
        }

        /** The same with another number of distractor snakes. */
        public Params withDistractors(int n) {
            return new Params(size, padding, aa, paddleLength, paddleThickness, margins, seedDistance, markerRadius, contourLength, continuity, distractorLength, n, contrast);
        }

        /** LRA's easier levels: contour length 6 (easy) or 9 (intermediate), distractor length = contour / 3. */
        public Params withContourLength(int cl) {
            return new Params(size, padding, aa, paddleLength, paddleThickness, margins, seedDistance, markerRadius, cl, continuity, Math.max(1, cl / 3), distractors, contrast);
        }
    }

    /** One generated image: size x size uint8 pixels (row-major) and its label (1 = connected). */
    public record Image(int size, byte[] pixels, int label) {
        public int pixel(int r, int c) { return pixels[r * size + c] & 0xff; }
    }

    /** Image {@code index} of the set with seed {@code seed}; its own random stream, so independent of threading. */
    public static Image image(Params p, long seed, long index) {
        SplittableRandom rng = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
        for (int attempt = 0; attempt < 1000; attempt++) {
            Image im = new Canvas(p, rng).draw();
            if (im != null) return im;
        }
        throw new IllegalStateException("could not place the target contours in 1000 attempts; parameters " + p);
    }

    /** Images 0..n-1 of the set with seed {@code seed}, on {@code threads} threads. */
    public static Image[] images(Params p, int n, long seed, int threads) {
        Image[] out = new Image[n];
        if (threads <= 1) {
            for (int i = 0; i < n; i++) out[i] = image(p, seed, i);
            return out;
        }
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = Math.max(1, n / (threads * 8));
            for (int s = 0; s < n; s += chunk) {
                int from = s, to = Math.min(n, s + chunk);
                fs.add(ex.submit(() -> { for (int i = from; i < to; i++) out[i] = image(p, seed, i); }));
            }
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Pathfinder generation failed: " + e.getCause(), e.getCause());
        } finally {
            ex.shutdownNow();
        }
        return out;
    }

    /** A generated split as S4/S5 feed it: pixels normalised to [-1, 1] by (x/255 - 0.5)/0.5, shape (n, size^2, 1). */
    public static SequenceDataset dataset(String name, Params p, int n, long seed, int threads) {
        return toDataset(name, images(p, n, seed, threads));
    }

    /** Images as a [-1, 1] normalised dataset. */
    public static SequenceDataset toDataset(String name, Image[] imgs) {
        if (imgs.length == 0) throw new IllegalArgumentException("dataset " + name + ": no images");
        int len = imgs[0].size() * imgs[0].size();
        float[] x = new float[imgs.length * len];               // (n, size * size)
        int[] y = new int[imgs.length];
        for (int i = 0; i < imgs.length; i++) {
            if (imgs[i].pixels().length != len) throw new IllegalArgumentException("dataset " + name + ": image " + i + " has another size");
            for (int t = 0; t < len; t++) x[i * len + t] = ((imgs[i].pixels()[t] & 0xff) / 255f - 0.5f) / 0.5f;
            y[i] = imgs[i].label();
        }
        return new SequenceDataset(name, len, 1, x, y, null, 2, false);
    }

    /** Writes the first rows x cols images as one grayscale PNG, 2 px gaps, label 1 framed grey. */
    public static void writeGrid(java.nio.file.Path png, Image[] imgs, int rows, int cols, int scale) throws java.io.IOException {
        int s = imgs[0].size() * scale, gap = 2;
        var out = new java.awt.image.BufferedImage(cols * (s + gap) + gap, rows * (s + gap) + gap, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var r = out.getRaster();
        for (int k = 0; k < Math.min(imgs.length, rows * cols); k++) {
            int oy = gap + (k / cols) * (s + gap), ox = gap + (k % cols) * (s + gap);
            for (int y = -1; y <= s; y++)
                for (int x = -1; x <= s; x++) {
                    boolean frame = y < 0 || x < 0 || y == s || x == s;
                    int v = frame ? (imgs[k].label() == 1 ? 128 : 0) : imgs[k].pixel(y / scale, x / scale);
                    r.setSample(ox + x, oy + y, 0, v);
                }
        }
        if (png.getParent() != null) java.nio.file.Files.createDirectories(png.getParent());
        if (!javax.imageio.ImageIO.write(out, "png", png.toFile())) throw new java.io.IOException("no PNG writer");
    }

    /** Benchmark: images/s at 32 x 32 and 128 x 128 on 1 and all threads; writes figures/pathfinder-samples.png. */
    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        for (Params p : new Params[]{Params.PF32, Params.PF128}) {
            int n = p.size() == 32 ? 4000 : 40;
            images(p, n / 4, 99, 1);                            // warm-up
            for (int t : new int[]{1, threads}) {
                long t0 = System.nanoTime();
                images(p, n, 1, t);
                System.out.printf("Pathfinder %dx%d: %.1f images/s on %d thread(s)%n", p.size(), p.size(), n / ((System.nanoTime() - t0) / 1e9), t);
            }
        }
        writeGrid(java.nio.file.Path.of(args.length > 0 ? args[0] : "figures/pathfinder-samples.png"), images(Params.PF32, 32, 1, threads), 4, 8, 4);
    }

    static long mix(long z) {                                   // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One image under construction: the picture, the occupancy mask and the snakes drawn so far. */
    private static final class Canvas {
        final Params p;
        final SplittableRandom rng;
        final int n, margin, lineR;
        final float[] img, mask;                                // (size, size)

        Canvas(Params p, SplittableRandom rng) {
            this.p = p;
            this.rng = rng;
            n = p.size();
            margin = p.margins()[rng.nextInt(p.margins().length)];
            lineR = (int) Math.max(0, (Math.round(p.paddleThickness() * p.aa()) - 1) / 2);
            img = new float[n * n];
            mask = new float[n * n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    if (r < p.padding() || c < p.padding() || r >= n - p.padding() || c >= n - p.padding()) mask[r * n + c] = 1;
        }

        /** A snake being grown: its last paddle, the footprint not yet in the mask, its start and end tips. */
        final class Snake {
            double pivY, pivX, dirY, dirX, headY, headX, tailY, tailX;
            Stamp pending;
            List<Stamp> drawn = new ArrayList<>();
        }

        Image draw() {
            int label = rng.nextInt(2);
            // two targets: seeds seedDistance apart, grown in lockstep
            Snake a = seed(2 * p.seedDistance(), -1, -1);
            if (a == null) return null;
            double phi = Math.toRadians(rng.nextInt(360) - 180);
            Snake b = seed(0, (int) Math.round(a.tailY + p.seedDistance() * Math.sin(phi)), (int) Math.round(a.tailX + p.seedDistance() * Math.cos(phi)));
            if (b == null) return null;
            for (int i = 1; i < p.contourLength(); i++)
                if (!extend(a) || !extend(b)) return null;
            commit(a);
            commit(b);
            // distractors, each with up to 4 retries; a failed one is rolled back
            for (int d = 0; d < p.distractors(); d++) {
                if (freeFraction() < 0.01) break;
                for (int t = 0; t < 5; t++) {
                    float[] m0 = mask.clone(), i0 = img.clone();
                    Snake s = seed(0, -1, -1);
                    boolean ok = s != null;
                    for (int i = 1; ok && i < p.distractorLength(); i++) ok = extend(s);
                    if (ok) { commit(s); break; }
                    System.arraycopy(m0, 0, mask, 0, mask.length);
                    System.arraycopy(i0, 0, img, 0, img.length);
                }
            }
            // markers on the start of target k and the end of k (connected) or of the other target
            Snake k = rng.nextBoolean() ? a : b, other = k == a ? b : a;
            Snake end = label == 1 ? k : other;
            marker(k.tailY, k.tailX);
            marker(end.headY, end.headX);
            return new Image(n, bytescale(img), label);
        }

        /** Seeds a snake with one paddle; at (y, x) when y >= 0, else at a random feasible pixel >= border from the edges. */
        Snake seed(int border, int y, int x) {
            for (int t = 0; t < 3; t++) {
                double th = Math.toRadians(rng.nextInt(360) - 180), dy = Math.sin(th), dx = Math.cos(th);
                int ty = y, tx = x;
                if (ty < 0) {
                    int[] free = feasible(dy, dx, Math.max(border, 1));
                    if (free.length == 0) continue;
                    int f = free[rng.nextInt(free.length)];
                    ty = f / n;
                    tx = f % n;
                } else if (!fits(ty, tx, offsets(dy, dx), 1)) return null;
                double hy = Math.ceil(ty + p.paddleLength() * dy), hx = Math.ceil(tx + p.paddleLength() * dx);
                double py = hy - (p.paddleLength() + margin) * dy, px = hx - (p.paddleLength() + margin) * dx;
                if (!inside(hy, hx) || !inside(py, px)) continue;
                Snake s = new Snake();
                s.pivY = py; s.pivX = px; s.dirY = dy; s.dirX = dx; s.headY = hy; s.headX = hx;
                s.tailY = hy - p.paddleLength() * dy; s.tailX = hx - p.paddleLength() * dx;
                paint(s, s.tailY, s.tailX, hy, hx);
                return s;
            }
            return null;
        }

        /** Pixels (index) where a paddle of direction (dy, dx) starting there lies on free pixels, >= border from the edges. */
        int[] feasible(double dy, double dx, int border) {
            int[] off = offsets(dy, dx);
            int[] out = new int[n * n];
            int k = 0;
            for (int r = border; r < n - border; r++)
                for (int c = border; c < n - border; c++)
                    if (fits(r, c, off, 1)) out[k++] = r * n + c;
            return Arrays.copyOf(out, k);
        }

        /** The pixel offsets (dy, dx pairs) a paddle of direction (dy, dx) covers from an integer start pixel. */
        int[] offsets(double dy, double dx) {
            int steps = 2 * p.paddleLength();
            int[] o = new int[2 * (steps + 1)];
            for (int s = 0; s <= steps; s++) {
                o[2 * s] = (int) Math.round(dy * p.paddleLength() * s / steps);
                o[2 * s + 1] = (int) Math.round(dx * p.paddleLength() * s / steps);
            }
            return o;
        }

        boolean fits(int r, int c, int[] off, int frame) {
            for (int s = 0; s < off.length; s += 2) {
                int y = r + off[s], x = c + off[s + 1];
                if (y < frame || x < frame || y >= n - frame || x >= n - frame || mask[y * n + x] > 0) return false;
            }
            return true;
        }

        boolean inside(double y, double x) { return y >= 0 && x >= 0 && y < n && x < n; }

        /** One more paddle: a head on the circle of radius L + margin around the next pivot, weighted for straightness. */
        boolean extend(Snake s) {
            int len = p.paddleLength(), rad = len + margin;
            double cy = s.pivY + (len + 2 * margin) * s.dirY, cx = s.pivX + (len + 2 * margin) * s.dirX;
            double step = 2 * Math.PI / (2 * Math.PI * rad);
            List<int[]> cand = new ArrayList<>();
            List<Double> w = new ArrayList<>();
            double total = 0;
            int lastY = Integer.MIN_VALUE, lastX = Integer.MIN_VALUE;
            for (double ang = 0; ang < 2 * Math.PI; ang += step) {
                int y = (int) (cy + rad * Math.sin(ang)), x = (int) (cx + rad * Math.cos(ang));
                if ((y == lastY && x == lastX) || y < 0 || x < 0 || y >= n || x >= n) continue;
                lastY = y; lastX = x;
                boolean dup = false;
                for (int[] q : cand) if (q[0] == y && q[1] == x) { dup = true; break; }
                if (dup) continue;
                double vy = y - cy, vx = x - cx, norm = Math.hypot(vy, vx);
                if (norm == 0) continue;
                double turn = Math.acos(Math.max(-1, Math.min(1, (vy * s.dirY + vx * s.dirX) / norm)));
                double cos = Math.max(Math.cos(Math.min(turn * p.continuity(), Math.PI / 2)), 0);
                double wt = Math.max(0, 1 - dilatedMask(y, x)) * cos * cos;
                cand.add(new int[]{y, x});
                w.add(wt);
                total += wt;
            }
            if (total < 1e-4) return false;
            for (int t = 0; t < 3; t++) {
                double u = rng.nextDouble() * total;
                int j = 0;
                while (j < w.size() - 1 && (u -= w.get(j)) > 0) j++;
                double hy = cand.get(j)[0], hx = cand.get(j)[1];
                double vy = hy - cy, vx = hx - cx, norm = Math.hypot(vy, vx);
                double dy = vy / norm, dx = vx / norm;
                double ty = hy - len * dy, tx = hx - len * dx;
                Stamp keep = Stamp.segment(n, p.aa(), ty, tx, hy, hx, lineR + margin * p.aa());
                if (!keep.fitsUnder(mask, 1.8f)) continue;
                if (s.pending != null) s.pending.addTo(mask);
                s.pending = null;
                s.pivY = cy; s.pivX = cx; s.dirY = dy; s.dirX = dx; s.headY = hy; s.headX = hx;
                paint(s, ty, tx, hy, hx, keep);
                return true;
            }
            return false;
        }

        void paint(Snake s, double ty, double tx, double hy, double hx) {
            paint(s, ty, tx, hy, hx, Stamp.segment(n, p.aa(), ty, tx, hy, hx, lineR + margin * p.aa()));
        }

        void paint(Snake s, double ty, double tx, double hy, double hx, Stamp keep) {
            Stamp.segment(n, p.aa(), ty, tx, hy, hx, lineR).maxInto(img, (float) p.contrast());
            s.pending = keep;
        }

        void commit(Snake s) {
            if (s.pending != null) s.pending.addTo(mask);
            s.pending = null;
        }

        /** The mask dilated by a disc of radius margin, at one pixel. */
        float dilatedMask(int y, int x) {
            float m = 0;
            for (int r = Math.max(0, y - margin); r <= Math.min(n - 1, y + margin); r++)
                for (int c = Math.max(0, x - margin); c <= Math.min(n - 1, x + margin); c++)
                    if ((r - y) * (r - y) + (c - x) * (c - x) <= margin * margin) m = Math.max(m, mask[r * n + c]);
            return m;
        }

        double freeFraction() {
            int free = 0;
            for (float v : mask) if (v == 0) free++;
            return (double) free / mask.length;
        }

        void marker(double y, double x) { Stamp.disc(n, p.aa(), y, x, p.markerRadius()).maxInto(img, 1f); }
    }

    /** Min-max scaling to 0..255 with rounding (the old {@code scipy.misc.bytescale}). */
    static byte[] bytescale(float[] v) {
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float f : v) { lo = Math.min(lo, f); hi = Math.max(hi, f); }
        byte[] out = new byte[v.length];
        if (hi <= lo) return out;
        for (int i = 0; i < v.length; i++) out[i] = (byte) (int) Math.min(255, (v[i] - lo) * 255f / (hi - lo) + 0.4999f);
        return out;
    }
}
