package last.data.generate;

import last.data.SequenceDataset;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PathfinderTest {
    private static final Pathfinder.Params P = Pathfinder.Params.PF32;

    /** Pixel statistics of a set, on the 0..255 scale and after (x/255 - 0.5)/0.5, as docs/data.md 2.2 reports them. */
    private record Stats(double mean, double gt0, double ge64, double ge200, double normMean, double normStd, double positives) {
        static Stats of(Pathfinder.Image[] im) {
            double sum = 0, gt0 = 0, ge64 = 0, ge200 = 0, z = 0, z2 = 0, pos = 0, px = 0;
            for (Pathfinder.Image i : im) {
                for (byte b : i.pixels()) {
                    int v = b & 0xff;
                    double x = (v / 255.0 - 0.5) / 0.5;
                    sum += v; z += x; z2 += x * x; px++;
                    if (v > 0) gt0++;
                    if (v >= 64) ge64++;
                    if (v >= 200) ge200++;
                }
                pos += i.label();
            }
            double zm = z / px;
            return new Stats(sum / px, gt0 / px, ge64 / px, ge200 / px, zm, Math.sqrt(z2 / px - zm * zm), pos / im.length);
        }
    }

    @Test
    void pixelStatisticsMatchTheReferenceGenerator() {
        Pathfinder.Image[] im = Pathfinder.images(P, 200, 3, 2);
        for (Pathfinder.Image i : im) {
            assertEquals(1024, i.pixels().length);
            assertEquals(255, maxOf(i), "min-max scaled");
        }
        Stats s = Stats.of(im);
        // docs/data.md 2.2, 32 x 32 (400 images of the original): mean 26.7 (sd 1.5 across images), > 0: 0.47, >= 64: 0.167, >= 200: 0.017
        assertEquals(26.7, s.mean(), 1.5, "mean pixel");
        assertEquals(0.47, s.gt0(), 0.03, "fraction > 0 (Lanczos ringing)");
        assertEquals(0.167, s.ge64(), 0.02, "fraction >= 64");
        assertEquals(0.017, s.ge200(), 0.005, "fraction >= 200");
        assertEquals(0.5, s.positives(), 0.1, "share of positives");
    }

    @Test
    void pathXStatisticsMatchTheReferenceGenerator() {
        Pathfinder.Image[] im = Pathfinder.images(Pathfinder.Params.PF128, 30, 3, 2);
        for (Pathfinder.Image i : im) assertEquals(128 * 128, i.pixels().length);
        Stats s = Stats.of(im);
        // docs/data.md 2.2, 128 x 128 (60 images of the original): mean 7.1 (sd 0.4), > 0: 0.13, >= 64: 0.037, >= 200: 0.011,
        // normalised mean / std -0.94 / 0.26
        assertEquals(7.1, s.mean(), 0.5, "mean pixel");
        assertEquals(0.13, s.gt0(), 0.02, "fraction > 0");
        assertEquals(0.037, s.ge64(), 0.006, "fraction >= 64");
        assertEquals(0.011, s.ge200(), 0.004, "fraction >= 200");
        assertEquals(-0.94, s.normMean(), 0.02, "normalised mean");
        assertEquals(0.26, s.normStd(), 0.03, "normalised std");
    }

    @Test
    void path64IsTheReducedStandIn() {
        Pathfinder.Image[] im = Pathfinder.images(Pathfinder.Params.PF64, 24, 4, 2);
        SequenceDataset d = Pathfinder.toDataset("path64", im);
        assertEquals(4096, d.length());
        Stats s = Stats.of(im);
        // no reference statistics for 64 x 64 in docs/data.md: it must sit between the 32 and 128 sets
        assertTrue(s.mean() > 7.1 && s.mean() < 26.7, "mean pixel " + s.mean());
        assertTrue(s.ge64() > 0.037 && s.ge64() < 0.167, "fraction >= 64: " + s.ge64());
    }

    @Test
    void snakesAndMarkersStayOnTheCanvas() {
        for (Pathfinder.Params p : new Pathfinder.Params[]{Pathfinder.Params.PF64, Pathfinder.Params.PF128}) {
            int n = p.size(), minMargin = java.util.Arrays.stream(p.margins()).min().getAsInt();
            for (Pathfinder.Image i : Pathfinder.images(p, 16, 9, 2)) {
                int[] m = i.markers();
                // the start tips are >= seedDistance from the borders; end tips are heads, which stay margin px clear of the frame
                assertTrue(border(m[0], m[1], n) >= p.seedDistance(), "start marker " + m[0] + "," + m[1]);
                assertTrue(border(m[2], m[3], n) >= p.padding() + minMargin, "end marker " + m[2] + "," + m[3]);
                // no paddle on the frame: away from the markers (which can touch it) the outermost ring stays dark
                for (int r = 0; r < n; r++)
                    for (int c = 0; c < n; c++) {
                        if (border(r, c, n) > 0) continue;
                        double dm = Math.min(Math.hypot(r - m[0], c - m[1]), Math.hypot(r - m[2], c - m[3]));
                        if (dm > p.markerRadius() + 2.5) assertTrue(i.pixel(r, c) < 8, n + "x" + n + ": frame pixel " + r + "," + c + " = " + i.pixel(r, c));
                    }
            }
        }
    }

    private static int border(int r, int c, int n) { return Math.min(Math.min(r, c), Math.min(n - 1 - r, n - 1 - c)); }

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
            assertArrayEquals(a[i].markers(), b[i].markers());
        }
        assertArrayEquals(a[7].pixels(), Pathfinder.image(P, 5, 7).pixels());
        assertFalse(java.util.Arrays.equals(a[0].pixels(), Pathfinder.images(P, 1, 6, 1)[0].pixels()));
        Pathfinder.Image[] c = Pathfinder.images(Pathfinder.Params.PF128, 4, 5, 1), d = Pathfinder.images(Pathfinder.Params.PF128, 4, 5, 2);
        for (int i = 0; i < 4; i++) assertArrayEquals(c[i].pixels(), d[i].pixels(), "128 x 128 image " + i);
    }

    @Test
    void labelsAreBalancedAndMarkerDistanceCarriesNoLabel() {
        Pathfinder.Image[] im = Pathfinder.images(P, 400, 12, 2);
        double pos = 0, dPos = 0, dNeg = 0;
        for (Pathfinder.Image i : im) {
            int[] m = i.markers();
            double d = Math.hypot(m[0] - m[2], m[1] - m[3]);
            if (i.label() == 1) { pos++; dPos += d; } else dNeg += d;
        }
        assertEquals(0.5, pos / im.length, 0.07, "share of positives");
        assertEquals(dPos / pos, dNeg / (im.length - pos), 2.0, "mean marker distance, positives vs negatives");
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
        assertEquals(-0.79, mean / d.x().length, 0.06, "normalised mean (docs/data.md: -0.79)");
    }

    @Test
    void markersLieOnTheCanvasAndSnakesDoNotFillIt() {
        for (Pathfinder.Image i : Pathfinder.images(P, 20, 8, 1)) {
            int dark = 0;
            for (byte b : i.pixels()) if ((b & 0xff) == 0) dark++;
            assertTrue(dark > 400 && dark < 1000, "background pixels " + dark);
            for (int k = 0; k < 4; k++) assertTrue(i.markers()[k] >= 0 && i.markers()[k] < 32);
        }
    }

    @Test
    void stampsKeepTheMassOfTheirFineDrawing() {
        // Lanczos weights: each output sample's weights sum to 1, and the centre one is symmetric
        Stamp.Kernel k = Stamp.Kernel.of(41, 21);
        for (double[] w : k.w) assertEquals(1, java.util.Arrays.stream(w).sum(), 1e-12);
        double[] c = k.w[10];
        for (int i = 0; i < c.length; i++) assertEquals(c[i], c[c.length - 1 - i], 1e-12);
        // a horizontal 1.5 px paddle at 128 x 128: 11 x 3 fine pixels; resizing 41 -> 21 keeps the mass up to (41/21)^2,
        // and only the positive lobes are stored (negative ringing cannot raise a max over a black canvas)
        Stamp line = Stamp.paddle(5, 1.5, 3, 2, 0, 128)[0];
        double sum = 0;
        for (float v : line.v) sum += v;
        double mass = sum * (41.0 / 21) * (41.0 / 21);
        assertTrue(mass >= 33 && mass < 33 * 1.15, "paddle mass in fine pixels " + mass);
        assertTrue(line.minX >= -3 && line.maxX <= 8 && line.minY >= -3 && line.maxY <= 3, "paddle box");
        // a marker disc of radius 3 away from the border: area pi r^2 (counted on the fine grid: 113 / 4)
        double[] disc = new double[1];
        Stamp.marker(128, 2, 60, 60, 3, (f, v) -> disc[0] += v);
        assertEquals(113 / 4.0, disc[0], 113 / 4.0 * 0.05, "marker mass");
        // footprints: 8-bit values in [0, 1], their core covers the paddle
        Stamp keep = Stamp.paddle(5, 1.5, 3, 2, 0, 128)[1];
        for (float v : keep.v) assertTrue(v > 0 && v <= 1);
        assertTrue(keep.cy.length >= 6 * 3, "footprint core " + keep.cy.length);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> P.withDistractors(-1));
        assertThrows(IllegalArgumentException.class, () -> new Pathfinder.Params(32, 0, 2, 2, 0.5, new int[]{1}, 7, 1.5, 14, 1, 4, 5, 1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new Pathfinder.Params(32, 1, 2, 2, 0.75, new int[]{1}, 7, 1.5, 14, 1, 4, 5, 1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new Pathfinder.Params(32, 1, 2, 2, 0.5, new int[]{}, 7, 1.5, 14, 1, 4, 5, 1.5, 2));
        assertEquals(Pathfinder.Params.PF128, new Pathfinder.Params(128, 1, 2, 5, 1.5, new int[]{2, 3}, 20, 3, 14, 1.8, 4, 8, 0.9, 0.9));
    }
}
