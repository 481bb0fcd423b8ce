package last.bench;

import java.util.Locale;
import last.data.generate.Pathfinder;

/**
 * Benchmark (not a test) of the Pathfinder / Path-X generator ({@link Pathfinder}): images per second at 32 x 32
 * (Pathfinder), 64 x 64 (Path-64 stand-in) and 128 x 128 (Path-X) on 1 and 2 threads, and a checksum of each set
 * (labels and pixels in index order), which must be the same for every thread count. Parameter tables are built
 * and the JIT warmed (about 1 s per size, other seeds) before timing.
 *
 * <p>Run: {@code ./last cli bench-pathfinder [n32] [n64] [n128] [maxThreads]} (defaults 4000,
 * 100, 100, 2). Exits with status 1 if the checksums differ.
 */
public final class PathfinderBench {
    private PathfinderBench() {}

    /**
     * Generates {@code counts} = {32x32, 64x64, 128x128} images with 1..{@code maxThreads} threads; prints images/s and
     * a checksum per thread count, and returns whether the outputs were identical across thread counts.
     */
    public static boolean run(int[] counts, int maxThreads) {
        if (counts.length != 3) throw new IllegalArgumentException("bench-pathfinder: three image counts (32, 64, 128) expected");
        if (maxThreads < 1) throw new IllegalArgumentException("bench-pathfinder: threads must be >= 1 but is " + maxThreads);
        Pathfinder.Params[] sets = {Pathfinder.Params.PF32, Pathfinder.Params.PF64, Pathfinder.Params.PF128};
        boolean same = true;
        System.out.printf(Locale.ROOT, "%-9s %7s %8s %10s %18s%n", "size", "images", "threads", "images/s", "checksum");
        for (int s = 0; s < sets.length; s++) {
            Pathfinder.Params p = sets[s];
            int n = counts[s];
            if (n <= 0) continue;
            long warm = System.nanoTime();                                     // tables + JIT warm-up, about 1 s
            for (int seed = 1000; System.nanoTime() - warm < 1_000_000_000L; seed++) Pathfinder.images(p, Math.max(2, n / 10), seed, maxThreads);
            long first = 0;
            for (int t = 1; t <= maxThreads; t++) {
                long t0 = System.nanoTime();
                Pathfinder.Image[] im = Pathfinder.images(p, n, 1, t);
                double sec = (System.nanoTime() - t0) / 1e9;
                long sum = checksum(im);
                if (t == 1) first = sum;
                same &= sum == first;
                System.out.printf(Locale.ROOT, "%-9s %7d %8d %10.1f %18s%s%n", p.size() + "x" + p.size(), n, t, n / sec,
                        Long.toHexString(sum), sum == first ? "" : "  DIFFERS from 1 thread");
            }
        }
        System.out.println(same ? "outputs identical across thread counts" : "OUTPUTS DIFFER across thread counts");
        return same;
    }

    /** FNV-1a over (label, pixels) of every image in index order. */
    static long checksum(Pathfinder.Image[] im) {
        long h = 0xcbf29ce484222325L;
        for (Pathfinder.Image i : im) {
            h = (h ^ i.label()) * 0x100000001b3L;
            for (byte b : i.pixels()) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
