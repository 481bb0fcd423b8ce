package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import last.plot.Plots;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The paper's values joined beside ours (Tables 2, 9, 10; Fig. 2 reference curves). */
class PaperReferenceTest {

    @Test
    void paperColumnsAreTheFilesValuesAndUnpublishedOnesSaySo() {
        var loss = new java.util.LinkedHashMap<String, double[]>();
        loss.put("Uniform H-inf", ClaimsTest.ramp(2, 3));
        loss.put("Global H-inf", ClaimsTest.ramp(1.5, 3));
        loss.put("Random", ClaimsTest.ramp(5, 5));
        loss.put("LAST", ClaimsTest.ramp(0.2, 0.35));   // ratio 30 %
        Table sweeps = Reports.stack(List.of(ClaimsTest.sweep("path64", "S5", loss, 0.1),
                ClaimsTest.sweep("listops-500", "S5", loss, 0.1), ClaimsTest.sweep("smnist", "S5", loss, 0.1)));
        Table t = PaperReference.atLastRatioWithPaper(sweeps, List.of("Uniform H-inf", "Global H-inf", "Random", "LAST"),
                ClaimsTest.paperDir(), "Table 9");
        assertEquals(3, t.rowCount());
        int px = t.stringColumn("task").indexOf("path64");
        assertEquals("Path-X (stand-in)", t.stringColumn("paper task").get(px));
        assertEquals("30", t.stringColumn("paper ratio (%)").get(px));
        assertEquals("98.41", t.stringColumn("paper full").get(px));
        assertEquals("97.95", t.stringColumn("paper LAST").get(px));          // exact (published)
        assertEquals("~69.0", t.stringColumn("paper Global H-inf").get(px));  // digitised from Fig. 2
        assertEquals("~54.0", t.stringColumn("paper Random").get(px));
        assertEquals("unknown", t.stringColumn("paper Uniform H-inf").get(px));
        int lo = t.stringColumn("task").indexOf("listops-500");
        assertEquals("0", t.stringColumn("paper ratio (%)").get(lo));           // non-compressible: every method = full
        assertEquals("61.48", t.stringColumn("paper Uniform H-inf").get(lo));
        int sm = t.stringColumn("task").indexOf("smnist");
        assertEquals("unknown", t.stringColumn("paper ratio (%)").get(sm));     // Table 7 not recovered
        // ours is untouched: LAST's ratio 30 % from the sweep
        assertEquals(30, t.intColumn("LAST ratio (%)").get(px));
    }

    @Test
    void averagesGetThePapersTable1AndTable6ValuesBesideThem() {
        var loss = new java.util.LinkedHashMap<String, double[]>();
        loss.put("Uniform H-inf", ClaimsTest.ramp(2, 3));
        loss.put("LAST", ClaimsTest.ramp(0.2, 0.35));
        Table sweeps = Reports.stack(List.of(ClaimsTest.sweep("smnist", "S5", loss, 0.1), ClaimsTest.sweep("smnist", "S4D", loss, 0.1)));
        Table ours = Reports.averages(sweeps, List.of("Uniform H-inf", "LAST"), "Table 1");
        Table t = PaperReference.withPaperAverages(ours, ClaimsTest.paperDir());
        assertEquals(ours.rowCount(), t.rowCount());
        assertEquals(ours.columnCount() + 2, t.columnCount());
        Table t6 = Claims.read(ClaimsTest.paperDir().resolve("table6-s5-averages.csv"));
        for (var r : t) {
            double ratio = r.getDouble("paper avg ratio (%)"), l = r.getDouble("paper avg loss (%p)");
            String model = r.getString("model"), method = r.getString("method");
            if (method.equals("LAST")) {
                assertEquals(model.equals("S5") ? 33.00 : 26.25, ratio, 1e-9, model);   // table1-averages.csv
                assertEquals(model.equals("S5") ? 0.52 : 0.32, l, 1e-9, model);
            } else if (model.equals("S5")) {                                            // from Table 6
                var p = Claims.find(t6, x -> x.getString("method").equals(method));
                assertEquals(Claims.num(p, "avg_loss"), l, 1e-9);
            } else {
                assertTrue(Double.isNaN(l) && Double.isNaN(ratio), "S4D Uniform H-inf is not recovered: " + l);
            }
        }
    }

    @Test
    void theReferenceCurveIsPlacedByRatioOnOurAxis() {
        var c = PaperReference.curve(ClaimsTest.paperDir(), "ListOps", "S5", "LAST");
        assertNotNull(c);
        assertEquals(11, c.ratio().length);
        assertEquals(0, c.ratio()[0]);
        assertEquals(61.5, c.accuracy()[0], 1e-9);
        assertFalse(c.exact());
        assertNull(PaperReference.curve(ClaimsTest.paperDir(), "ListOps", "S4D", "LAST"));
        Table sweep = ClaimsTest.sweep("listops-500", "S5", Map.of("LAST", ClaimsTest.ramp(0.2, 0.35)), 0.1);
        var chart = last.figures.Figures.tradeOffWithPaper(sweep, Methods.PAPER_CURVES, ClaimsTest.paperDir(), null);
        var ref = chart.getSeriesMap().get(Plots.PAPER_LEGEND + ": LAST");
        assertNotNull(ref, chart.getSeriesMap().keySet().toString());
        // full dimension 32 in the hand-made sweep: ratio 50 % -> 16 (the axis is reversed: plotted as -16)
        double[] xs = ref.getXData();
        assertTrue(java.util.Arrays.stream(xs).anyMatch(x -> Math.abs(x + 16) < 1e-9), java.util.Arrays.toString(xs));
        // titles name the checkpoint: a name that starts with the task is the title, another is appended
        assertEquals("listops-500-s5, half rate (5000 test samples)",
                last.figures.Figures.tradeOff(sweep, Methods.PAPER_CURVES, "listops-500-s5, half rate").getTitle());
        assertEquals("listops-500 / S5 (5000 test samples) [run 2]",
                last.figures.Figures.tradeOff(sweep, Methods.PAPER_CURVES, "run 2").getTitle());
        assertEquals("listops-500 / S5 (5000 test samples)", chart.getTitle());
    }

    @Test
    void fig3KeptStatesStandBesideThePapersPathXValues() {
        var remaining = new java.util.LinkedHashMap<String, int[][]>();
        remaining.put("Global H-inf", new int[][]{{32, 32, 32, 32}, {30, 32, 20, 14}});
        remaining.put("LAST", new int[][]{{32, 32, 32, 32}, {24, 26, 24, 22}});
        Table t = PaperReference.fig3KeptWithPaper(remaining, new double[]{0, 0.2}, 32, ClaimsTest.paperDir());
        assertEquals(2, t.rowCount());   // ratio 0 is left out
        assertEquals("94 100 63 44", t.stringColumn("ours: kept per layer (%)").get(0));
        assertEquals(56.3, t.doubleColumn("ours: spread (%p)").get(0), 1e-9);   // 100 - 43.75
        // the paper's digitised Path-X values at 20 %: Global H-inf 147 255 250 225 168 188 of 256
        assertEquals("57 100 98 88 66 73", t.stringColumn("paper Path-X: kept per layer (%, ~)").get(0));
        assertEquals(Math.round(10 * 100 * (255 - 147) / 256.0) / 10.0, t.doubleColumn("paper: spread (%p)").get(0), 1e-9);
        assertEquals("LAST", t.stringColumn("method").get(1));
        assertThrows(IllegalArgumentException.class, () -> PaperReference.fig3KeptWithPaper(remaining, new double[]{0, 0.2}, 0, ClaimsTest.paperDir()));
    }
}
