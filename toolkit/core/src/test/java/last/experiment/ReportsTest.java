package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class ReportsTest {

    static Table withSamples(Table t) {
        IntColumn s = IntColumn.create("samples");
        for (int i = 0; i < t.rowCount(); i++) s.append(100);
        return t.addColumns(s);
    }

    @Test
    void averagesFollowThePaperRuleWithAndWithoutNonCompressibleTasks() {
        // task a: LAST ratio 20 % (loss 0.5), Uniform loses 2 there; task b: non-compressible
        Table a = SweepTest.sweep("a", new double[]{0, 0.1, 0.5, 3}, new double[]{0, 1, 2, 4});
        Table b = SweepTest.sweep("b", new double[]{0, 1.5, 3}, new double[]{0, 2, 4});
        Table all = withSamples(Reports.stack(List.of(a, b)));
        Table t = Reports.averages(all, List.of("Uniform H-inf", "LAST"), "t");
        assertEquals(2, t.rowCount());
        var uni = t.where(t.stringColumn("method").isEqualTo("Uniform H-inf"));
        assertEquals(10, uni.doubleColumn("avg ratio (%)").get(0), 1e-9);             // (20 + 0) / 2
        assertEquals(20, uni.doubleColumn("avg ratio, compressible (%)").get(0), 1e-9);
        assertEquals(1, uni.doubleColumn("avg loss (%p)").get(0), 1e-9);              // (2 + 0) / 2
        assertEquals(2, uni.doubleColumn("avg loss, compressible (%p)").get(0), 1e-9);
        var last = t.where(t.stringColumn("method").isEqualTo("LAST"));
        assertEquals(0.25, last.doubleColumn("avg loss (%p)").get(0), 1e-9);

        Table fixed = Reports.lossAtRatios(all, List.of("Uniform H-inf", "LAST"), new int[]{10, 20}, "f");
        var fu = fixed.where(fixed.stringColumn("method").isEqualTo("Uniform H-inf"));
        assertEquals(1.5, fu.doubleColumn("loss at 10 % (%p)").get(0), 1e-9);           // (1 + 2) / 2
        assertEquals(3.0, fu.doubleColumn("loss at 20 % (%p)").get(0), 1e-9);           // (2 + 4) / 2
        assertEquals(2.25, fu.doubleColumn("mean loss (%p)").get(0), 1e-9);

        Table t7 = Reports.atLastRatio(all, List.of("Uniform H-inf", "LAST"), "t7");
        assertEquals(List.of("yes", "non-compressible"), t7.stringColumn("LAST >= every other method").asList());
        assertEquals(20, t7.intColumn("LAST ratio (%)").get(0));
    }

    /** A sweep whose loss is {@code slope} x the actual removed percentage, at the given actual fractions, interval +-1 %p. */
    static Table linear(String task, String method, double slope, double... actual) {
        var tk = tech.tablesaw.api.StringColumn.create("task"); var md = tech.tablesaw.api.StringColumn.create("model");
        var me = tech.tablesaw.api.StringColumn.create("method");
        var ra = tech.tablesaw.api.DoubleColumn.create("ratio"); var ac = tech.tablesaw.api.DoubleColumn.create("actual_ratio");
        var acc = tech.tablesaw.api.DoubleColumn.create("accuracy"); var lo = tech.tablesaw.api.DoubleColumn.create("loss_lo");
        var loss = tech.tablesaw.api.DoubleColumn.create("accuracy_loss"); var hi = tech.tablesaw.api.DoubleColumn.create("loss_hi");
        for (int i = 0; i < actual.length; i++) {
            double l = slope * 100 * actual[i];
            tk.append(task); md.append("S5"); me.append(method); ra.append(10 * i); ac.append(actual[i]);
            acc.append(90 - l); loss.append(l); lo.append(i == 0 ? 0 : l - 1); hi.append(i == 0 ? 0 : l + 1);
        }
        return Table.create("t", tk, md, me, ra, ac, acc, loss, lo, hi);
    }

    @Test
    void equalSizeComparisonInterpolatesOnTheActualRemovedFraction() {
        // 16 pairs per layer: Uniform rounds 10/20 % up to 12.5/25 %, the global LAST removes 10.9/20.3 %
        double[] uni = {0, 0.125, 0.25}, glob = {0, 0.109375, 0.203125};
        Table all = withSamples(Reports.stack(List.of(
                linear("a", "LAST", 0.1, glob), linear("a", "Uniform H-inf", 0.2, uni),
                linear("b", "LAST", 0.3, glob), linear("b", "Uniform H-inf", 0.4, uni),
                // task c's LAST curve stops before 20 % removed: c is left out of every row
                linear("c", "LAST", 0.1, 0, 0.109375), linear("c", "Uniform H-inf", 0.2, uni))));
        Table t = Reports.lossAtRemoved(all, List.of("Uniform H-inf", "LAST"), new int[]{10, 20}, "eq");
        var last = t.where(t.stringColumn("method").isEqualTo("LAST"));
        var u = t.where(t.stringColumn("method").isEqualTo("Uniform H-inf"));
        assertEquals(2, last.intColumn("tasks").get(0));
        assertEquals(2.0, last.doubleColumn("loss at 10 % removed (%p)").get(0), 1e-9);   // (1 + 3) / 2: linear curves interpolate exactly
        assertEquals(4.0, last.doubleColumn("loss at 20 % removed (%p)").get(0), 1e-9);
        assertEquals(3.0, u.doubleColumn("loss at 10 % removed (%p)").get(0), 1e-9);      // (2 + 4) / 2, not the 12.5 % point
        assertEquals(4.5, u.doubleColumn("mean loss (%p)").get(0), 1e-9);                 // (3 + 6) / 2
        // each task's interval is +-1 %p at its tested points and 0 at ratio 0, interpolated between them (at 10 %
        // removed: +-0.1/0.109375); two tasks average to +-h * sqrt(2) / 2
        double h10 = 0.1 / 0.109375 * Math.sqrt(2) / 2, h20 = Math.sqrt(2) / 2;
        assertEquals(String.format(java.util.Locale.ROOT, "[%.2f, %.2f] / [%.2f, %.2f]", 2 - h10, 2 + h10, 4 - h20, 4 + h20),
                last.stringColumn("95 % intervals").get(0));
        // the nominal view compares different sizes: Uniform's 10 % row is its 12.5 % point
        Table nominal = Reports.lossAtRatios(all, List.of("Uniform H-inf", "LAST"), new int[]{10}, "n");
        assertEquals(10.0 / 3, nominal.where(nominal.stringColumn("method").isEqualTo("Uniform H-inf"))
                .doubleColumn("loss at 10 % (%p)").get(0), 0.005);                        // (2.5 + 5 + 2.5) / 3 over a, b, c
    }

    @Test
    void everyShippedConfigParses() throws Exception {
        Path dir = Path.of("../../data/configs");
        try (var s = Files.list(dir)) {
            var files = s.filter(p -> p.toString().endsWith(".json")).toList();
            assertTrue(files.size() >= 30, "expected the six CPU and six paper-scale pixel-level configs");
            for (Path f : files) {
                RunConfig c = RunConfig.read(f);
                assertTrue(c.scale().equals("cpu") || c.scale().equals("paper"), f + ": scale " + c.scale());
                assertTrue(f.getFileName().toString().startsWith(c.task()), f + " names task " + c.task());
                assertTrue(Tasks.NAMES.contains(c.task()), f + ": unknown task " + c.task());
                // <task>-<model>[-<variant>].<scale>.json, e.g. smnist-s5-p128.cpu.json for the state-dimension study
                assertTrue(f.getFileName().toString().matches(java.util.regex.Pattern.quote(c.task()) + "-"
                        + c.model().kind().name().toLowerCase() + "(-[a-z0-9]+)?\\.(cpu|paper)\\.json"), f + " names model " + c.model().kind());
            }
        }
    }

    @Test
    void checkpointTableReadsTheShippedFilesAndNamesWhatIsMissing(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path shipped = ClaimsTest.paperDir().getParent().resolve("checkpoints");
        Table t = Reports.checkpoints(shipped, List.of("smnist-s5", "no-such-checkpoint"));
        assertEquals(1, t.rowCount());
        String acc = Files.readString(shipped.resolve("smnist-s5/test-accuracy.txt")).trim().split(" ")[0];
        assertEquals(Math.round(Double.parseDouble(acc) * 10000) / 100.0, t.doubleColumn("test accuracy (%)").get(0), 1e-9);
        assertEquals(97.0, t.doubleColumn("target (%)").get(0));
        assertEquals(32, t.intColumn("P (S5) or N_s (S4D)").get(0));
        assertEquals(16, t.intColumn("stored states per layer").get(0));   // conj-sym: P/2 pairs
        // a checkpoint without its test accuracy (a run in progress) is named with the file it lacks
        Path partial = tmp.resolve("partial");
        Files.createDirectories(partial);
        for (String f : new String[]{"model.json", "config.json"}) Files.copy(shipped.resolve("smnist-s5/" + f), partial.resolve(f));
        var e = assertThrows(IllegalArgumentException.class, () -> Reports.checkpoints(tmp, List.of("partial")));
        assertTrue(e.getMessage().contains("test-accuracy.txt"), e.getMessage());
        // a finished run whose console log was not kept: its counts are unknown (missing), not zero
        Path noConsole = tmp.resolve("no-console");
        Files.createDirectories(noConsole);
        for (String f : new String[]{"model.json", "config.json", "test-accuracy.txt", "train-log.csv"})
            Files.copy(shipped.resolve("smnist-s5/" + f), noConsole.resolve(f));
        try (var st = Files.list(shipped.resolve("smnist-s5"))) {
            for (Path p : st.filter(p -> p.getFileName().toString().endsWith(".npz")).toList()) Files.copy(p, noConsole.resolve(p.getFileName()));
        }
        Table nc = Reports.checkpoints(tmp, List.of("no-console"));
        assertTrue(nc.intColumn("resumes").isMissing(0));
        assertTrue(nc.intColumn("skipped batches").isMissing(0));
        assertEquals(t.doubleColumn("train minutes").get(0), nc.doubleColumn("train minutes").get(0), 1e-9);
    }

    @Test
    void statusSortsNamesIntoTrainedInProgressAndNotTrained(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("done"));
        Files.writeString(tmp.resolve("done/test-accuracy.txt"), "0.9 100\n");
        Files.createDirectories(tmp.resolve("running"));
        Files.writeString(tmp.resolve("running/model.json"), "{}");
        var s = Reports.status(tmp, List.of("running", "none", "done"));
        assertEquals(List.of("done"), s.trained());
        assertEquals(List.of("running"), s.inProgress());
        assertEquals(List.of("none"), s.notTrained());
        assertTrue(s.toString().contains("training not finished: [running]"), s.toString());
    }

    @Test
    void loadAllReadsTheShippedSweepsAndNamesTheMissing() {
        Path data = ClaimsTest.paperDir().getParent();
        var out = new java.io.ByteArrayOutputStream();
        var all = Sweep.loadAll(data.resolve("checkpoints"), data.resolve("results"), List.of("no-such-checkpoint", "listops-500-s5"),
                new java.io.PrintStream(out, true));
        assertEquals(List.of("listops-500-s5"), List.copyOf(all.keySet()));
        assertEquals(Sweep.load(data.resolve("checkpoints/listops-500-s5"), data.resolve("results"), null).rowCount(), all.get("listops-500-s5").rowCount());
        assertTrue(out.toString().contains("not swept yet: [no-such-checkpoint]"), out.toString());
    }

    @Test
    void averagesAndFixedRatiosUseTheTasksThatHaveEveryMethod() {
        var both = new java.util.LinkedHashMap<String, double[]>();
        both.put("LAST", ClaimsTest.ramp(0.2, 0.35));
        both.put("Uniform magnitude", ClaimsTest.ramp(3, 2));
        Table a = ClaimsTest.sweep("smnist", "S5", both, 0.1);
        Table b = ClaimsTest.sweep("lra-image-fmnist", "S5", java.util.Map.of("LAST", ClaimsTest.ramp(5, 1)), 0.1);
        Table all = Reports.stack(List.of(a, b));
        Table t = Reports.averages(all, List.of("LAST", "Uniform magnitude"), "t6");
        assertEquals(List.of(1, 1), t.intColumn("tasks").asList());          // only smnist has both
        assertEquals(30.0, t.doubleColumn("avg ratio (%)").get(0), 1e-9);
        Table lastOnly = Reports.averages(all, List.of("LAST"), "t1");
        assertEquals(2, lastOnly.intColumn("tasks").get(0));                // both tasks have LAST
        Table fixed = Reports.lossAtRatios(all, List.of("LAST", "Uniform magnitude"), new int[]{10, 20}, "fixed");
        assertEquals(List.of(1, 1), fixed.intColumn("tasks").asList());
        assertEquals(2, Protocol.atLastRatioWhereAvailable(all, List.of("LAST")).size());
        assertEquals(1, Protocol.atLastRatioWhereAvailable(all, List.of("LAST", "Uniform magnitude")).size());
    }

    @Test
    void aMethodNotSweptAtLastsRatioIsAMissingCellNamedInTheTable() {
        var loss = new java.util.LinkedHashMap<String, double[]>();
        loss.put("LAST", ClaimsTest.ramp(0.2, 0.35));        // LAST's ratio 30 %
        loss.put("Random", ClaimsTest.ramp(5, 4));
        Table full = ClaimsTest.sweep("smnist", "S5", loss, 0.1);
        Table sweep = full.dropWhere(full.stringColumn("method").isEqualTo("Random").and(full.doubleColumn("ratio").isGreaterThan(20)));
        Table t = Reports.atLastRatio(sweep, List.of("Random", "LAST"), "t");   // Random only at 0, 10, 20 %
        assertEquals(30, t.intColumn("LAST ratio (%)").get(0));
        assertTrue(t.doubleColumn("Random").isMissing(0));
        assertFalse(t.doubleColumn("LAST").isMissing(0));
        assertTrue(t.stringColumn("LAST >= every other method").get(0).contains("not swept at this ratio: Random"),
                t.stringColumn("LAST >= every other method").get(0));
        assertFalse(t.stringColumn("actual fraction removed").get(0).contains("Random"));
        // without LAST there is no ratio to report at: a clear error, not a row of NaN
        var noLast = new java.util.LinkedHashMap<String, double[]>();
        noLast.put("Random", ClaimsTest.ramp(5, 4));
        assertThrows(IllegalArgumentException.class, () -> Reports.atLastRatio(ClaimsTest.sweep("smnist", "S5", noLast, 0.1), List.of("Random", "LAST"), "t"));
    }
}
