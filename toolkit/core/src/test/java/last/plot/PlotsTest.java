package last.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import last.experiment.Methods;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

class PlotsTest {

    @Test
    void tradeOffRendersOnAReversedAxisWithoutHanging() {
        // the S4D sweep range (256 .. 2) made XChart's label callback loop forever; the decimal pattern must not
        double[] x = {256, 230, 204.5, 179, 153.5, 128, 102, 76.5, 51, 25.5, 2};
        double[] y = {98.5, 97.5, 97.5, 94.5, 24.6, 14, 9.8, 9.8, 9.7, 11.5, 9.8};
        var img = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Plots.image(Plots.tradeOff("t", List.of(new Curve("LAST", x, y)), 98.5, 10, 10)));
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
        var axis = Plots.tradeOff("t", List.of(new Curve("LAST", x, y)), 98.5, 10, 10).getStyler().getXAxisDecimalPattern();
        assertEquals("250", new java.text.DecimalFormat(axis).format(-250.0).trim(), "ticks show the state dimension without a sign");
    }

    @Test
    void imageGridTilesAndScalesEachImage() {
        float[] a = new float[4], b = {0, 1, 2, 3};
        var img = Plots.imageGrid(List.of(a, b), 2, 1, 2, 3);
        assertEquals(2 * (2 * 3 + 3) + 3, img.getWidth());
        assertEquals(0xffffff, img.getRGB(0, 0) & 0xffffff, "white border");
        int x0 = 3 + (2 * 3 + 3);                                        // second tile
        assertEquals(0, img.getRGB(x0, 3) & 0xff, "min of b is black");
        assertEquals(255, img.getRGB(x0 + 3, 3 + 3) & 0xff, "max of b is white");
        assertThrows(IllegalArgumentException.class, () -> Plots.imageGrid(List.of(new float[3]), 2, 1, 1, 1));
    }

    @Test
    void everyMethodHasItsOwnColourAndMarker() {
        for (String m : Methods.ALL) assertTrue(Style.METHODS.containsKey(m), "no registered style for '" + m + "'");
        Set<Color> colours = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        for (var e : Style.METHODS.entrySet()) {
            assertTrue(colours.add(e.getValue().color()), "colour of " + e.getKey() + " is used twice");
            assertTrue(pairs.add(e.getValue().color() + "/" + e.getValue().marker().getClass()), e.getKey());
        }
        assertEquals(Style.RANDOM, Style.color("Random"));
        assertEquals(Style.LAST, Style.color("LAST"));
        assertNotEquals(Style.color("LAMP"), Style.color("Oracle (output energy)"));
        assertNotEquals(Style.color("Unstructured random"), Style.color("LAST-H2"));
    }

    @Test
    void tradeOffDrawsEachCurveInStateDimensionOrderWithTheLegendOutside() {
        // S4D's end point: ratio 90 % kept 25.5, ratio 99 % kept 26 (rounding) -> the line used to double back
        Curve c = new Curve("LAST", new double[]{256, 128, 25.5, 26}, new double[]{98, 90, 20, 30});
        XYChart chart = Plots.tradeOff("t", List.of(c), 98, 10, 10);
        double[] x = chart.getSeriesMap().get("LAST").getXData();
        for (int i = 1; i < x.length; i++) assertTrue(x[i] >= x[i - 1], "plotted x ascending at " + i);
        assertArrayEquals(new double[]{98, 90, 30, 20}, chart.getSeriesMap().get("LAST").getYData(), "y follows x");
        Styler.LegendPosition pos = chart.getStyler().getLegendPosition();
        assertTrue(pos.name().startsWith("Outside"), "legend outside the plot area, was " + pos);
        assertEquals(Style.marker("LAST").getClass(), chart.getSeriesMap().get("LAST").getMarker().getClass());
    }

    @Test
    void titleCarriesTheCheckpointName() {
        assertEquals("sMNIST / S5 [smnist-s5.cpu]", Plots.title("sMNIST / S5", "smnist-s5.cpu"));
        assertEquals("sMNIST / S5", Plots.title("sMNIST / S5", null));
    }

    @Test
    void referenceCurveIsAddedFaintDashedAndSorted() {
        XYChart chart = Plots.tradeOff("t", List.of(new Curve("LAST", new double[]{64, 32}, new double[]{60, 50})), 60, 10, 10);
        XYSeries r = Plots.addReference(chart, "LAST", new double[]{32, 64, 48}, new double[]{40, 61, 55});
        assertTrue(chart.getSeriesMap().containsKey(Plots.PAPER_LEGEND + ": LAST"));
        assertArrayEquals(new double[]{-64, -48, -32}, r.getXData(), "reversed axis, sorted");
        assertTrue(r.getLineColor().getAlpha() < 255, "faint");
        assertNotNull(r.getLineStyle().getDashArray(), "dashed");
        assertTrue(Plots.addReference(chart, null, new double[]{1}, new double[]{1}).getName().equals(Plots.PAPER_LEGEND));
        assertTrue(Plots.image(chart).getWidth() > 0);
    }

    @Test
    void gridWithLegendDrawsOneLegendBelowThePanels() {
        var a = Plots.tradeOff("a", List.of(new Curve("LAST", new double[]{64, 32}, new double[]{60, 50})), 60, 10, 10);
        var b = Plots.tradeOff("b", List.of(new Curve("Random", new double[]{64, 32}, new double[]{60, 40})), 60, 10, 10);
        var img = Plots.gridWithLegend(List.of(a, b), 2);
        assertFalse(a.getStyler().isLegendVisible());
        assertEquals(2 * Plots.TRADE_OFF_WIDTH, img.getWidth());
        assertTrue(img.getHeight() > Plots.TRADE_OFF_HEIGHT, "legend strip below");
    }

    @Test
    void poleGroupsGetDistinctColoursAndMarkers() {
        Map<String, double[][]> g = new LinkedHashMap<>();
        for (String k : List.of("0% pruned", "20% pruned", "50% pruned", "80% pruned"))
            g.put(k, new double[][]{{-0.5, -0.4}, {1, -1}});
        XYChart chart = Plots.poles("p", g, false);
        Set<Color> colours = new HashSet<>();
        for (String k : g.keySet()) assertTrue(colours.add(chart.getSeriesMap().get(k).getMarkerColor()), k);
        assertNotEquals(chart.getSeriesMap().get("0% pruned").getMarker().getClass(),
                chart.getSeriesMap().get("80% pruned").getMarker().getClass());
    }

    @Test
    void spectrogramOfAPureTonePeaksAtTheTone() {
        int rate = 16000;
        double tone = 1000;
        float[] x = new float[rate / 2];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * tone * i / rate);
        Spectrogram sp = Spectrogram.of(x, rate, 400, 160);
        assertEquals(512, sp.nfft());
        assertEquals(tone, sp.binHz(sp.peakBin()), rate / (double) sp.nfft() / 2 + 1e-9);
        assertEquals(0.5, sp.seconds(), 0.011);
        var img = Plots.spectrogram("tone", x, rate);
        assertTrue(img.getWidth() > 400 && img.getHeight() > 200);
        assertEquals(img.getWidth(), Plots.waveform("tone", x, rate).getWidth(), "a waveform stacks above its spectrogram");
    }

    @Test
    void stackAndRowPlaceImagesOnWhite() {
        var a = new java.awt.image.BufferedImage(10, 5, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var b = new java.awt.image.BufferedImage(4, 7, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var s = Plots.stack(List.of(a, b), 2);
        assertEquals(10, s.getWidth());
        assertEquals(14, s.getHeight());
        assertEquals(0xffffff, s.getRGB(9, 10) & 0xffffff, "white right of the narrower image");
        var r = Plots.row(List.of(a, b), 3);
        assertEquals(17, r.getWidth());
        assertEquals(7, r.getHeight());
    }
}
