package last.data.generate;

import last.data.SequenceDataset;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * LRA Pathfinder and Path-X (paper Table 2): are the two white markers the two ends of one dashed curve?
 * A re-implementation, from the description in docs/data.md 2.2, of the Linsley/Kim {@code snakes2} generator with
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
 *       turn weight and next pivot step are computed once per parameter set ({@link PathfinderGeometry}, drawn by {@link PathfinderCanvas}). Generating an
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
 * thread count. Speed and a thread-count check: {@code last.bench.PathfinderBench}; sample grids:
 * {@code ./last cli pathfinder-samples [png32 [png64 [png128]]]}.
 */
public final class Pathfinder {
    private Pathfinder() {}

    /** Target pairs tried per image before giving up (the original never gives up). */
    public static final int MAX_TARGET_ATTEMPTS = 200_000;

    /**
     * Generator settings (docs/data.md 2.2 table; lengths in pixels of the output grid).
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
         * thickness 1, margin 1), the documented reduced stand-in for Path-X at sequence length 4096 (docs/data.md 3).
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
        return new PathfinderCanvas(generator(p)).draw(seed, index);
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
            PathfinderCanvas c = new PathfinderCanvas(g);
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
                    PathfinderCanvas c = new PathfinderCanvas(g);
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

    static long mix(long z) {                                   // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Where marker values go (max into the picture). */
    interface Sink { void max(int index, float value); }

    private static final ConcurrentHashMap<Params, Generator> GENERATORS = new ConcurrentHashMap<>();

    static Generator generator(Params p) { return GENERATORS.computeIfAbsent(p, Generator::new); }

    /** Everything that depends only on the parameters: one {@link PathfinderGeometry} per margin. Immutable, shared by threads. */
    static final class Generator {
        final Params p;
        final int[] margins;
        final PathfinderGeometry[] geo;

        Generator(Params p) {
            this.p = p;
            margins = p.margins();
            geo = new PathfinderGeometry[margins.length];
            for (int i = 0; i < margins.length; i++) geo[i] = new PathfinderGeometry(p, margins[i]);
        }
    }
}
