package last.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class StateDimensionTest {
    /** A sweep with the CSV's columns: per method, {ratio %, actual fraction, loss, lo, hi} rows; full accuracy 90. */
    static Table sweep(String task, String model, Map<String, double[][]> rows) {
        StringColumn t = StringColumn.create("task"), m = StringColumn.create("model"), me = StringColumn.create("method");
        DoubleColumn ratio = DoubleColumn.create("ratio"), act = DoubleColumn.create("actual_ratio"), acc = DoubleColumn.create("accuracy"),
                loss = DoubleColumn.create("accuracy_loss"), lo = DoubleColumn.create("loss_lo"), hi = DoubleColumn.create("loss_hi");
        IntColumn samples = IntColumn.create("samples");
        for (var e : rows.entrySet())
            for (double[] r : e.getValue()) {
                t.append(task); m.append(model); me.append(e.getKey());
                ratio.append(r[0]); act.append(r[1]); acc.append(90 - r[2]); loss.append(r[2]); lo.append(r[3]); hi.append(r[4]);
                samples.append(5000);
            }
        return Table.create("sweep", t, m, me, ratio, act, acc, loss, lo, hi, samples);
    }

    static double[][] curve(double... lossAt10to30) {
        return new double[][]{{0, 0, 0, 0, 0}, {10, 0.1, lossAt10to30[0], lossAt10to30[0] - 0.3, lossAt10to30[0] + 0.3},
                {20, 0.2, lossAt10to30[1], lossAt10to30[1] - 0.3, lossAt10to30[1] + 0.3},
                {30, 0.3, lossAt10to30[2], lossAt10to30[2] - 0.3, lossAt10to30[2] + 0.3}};
    }

    @Test
    void lastRatioIsTheLargestTestedRatioUnderOnePointPerModelOfEveryStudy() {
        var s5 = new StateDimension.Study("sMNIST S5", "P", Map.of(128, "b", 32, "a"));
        var s4d = new StateDimension.Study("sMNIST S4D", "N_s", Map.of(64, "c"));
        var loaded = Map.of(
                "a", sweep("smnist", "S5", Map.of("LAST", curve(1.5, 3, 9))),
                "b", sweep("smnist", "S5", Map.of("LAST", curve(0.2, 0.8, 4))),
                "c", sweep("smnist", "S4D", Map.of("LAST", curve(0.1, 2, 5))));
        var sweeps = StateDimension.sweeps(List.of(s5, s4d), loaded);
        Table t = StateDimension.lastRatios(sweeps);
        assertEquals(List.of("sMNIST S5", "sMNIST S5", "sMNIST S4D"), t.stringColumn(StateDimension.STUDY).asList());
        assertEquals(List.of(32, 128, 64), t.intColumn(StateDimension.DIM).asList());       // dimensions ascending per study
        assertEquals(List.of(0, 20, 10), t.intColumn("LAST ratio (%)").asList());
        assertEquals(0.8, t.doubleColumn("LAST loss (%p)").get(1), 1e-12);
        // hi of the interval at 20 %: 1.1 >= 1, so the interval does not support the rule at P = 128
        assertTrue(t.stringColumn("interval supports the rule").get(1).startsWith("no"));
        assertEquals("yes", t.stringColumn("interval supports the rule").get(2));            // [-0.2, 0.4] at 10 %
        assertEquals(2, StateDimension.of(t, s5).rowCount());
    }

    @Test
    void lossAtFractionInterpolatesAtTheActualFractionAndRanksWithinEachModel() {
        var s5 = new StateDimension.Study("psMNIST S5", "P", Map.of(32, "a"));
        var rows = new LinkedHashMap<String, double[][]>();
        rows.put("LAST", curve(1, 2, 6));
        rows.put("Uniform H-inf", new double[][]{{0, 0, 0, 0, 0}, {10, 0.125, 1, 0.5, 1.5}, {20, 0.25, 3, 2, 4}, {30, 0.375, 5, 4, 6}});
        var sweeps = StateDimension.sweeps(List.of(s5), Map.of("a", sweep("psmnist", "S5", rows)));
        Table t = StateDimension.lossAtFraction(sweeps, List.of("LAST", "Uniform H-inf", "Random"), 0.3);
        assertEquals(2, t.rowCount(), "methods missing from the sweep are left out");
        // Uniform H-inf at 30 % actual: between (0.25, 3) and (0.375, 5): 3 + 0.4 * 2 = 3.8, interval [2.8, 4.8]
        assertEquals(3.8, t.doubleColumn("loss (%p)").get(1), 1e-9);
        assertEquals(2.8, t.doubleColumn("loss lo").get(1), 1e-9);
        assertEquals(4.8, t.doubleColumn("loss hi").get(1), 1e-9);
        assertEquals(List.of("Uniform H-inf", "LAST"), StateDimension.ranking(t, s5, 32));
        assertThrows(IllegalArgumentException.class, () -> StateDimension.lossAtFraction(sweeps, List.of("LAST"), 1.2));
    }

    @Test
    void aStudyNeedsCheckpointsAndPositiveDimensions() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StateDimension.Study("x", "P", Map.of()));
        assertTrue(e.getMessage().contains("no checkpoints"));
        e = assertThrows(IllegalArgumentException.class, () -> new StateDimension.Study("x", "P", Map.of(0, "a")));
        assertTrue(e.getMessage().contains("positive"));
        var s = new StateDimension.Study("x", "N_s", Map.of(64, "a", 8, "b"));
        assertEquals(List.of(8, 64), List.copyOf(s.checkpoints().keySet()));
        assertEquals("N_s = 64", s.label(64));
        assertTrue(StateDimension.sweeps(List.of(s), Map.of()).isEmpty(), "a study without sweeps is left out");
    }
}
