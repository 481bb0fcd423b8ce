package last.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * LRA Pathfinder and Path-X (paper Table 2): are the two white markers the two ends of one dashed curve?
 * A re-implementation, from the description in data.md 2.2, of the Linsley/Kim {@code snakes2} generator with
 * LRA's parameter sets (no code copied). Two target snakes of {@code contourLength} paddles grow in lockstep
 * from tails {@code seedDistance} apart, then {@code distractors} short snakes; snakes never touch (keep-out
 * footprints in an occupancy mask); markers sit on the start of target k and on the end of k (label 1) or of
 * the other target (label 0). Paddles, keep-out footprints and markers are drawn at {@code aa} times the
 * resolution and Lanczos-3 downsampled; each image is min-max scaled to 0..255 as the released PNGs are.
 *
 * <h2>How the original behaves, and what this port keeps</h2>
 * <ul>
 *   <li>The occupancy mask is the element-wise <b>max</b> of keep-out footprints (8-bit values in [0, 1]); a paddle
 *       is accepted if mask + footprint stays below 1.8 everywhere. Candidate heads are weighted by
 *       1 - (mask dilated by a disc of radius margin), so they stay clear of everything, the frame included.</li>
 *   <li>Lines and markers are resized in floating point (Lanczos overshoot above 1 kept), footprints in 8 bits,
 *       as the original's current version does; distractors get the snake contrast alone (2.0 at 32 x 32, brighter
 *       than the 2 x 0.75 targets), as the original passes it.</li>
 *   <li>Pivots and heads are integer pixels (the original rounds every translation up), so the candidate heads
 *       around a pivot are a fixed set of integer displacements per (L, margin), and each one's paddle stamp,
 *       turn weight and next pivot step are computed once per parameter set ({@link Geometry}). Generating an
 *       image is then only sampling, sparse max of precomputed stamps and a small disc-max per candidate.</li>
 *   <li>The two target snakes are redrawn from scratch until both reach {@code contourLength} paddles; stiff
 *       snakes (at most 90/continuity degrees per paddle, cos^2-weighted) that run into the frame are dead ends.
 *       About 1 attempt in 16 succeeds at 32 x 32, 1 in 400-500 at 128 x 128 (14 paddles of period 9-11 px from
 *       seeds in the central 48 x 48 px) and 1 in 1,500 at 64 x 64 (period 7 px, seeds in the central 16 x 16 px).
 *       The original retries without limit; this port allows {@link #MAX_TARGET_ATTEMPTS}. An attempt costs tens
 *       of microseconds, as a failed pair is undone by resetting only the pixels of the footprints it set.</li>
 *   <li>Small deviations: a seed must have its own footprint core free (the original tests it shifted by one
 *       pixel); both targets' last footprints enter the mask (the original forgets the first target's); pivot
 *       and head rounding ignores floating-point noise below 1e-9; a distractor's tail is drawn uniformly among
 *       the free pixels by rejection sampling (a full scan only when that is slow).</li>
 * </ul>
 *
 * <p>Every image has its own random stream, derived from (run seed, image index), so a set is identical for any
 * thread count. Speed and a thread-count check: {@code last.bench.PathfinderBench}.
 */
public final class Pathfinder {
    private Pathfinder() {}

    /** Target pairs tried per image before giving up (the original never gives up). */
    public static final int MAX_TARGET_ATTEMPTS = 200_000;

    /**
     * Generator settings (data.md 2.2 table; lengths in pixels of the output grid).
     *
     * @param size             side of the square image
     * @param padding          occupied frame (at least 1)
     * @param aa               supersampling factor
     * @param paddleLength     L
     * @param paddleThickness  T (T * aa must be an integer: the fine line width)
     * @param margins          keep-out margin, drawn per image from these values
     * @param seedDistance     distance of the two target tails
     * @param markerRadius     marker disc radius
     * @param contourLength    paddles per target snake (14 = LRA's "hard")
     * @param continuity       turn penalty; the largest turn is 90 / continuity degrees
     * @param distractorLength paddles per distractor snake
     * @param distractors      number of distractor snakes
     * @param contrast         target paddle intensity (snake x paddle contrast); markers are about 1
     * @param distractorContrast distractor paddle intensity: the original passes the snake contrast alone to the
     *                         distractors, so at 32 x 32 they are brighter (2.0) than the targets (2 x 0.75)
     */
    public record Params(int size, int padding, int aa, int paddleLength, double paddleThickness, int[] margins,
                         int seedDistance, double markerRadius, int contourLength, double continuity,
                         int distractorLength, int distractors, double contrast, double distractorContrast) {
        /** LRA Pathfinder, 32 x 32, hard (contour length 14), 5 distractors. */
        public static final Params PF32 = new Params(32, 1, 2, 2, 0.5, new int[]{1}, 7, 1.5, 14, 1.0, 4, 5, 1.5, 2.0);
        /**
         * Path-64: LRA's 64 x 64 set, hard (contour 14, 22 // 4 = 5 distractors of 4, continuity 1.8, paddle length 5,
         * thickness 1, margin 1), the documented reduced stand-in for Path-X at sequence length 4096 (data.md 3).
         */
        public static final Params PF64 = new Params(64, 1, 2, 5, 1, new int[]{1}, 12, 2.5, 14, 1.8, 4, 5, 0.8, 0.8);
        /** LRA Path-X, 128 x 128, hard (contour 14, 35 // 4 = 8 distractors of 4, paddle 5 x 1.5, margin 2 or 3); sequence length 16384. */
        public static final Params PF128 = new Params(128, 1, 2, 5, 1.5, new int[]{2, 3}, 20, 3, 14, 1.8, 4, 8, 0.9, 0.9);

        public Params {
            if (size < 8 || padding < 1 || aa < 1 || paddleLength < 1 || margins.length == 0 || contourLength < 1 || distractors < 0
                    || distractorLength < 1 || seedDistance < 1 || continuity <= 0 || markerRadius <= 0
                    || Math.abs(paddleThickness * aa - Math.round(paddleThickness * aa)) > 1e-9 || Math.round(paddleThickness * aa) < 1
                    || 4 * seedDistance >= size)
                throw new IllegalArgumentException("bad Pathfinder parameters: size " + size + ", padding " + padding + ", aa " + aa
                        + ", L " + paddleLength + ", T " + paddleThickness + ", margins " + Arrays.toString(margins) + ", seed distance "
                        + seedDistance + ", contour " + contourLength + ", distractors " + distractors + " x " + distractorLength);
            margins = margins.clone();
            for (int m : margins) if (m < 1) throw new IllegalArgumentException("bad Pathfinder margin " + m);
        }

        @Override public int[] margins() { return margins.clone(); }

        /** The same with another number of distractor snakes. */
        public Params withDistractors(int n) {
            return new Params(size, padding, aa, paddleLength, paddleThickness, margins, seedDistance, markerRadius, contourLength, continuity, distractorLength, n, contrast, distractorContrast);
        }

        /** LRA's easier levels: contour length 6 (easy) or 9 (intermediate), distractor length = contour / 3. */
        public Params withContourLength(int cl) {
            return new Params(size, padding, aa, paddleLength, paddleThickness, margins, seedDistance, markerRadius, cl, continuity, Math.max(1, cl / 3), distractors, contrast, distractorContrast);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Params q && size == q.size && padding == q.padding && aa == q.aa && paddleLength == q.paddleLength
                    && paddleThickness == q.paddleThickness && Arrays.equals(margins, q.margins) && seedDistance == q.seedDistance
                    && markerRadius == q.markerRadius && contourLength == q.contourLength && continuity == q.continuity
                    && distractorLength == q.distractorLength && distractors == q.distractors && contrast == q.contrast
                    && distractorContrast == q.distractorContrast;
        }

        @Override public int hashCode() {
            return Objects.hash(size, padding, aa, paddleLength, paddleThickness, Arrays.hashCode(margins), seedDistance, markerRadius,
                    contourLength, continuity, distractorLength, distractors, contrast, distractorContrast);
        }

        @Override public String toString() {
            return "Params[size " + size + ", padding " + padding + ", aa " + aa + ", L " + paddleLength + ", T " + paddleThickness
                    + ", margins " + Arrays.toString(margins) + ", seed distance " + seedDistance + ", marker " + markerRadius
                    + ", contour " + contourLength + ", continuity " + continuity + ", distractors " + distractors + " x "
                    + distractorLength + ", contrast " + contrast + " / " + distractorContrast + "]";
        }
    }

    /**
     * One generated image: size x size uint8 pixels (row-major), its label (1 = connected) and the marker centres
     * {origin y, origin x, terminal y, terminal x}.
     */
    public record Image(int size, byte[] pixels, int label, int[] markers) {
        public int pixel(int r, int c) { return pixels[r * size + c] & 0xff; }
    }

    /** Image {@code index} of the set with seed {@code seed}; its own random stream, so independent of threading. */
    public static Image image(Params p, long seed, long index) {
        return new Canvas(generator(p)).draw(seed, index);
    }

    /**
     * Images 0..n-1 of the set with seed {@code seed}, on {@code threads} threads. Each image depends only on
     * (p, seed, index), so the result is the same for every thread count; threads take blocks of indices from a
     * shared counter.
     */
    public static Image[] images(Params p, int n, long seed, int threads) {
        if (n < 0) throw new IllegalArgumentException("Pathfinder.images: n must be >= 0, got " + n);
        Generator g = generator(p);
        Image[] out = new Image[n];
        int t = Math.max(1, Math.min(threads, n));
        if (t == 1) {
            Canvas c = new Canvas(g);
            for (int i = 0; i < n; i++) out[i] = c.draw(seed, i);
            return out;
        }
        int block = Math.max(1, Math.min(64, n / (t * 16)));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread[] ws = new Thread[t];
        for (int w = 0; w < t; w++) {
            ws[w] = new Thread(() -> {
                try {
                    Canvas c = new Canvas(g);
                    for (int s; err.get() == null && (s = next.getAndAdd(block)) < n; )
                        for (int i = s; i < Math.min(n, s + block); i++) out[i] = c.draw(seed, i);
                } catch (Throwable e) {
                    err.compareAndSet(null, e);
                }
            }, "pathfinder-" + w);
            ws[w].setDaemon(true);
            ws[w].start();
        }
        try {
            for (Thread w : ws) w.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (err.get() != null) throw new IllegalStateException("Pathfinder generation failed: " + err.get(), err.get());
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

    /**
     * Writes sample grids: {@code args[0]} (default figures/pathfinder-samples.png) for 32 x 32, and with
     * {@code args[1]}, {@code args[2]} also 64 x 64 and 128 x 128 grids. Speed: {@code last.bench.PathfinderBench}.
     */
    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        writeGrid(java.nio.file.Path.of(args.length > 0 ? args[0] : "figures/pathfinder-samples.png"), images(Params.PF32, 32, 1, threads), 4, 8, 4);
        if (args.length > 1) writeGrid(java.nio.file.Path.of(args[1]), images(Params.PF64, 8, 1, threads), 2, 4, 2);
        if (args.length > 2) writeGrid(java.nio.file.Path.of(args[2]), images(Params.PF128, 8, 1, threads), 2, 4, 1);
    }

    static long mix(long z) {                                   // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Where marker values go (max into the picture). */
    interface Sink { void max(int index, float value); }

    private static final ConcurrentHashMap<Params, Generator> GENERATORS = new ConcurrentHashMap<>();

    static Generator generator(Params p) { return GENERATORS.computeIfAbsent(p, Generator::new); }

    /** Everything that depends only on the parameters: one {@link Geometry} per margin. Immutable, shared by threads. */
    static final class Generator {
        final Params p;
        final int[] margins;
        final Geometry[] geo;

        Generator(Params p) {
            this.p = p;
            margins = p.margins();
            geo = new Geometry[margins.length];
            for (int i = 0; i < margins.length; i++) geo[i] = new Geometry(p, margins[i]);
        }
    }

    /**
     * Precomputed snake steps for one margin. Orientation states 0..359 are the seed angles (integer degrees
     * -180..179), states 360 + k the candidate heads k.
     */
    static final class Geometry {
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

        Geometry(Params p, int m) {
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

    /**
     * One thread's drawing state, reused across images: picture and occupancy mask. A failed target pair is undone by
     * resetting the pixels of the footprints it committed; a failed distractor through an undo journal of the mask.
     * Paddles are drawn into the picture only once their snake is complete, so failures never touch it.
     */
    static final class Canvas implements Sink {
        static final float OCCUPIED = 0.3f;                     // seeding: mask > 0.3 counts as occupied
        final Generator g;
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
        Geometry geo;
        long attempts;                                          // target-pair attempts so far (diagnostics)

        Canvas(Generator g) {
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
            rng = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
            int label = rng.nextInt(2);
            geo = g.geo[rng.nextInt(g.margins.length)];
            Snake a = new Snake(), b = new Snake();
            for (int attempt = 0; ; attempt++) {
                if (attempt >= MAX_TARGET_ATTEMPTS)
                    throw new IllegalStateException("could not place the target contours in " + MAX_TARGET_ATTEMPTS + " attempts; " + p);
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
                int t = rng.nextInt(Geometry.SEEDS);
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
                int t = rng.nextInt(Geometry.SEEDS);
                double phi = rng.nextInt(360) * Math.PI / 180;
                int ty = (int) Math.rint(a.tailY + p.seedDistance() * Math.sin(phi)), tx = (int) Math.rint(a.tailX + p.seedDistance() * Math.cos(phi));
                if (place(s, t, ty, tx)) return true;
            }
            return false;
        }

        /** Distractor seed: a uniform tail among pixels whose footprint core lies on free mask (mask <= 0.3). */
        boolean seedFree(Snake s) {
            for (int trial = 0; trial < 3; trial++) {
                int t = rng.nextInt(Geometry.SEEDS);
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
            Geometry q = geo;
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
                s.pivY = py; s.pivX = px; s.state = Geometry.SEEDS + k; s.headY = hy; s.headX = hx;
                return true;
            }
            return false;
        }

        /** The mask dilated by the disc of radius margin, at one pixel. */
        float dilated(int y, int x) {
            Geometry q = geo;
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
    }

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
