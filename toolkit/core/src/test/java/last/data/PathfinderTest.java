package last.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PathfinderTest {
    private static final Pathfinder.Params P = Pathfinder.Params.PF32;

    @Test
    void pixelStatisticsMatchTheReferenceGenerator() {
        int n = 200, len = 1024;
        Pathfinder.Image[] im = Pathfinder.images(P, n, 3, 2);
        double ge64 = 0, ge200 = 0, pos = 0;
        for (Pathfinder.Image i : im) {
            assertEquals(255, i.pixels().length == len ? maxOf(i) : -1, "min-max scaled");
            for (byte b : i.pixels()) { int v = b & 0xff; if (v >= 64) ge64++; if (v >= 200) ge200++; }
            pos += i.label();
        }
        // data.md 2.2, 32 x 32: fraction >= 64 is 0.167, >= 200 is 0.017 (box filter instead of Lanczos: compare these)
        assertEquals(0.167, ge64 / n / len, 0.02, "fraction >= 64");
        assertEquals(0.017, ge200 / n / len, 0.005, "fraction >= 200");
        assertEquals(0.5, pos / n, 0.1, "share of positives");
    }

    private static int maxOf(Pathfinder.Image i) {
        int m = 0;
        for (byte b : i.pixels()) m = Math.max(m, b & 0xff);
        return m;
    }

    @Test
    void sameImagesWhateverTheThreadCount() {
        Pathfinder.Image[] a = Pathfinder.images(P, 24, 5, 1), b = Pathfinder.images(P, 24, 5, 3);
        for (int i = 0; i < 24; i++) {
            assertArrayEquals(a[i].pixels(), b[i].pixels(), "image " + i);
            assertEquals(a[i].label(), b[i].label());
        }
        assertArrayEquals(a[7].pixels(), Pathfinder.image(P, 5, 7).pixels());
        assertFalse(java.util.Arrays.equals(a[0].pixels(), Pathfinder.images(P, 1, 6, 1)[0].pixels()));
    }

    @Test
    void datasetIsNormalisedToMinusOneOne() {
        SequenceDataset d = Pathfinder.dataset("pf32/test", P, 10, 1, 1);
        assertEquals(1024, d.length());
        assertEquals(2, d.classes());
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        double mean = 0;
        for (float v : d.x()) { lo = Math.min(lo, v); hi = Math.max(hi, v); mean += v; }
        assertEquals(-1, lo, 1e-6);
        assertEquals(1, hi, 1e-6);
        assertEquals(-0.79, mean / d.x().length, 0.06, "normalised mean (data.md: -0.79; fewer faint pixels here)");
    }

    @Test
    void markersLieOnTheCanvasAndSnakesDoNotFillIt() {
        for (Pathfinder.Image i : Pathfinder.images(P, 20, 8, 1)) {
            int dark = 0;
            for (byte b : i.pixels()) if ((b & 0xff) == 0) dark++;
            assertTrue(dark > 400 && dark < 1000, "background pixels " + dark);
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> P.withDistractors(-1));
    }
}
