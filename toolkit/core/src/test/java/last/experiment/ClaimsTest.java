package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Each verdict branch of the claims engine on hand-made sweep tables. */
class ClaimsTest {

    static Path paperDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("data/paper"))) return d.resolve("data/paper");
        throw new IllegalStateException("data/paper not found");
    }

    /**
     * A sweep where {@code loss.get(method)[i]} is the loss at ratio 10 i (i = 0..9) plus an end point of 80 %p, each
     * with a +- {@code halfWidth} interval; actual fractions equal the nominal ones.
     */
    static Table sweep(String task, String model, Map<String, double[]> loss, double halfWidth) {
        List<Sweep.Row> rows = new ArrayList<>();
        for (var e : loss.entrySet())
            for (int i = 0; i <= 10; i++) {
                double l = i == 10 ? 80 : e.getValue()[i], hw = i == 0 ? 0 : halfWidth;
                rows.add(new Sweep.Row(task, model, e.getKey(), i == 10 ? 100 : 10 * i, i == 10 ? 0.97 : i / 10.0, "-",
                        32 * (1 - i / 10.0), 95 - l, l, l - hw, l + hw, 5000));
            }
        return Sweep.table(task, rows);
    }

    static double[] ramp(double at10, double step) {
        double[] v = new double[10];
        for (int i = 1; i < 10; i++) v[i] = at10 + step * (i - 1);
        return v;
    }

    static Map<String, double[]> methods(double lastAt10, double others) {
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        for (String c : Claims.PAPER_CRITERIA) m.put(c, c.equals("LAST") ? ramp(lastAt10, 0.35) : ramp(others, 5));
        m.put(Sweep.UNSTRUCTURED, ramp(others + 20, 8));
        return m;
    }

    static final String[] TEN = {"smnist", "psmnist", "scifar-fmnist", "listops-500", "text-1024", "retrieval-1024",
            "lra-image-fmnist", "pathfinder32", "path64", "speech35-synth"};

    static Claims.Claim claim(List<Claims.Claim> all, String id, String model) {
        return all.stream().filter(c -> c.id().equals(id) && c.statement().startsWith(model)).findFirst()
                .orElseGet(() -> all.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow());
    }

    @Test
    void allTenTasksWithClearIntervalsHold() {
        List<Table> sweeps = new ArrayList<>();
        for (String t : TEN) sweeps.add(sweep(t, "S5", methods(0.2, 3), 0.2));
        var claims = Claims.evaluate(new Claims.Evidence(sweeps, paperDir(), null, null));
        // LAST: 0.2 at 10 %, +0.35 per step -> loss 0.9 < 1 at 30 %: ratio 30 % on every task (paper 33 %)
        assertEquals(Claims.Verdict.HOLDS, claim(claims, "1", "S5").verdict(), claim(claims, "1", "S5").toString());
        assertEquals(Claims.Verdict.HOLDS, claim(claims, "3", "S5").verdict(), claim(claims, "3", "S5").toString());
        assertEquals(Claims.Verdict.HOLDS, claim(claims, "4", "S5").verdict(), claim(claims, "4", "S5").toString());
        assertEquals(Claims.Verdict.NOT_TESTABLE, claim(claims, "2", "S4D").verdict());
        assertEquals(Claims.Verdict.NOT_TESTABLE, claim(claims, "8", "").verdict());
    }

    @Test
    void fewerTasksOrOverlappingIntervalsArePartly() {
        List<Table> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) three.add(sweep(TEN[i], "S5", methods(0.1, 3), 0.2));
        var c = Claims.evaluate(new Claims.Evidence(three, paperDir(), null, null));
        assertEquals(Claims.Verdict.PARTLY, claim(c, "1", "S5").verdict());
        assertTrue(claim(c, "1", "S5").reason().contains("3 of the paper's 10 tasks"), claim(c, "1", "S5").reason());
        assertEquals(Claims.Verdict.PARTLY, claim(c, "3", "S5").verdict());
        // all ten, but wide intervals: LAST's interval overlaps the others'
        List<Table> wide = new ArrayList<>();
        for (String t : TEN) {
            var m = methods(0.2, 3);
            m.put("Uniform H-inf", ramp(1.5, 0.5));   // 2.5 at 30 %: above LAST's 0.9, but within the wide intervals
            wide.add(sweep(t, "S5", m, 6));
        }
        c = Claims.evaluate(new Claims.Evidence(wide, paperDir(), null, null));
        assertEquals(Claims.Verdict.PARTLY, claim(c, "3", "S5").verdict(), claim(c, "3", "S5").toString());
        assertTrue(claim(c, "3", "S5").reason().contains("overlap"));
        assertEquals(Claims.Verdict.PARTLY, claim(c, "1", "S5").verdict(), claim(c, "1", "S5").toString());
    }

    @Test
    void aCriterionBeatingLastMeansDoesNotHold() {
        List<Table> sweeps = new ArrayList<>();
        for (String t : TEN) {
            var m = methods(0.1, 3);
            m.put("LAMP", ramp(0.0, 0.05));          // LAMP loses less than LAST at LAST's ratios
            sweeps.add(sweep(t, "S5", m, 0.1));
        }
        var c = Claims.evaluate(new Claims.Evidence(sweeps, paperDir(), null, null));
        assertEquals(Claims.Verdict.DOES_NOT_HOLD, claim(c, "3", "S5").verdict());
        assertTrue(claim(c, "3", "S5").reason().contains("LAMP"));
    }

    @Test
    void nonCompressibleTasksMakeClaimThreeUntestable() {
        List<Table> sweeps = List.of(sweep("smnist", "S4D", methods(1.5, 3), 0.2));
        var c = Claims.evaluate(new Claims.Evidence(sweeps, paperDir(), null, null));
        assertEquals(Claims.Verdict.NOT_TESTABLE, claim(c, "3", "S4D").verdict());
        assertTrue(claim(c, "3", "S4D").reason().contains("non-compressible"));
    }

    @Test
    void globalHinfCollapseNeedsBothPathTasks() {
        var m = methods(0.1, 3);
        m.put("Global H-inf", new double[]{0, 1, 5, 30, 40, 45, 45, 45, 45, 45});
        var c = Claims.evaluate(new Claims.Evidence(List.of(sweep("pathfinder32", "S5", m, 1)), paperDir(), null, null));
        assertEquals(Claims.Verdict.PARTLY, claim(c, "6", "").verdict(), claim(c, "6", "").toString());
        c = Claims.evaluate(new Claims.Evidence(List.of(sweep("pathfinder32", "S5", m, 1), sweep("path64", "S5", m, 1)), paperDir(), null, null));
        assertEquals(Claims.Verdict.HOLDS, claim(c, "6", "").verdict());
        var flat = methods(0.1, 3);
        flat.put("Global H-inf", ramp(0.1, 0.5));
        c = Claims.evaluate(new Claims.Evidence(List.of(sweep("pathfinder32", "S5", flat, 1)), paperDir(), null, null));
        assertEquals(Claims.Verdict.DOES_NOT_HOLD, claim(c, "6", "").verdict());
    }

    @Test
    void poleShiftAndSpeedVerdicts() {
        var down = new Claims.PoleShift("path64", "S5", 4, new int[]{0, 20, 40}, new double[]{0.3, 0.2, 0.1});
        var c = Claims.evaluate(new Claims.Evidence(List.of(), paperDir(), null, down));
        assertEquals(Claims.Verdict.HOLDS, claim(c, "7", "").verdict());
        var other = new Claims.PoleShift("smnist", "S5", 4, new int[]{0, 20, 40}, new double[]{0.3, 0.2, 0.1});
        assertEquals(Claims.Verdict.PARTLY, claim(Claims.evaluate(new Claims.Evidence(List.of(), paperDir(), null, other)), "7", "").verdict());
        var up = new Claims.PoleShift("path64", "S5", 4, new int[]{0, 20}, new double[]{0.1, 0.3});
        assertEquals(Claims.Verdict.DOES_NOT_HOLD, claim(Claims.evaluate(new Claims.Evidence(List.of(), paperDir(), null, up)), "7", "").verdict());
        Table speed = Table.create("t8", tech.tablesaw.api.StringColumn.create("task", new String[]{"text", "image"}),
                tech.tablesaw.api.StringColumn.create("model", new String[]{"S5", "S5"}),
                tech.tablesaw.api.DoubleColumn.create("ratio", new double[]{60, 30}),
                tech.tablesaw.api.DoubleColumn.create("speedup", new double[]{1.5, 0.9}),
                tech.tablesaw.api.DoubleColumn.create("speedup_lo", new double[]{1.3, 0.7}),
                tech.tablesaw.api.DoubleColumn.create("speedup_hi", new double[]{1.6, 1.1}),
                tech.tablesaw.api.DoubleColumn.create("memory_ratio", new double[]{0.7, 0.9}));
        c = Claims.evaluate(new Claims.Evidence(List.of(), paperDir(), speed, null));
        assertEquals(Claims.Verdict.PARTLY, claim(c, "8", "").verdict(), claim(c, "8", "").toString());
    }

    @Test
    void pixelStabilityComparesAtEqualActualFractions() {
        List<Table> sweeps = new ArrayList<>();
        for (String model : List.of("S5", "S4D"))
            for (int i = 0; i < 3; i++) sweeps.add(sweep(TEN[i], model, methods(0.1, 3), 0.2));
        var c = Claims.evaluate(new Claims.Evidence(sweeps, paperDir(), null, null));
        assertEquals(Claims.Verdict.HOLDS, claim(c, "9", "").verdict(), claim(c, "9", "").toString());
        sweeps.clear();
        for (String model : List.of("S5", "S4D"))
            for (int i = 0; i < 3; i++) {
                var m = methods(0.1, 3);
                m.put("Global H-inf", ramp(0.0, 0.1));
                sweeps.add(sweep(TEN[i], model, m, 0.2));
            }
        c = Claims.evaluate(new Claims.Evidence(sweeps, paperDir(), null, null));
        assertEquals(Claims.Verdict.DOES_NOT_HOLD, claim(c, "9", "").verdict());
    }

    @Test
    void paperValuesComeFromTheDataFiles() {
        var c = Claims.evaluate(new Claims.Evidence(List.of(), paperDir(), null, null));
        assertTrue(claim(c, "1", "S5").paper().contains("33.00"), claim(c, "1", "S5").paper());
        assertTrue(claim(c, "2", "S4D").paper().contains("26.25"));
        assertTrue(claim(c, "6", "").paper().contains("~57"));
        assertTrue(claim(c, "3", "S5").paper().startsWith("LAST 0.52 < Uniform H-inf 4.32"), claim(c, "3", "S5").paper());
    }
}
