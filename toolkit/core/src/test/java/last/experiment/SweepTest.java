package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import last.data.SequenceDataset;
import last.data.generate.Synthetic;
import last.model.ModelConfig;
import last.model.SequenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SweepTest {

    @Test
    void sweepHasOneRowPerMethodAndRatioAndIsCached(@TempDir Path dir) {
        SequenceDataset test = Synthetic.sinusoids("sin/test", 40, 32, 4, 0.5, 2);
        var s = new Sweep.Settings("sin", "S5", List.of("Random", "LAST"), new double[]{0, 0.5}, true, 2, 20);
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2))) {
            var out = new ByteArrayOutputStream();
            Table t = SweepFiles.cached(dir.resolve("sweep.csv"), "hash1", m, test, s, new PrintStream(out));
            assertEquals(6, t.rowCount());
            // ratio 0 keeps everything: same accuracy for every method, zero loss
            assertEquals(t.doubleColumn("accuracy").get(0), t.doubleColumn("accuracy").get(3), 1e-9);
            assertEquals(0.0, t.doubleColumn("accuracy_loss").get(3), 1e-9);
            // the end point keeps one pair per layer: state dimension 2
            assertEquals(2.0, t.doubleColumn("state_dim").get(5), 1e-9);
            assertEquals("1 1", t.stringColumn("kept_per_layer").get(5));
            var again = new ByteArrayOutputStream();
            Table t2 = SweepFiles.cached(dir.resolve("sweep.csv"), "hash1", m, test, s, new PrintStream(again));
            assertTrue(again.toString().contains("reusing"), again.toString());
            assertEquals(t.rowCount(), t2.rowCount());
            assertArrayEquals(t.doubleColumn("accuracy").asDoubleArray(), t2.doubleColumn("accuracy").asDoubleArray(), 1e-9);
            assertEquals(t.stringColumn("kept_per_layer").asList(), t2.stringColumn("kept_per_layer").asList());
            var third = new ByteArrayOutputStream();
            SweepFiles.cached(dir.resolve("sweep.csv"), "hash2", m, test, s, new PrintStream(third));
            assertFalse(third.toString().contains("reusing"), "a changed checkpoint must invalidate the cache");
        }
    }

    @Test
    void aSweepAtSomeRatiosRecordsThemAndAddsTheReferenceRatio(@TempDir Path dir) throws Exception {
        SequenceDataset test = Synthetic.sinusoids("sin/test", 40, 32, 4, 0.5, 2);
        var s = Sweep.Settings.atRatios("sin", "S5", List.of("LAST"), Sweep.parseRatios("50, 25"));
        assertArrayEquals(new double[]{0, 0.25, 0.5}, s.ratios(), 0);
        assertFalse(s.isPaperGrid());
        assertTrue(Sweep.Settings.paper("sin", "S5", List.of("LAST")).isPaperGrid());
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2))) {
            Path csv = dir.resolve("x-sweep-rest.csv");
            Table t = SweepFiles.cached(csv, "hash1", m, test, s, new PrintStream(new ByteArrayOutputStream()));
            assertEquals(3, t.rowCount());
            assertEquals(List.of(0.0, 25.0, 50.0), t.doubleColumn("ratio").asList());
            assertArrayEquals(new double[]{0, 0.25, 0.5}, SweepFiles.recordedRatios(csv).orElseThrow(), 1e-12);
            var again = new ByteArrayOutputStream();
            SweepFiles.cached(csv, "hash1", m, test, Sweep.Settings.atRatios("sin", "S5", List.of("LAST"), SweepFiles.recordedRatios(csv).orElseThrow()),
                    new PrintStream(again));
            assertTrue(again.toString().contains("reusing"), "the recorded ratios rebuild the same settings: " + again);
        }
        assertThrows(IllegalArgumentException.class, () -> Sweep.parseRatios("10,100"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.parseRatios("ten"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.Settings.atRatios("t", "S5", List.of("LAST"), new double[]{-0.1}));
    }

    @Test
    void aHalfRateSweepCanPruneWithTheFullRateScores() {
        SequenceDataset test = Synthetic.sinusoids("sin/test", 40, 32, 4, 0.5, 2);
        var methods = List.of("LAST", Sweep.LAST_FULL_RATE);
        var s = new Sweep.Settings("sin", "S5", methods, new double[]{0, 0.5}, false, 1, 20);
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2));
             SequenceModel half = m.withStepRescale(2)) {
            var out = new PrintStream(new ByteArrayOutputStream());
            Table t = Sweep.run(half, test, null, s, out, m.discreteLayers());
            // the full-rate method keeps exactly the states LAST keeps on the model before rescaling
            String expected = java.util.Arrays.stream(last.prune.Pruning.plan(last.score.Scores.last(m.discreteLayers()), 0.5)
                    .keptPerLayer()).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" "));
            assertEquals(expected, t.where(t.stringColumn("method").isEqualTo(Sweep.LAST_FULL_RATE)
                    .and(t.doubleColumn("ratio").isEqualTo(50))).stringColumn("kept_per_layer").get(0));
            // without the full-rate layers the method is refused by name
            var e = assertThrows(IllegalArgumentException.class, () -> Sweep.run(half, test, null, s, out, null));
            assertTrue(e.getMessage().contains("half-rate"), e.getMessage());
        }
        assertEquals(List.of(Sweep.LAST_FULL_RATE), Methods.parse(Sweep.LAST_FULL_RATE));
    }

    @Test
    void anEditedEmptiedOrTruncatedCacheIsRecomputedAndSaysWhy(@TempDir Path dir) throws Exception {
        SequenceDataset test = Synthetic.sinusoids("sin/test", 40, 32, 4, 0.5, 2);
        var s = new Sweep.Settings("sin", "S5", List.of("LAST", "Global H-inf"), new double[]{0, 0.5}, true, 1, 20);
        Path csv = dir.resolve("sweep.csv");
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2))) {
            Table t = SweepFiles.cached(csv, "h", m, test, s, null);
            String original = java.nio.file.Files.readString(csv);
            java.util.Map<String, String> tampered = new java.util.LinkedHashMap<>();
            String[] lines = original.split("\n");
            String[] f = lines[2].split(",");
            f[7] = "99.99";                                                   // one accuracy edited
            lines[2] = String.join(",", f);
            tampered.put("edited", String.join("\n", lines) + "\n");
            tampered.put("emptied", "");
            tampered.put("truncated", String.join("\n", java.util.Arrays.copyOf(original.split("\n"), 3)) + "\n");
            for (var e : tampered.entrySet()) {
                java.nio.file.Files.writeString(csv, e.getValue());
                var out = new ByteArrayOutputStream();
                Table back = SweepFiles.cached(csv, "h", m, test, s, new PrintStream(out));
                assertTrue(out.toString().contains("recomputing") && !out.toString().contains("reusing"), e.getKey() + ": " + out);
                assertArrayEquals(t.doubleColumn("accuracy").asDoubleArray(), back.doubleColumn("accuracy").asDoubleArray(), 1e-9, e.getKey());
                assertEquals(original, java.nio.file.Files.readString(csv), e.getKey() + ": the recomputed file is the original");
            }
        }
    }

    @Test
    void everyLossHasAPairedBootstrapIntervalAroundIt(@TempDir Path dir) {
        SequenceDataset test = Synthetic.sinusoids("sin/test", 60, 32, 4, 0.5, 2);
        var s = new Sweep.Settings("sin", "S5", List.of("Random", "LAST"), new double[]{0, 0.5}, true, 3, 20);
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2))) {
            Table t = Sweep.run(m, test, s, null);
            for (int i = 0; i < t.rowCount(); i++) {
                double l = t.doubleColumn("accuracy_loss").get(i), lo = t.doubleColumn("loss_lo").get(i), hi = t.doubleColumn("loss_hi").get(i);
                assertTrue(lo <= l + 1e-9 && l <= hi + 1e-9, "row " + i + ": " + lo + " <= " + l + " <= " + hi);
                if (t.doubleColumn("ratio").get(i) == 0) assertEquals(0, hi - lo, 1e-12, "no pruning, no uncertainty");
            }
        }
    }

    static Table sweep(String task, double[] lastLoss, double[] uniLoss) {
        StringColumn tk = StringColumn.create("task"), md = StringColumn.create("model"), me = StringColumn.create("method");
        DoubleColumn ra = DoubleColumn.create("ratio"), acc = DoubleColumn.create("accuracy"), loss = DoubleColumn.create("accuracy_loss");
        for (int i = 0; i < lastLoss.length; i++) {
            for (String m : List.of("LAST", "Uniform H-inf")) {
                double l = m.equals("LAST") ? lastLoss[i] : uniLoss[i];
                tk.append(task); md.append("S5"); me.append(m); ra.append(10 * i); acc.append(90 - l); loss.append(l);
            }
        }
        return Table.create("t", tk, md, me, ra, acc, loss);
    }

    @Test
    void lastRatioIsTheLargestRatioBelowOnePointLoss() {
        Table t = sweep("a", new double[]{0, 0.1, 0.5, 0.99, 1.0, 0.2, 5}, new double[]{0, 1, 2, 3, 4, 5, 6});
        assertEquals(50, Protocol.lastRatio(t, "a", "S5", "LAST")); // 50 % has loss 0.2 after a 1.0 at 40 %: the largest tested ratio counts
        var r = Protocol.atLastRatio(t, List.of("LAST", "Uniform H-inf")).get(0);
        assertEquals(50, r.ratio());
        assertEquals(0.2, r.loss("LAST"), 1e-9);
        assertEquals(5, r.loss("Uniform H-inf"), 1e-9);
    }

    @Test
    void nonCompressibleTaskHasRatioZeroAndNoLoss() {
        Table t = sweep("b", new double[]{0, 1.5, 3}, new double[]{0, 2, 4});
        var r = Protocol.atLastRatio(t, List.of("LAST", "Uniform H-inf")).get(0);
        assertEquals(0, r.ratio());
        assertFalse(r.compressible());
        assertEquals(0, r.loss("Uniform H-inf"), 1e-9);
        Table both = sweep("a", new double[]{0, 0.1, 0.5}, new double[]{0, 1, 2}).append(t);
        var rows = Protocol.atLastRatio(both, List.of("LAST"));
        double[] avg = Protocol.averages(rows, x -> x.ratio());
        assertEquals(10, avg[0], 1e-9);   // (20 + 0) / 2
        assertEquals(20, avg[1], 1e-9);   // compressible only
    }

    @Test
    void anInterruptedSweepResumesFromItsJournalWithIdenticalRows(@TempDir Path dir) throws Exception {
        SequenceDataset test = Synthetic.sinusoids("sin/test", 40, 32, 4, 0.5, 2);
        var s = new Sweep.Settings("sin", "S5", List.of("Random", "LAST", Sweep.UNSTRUCTURED), new double[]{0, 0.5}, true, 2, 20);
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2))) {
            Path csv = dir.resolve("a-sweep.csv");
            Table whole = SweepFiles.cached(csv, "h", m, test, s, null);
            assertFalse(java.nio.file.Files.exists(SweepJournal.fileOf(csv)), "a complete sweep leaves no journal");
            assertEquals(9, whole.rowCount());

            // a run stopped after 4 rows: its journal holds them (the 4th marked so that reading it, not recomputing it, shows),
            // followed by a line cut short by the crash
            Path csv2 = dir.resolve("b-sweep.csv");
            String key = java.nio.file.Files.readAllLines(csv.resolveSibling("a-sweep.csv.key")).get(0);
            var j = SweepJournal.open(csv2, key);
            List<Sweep.Row> rows = rowsOf(whole);
            for (int i = 0; i < 3; i++) j.add(rows.get(i));
            Sweep.Row r3 = rows.get(3);
            j.add(new Sweep.Row(r3.task(), r3.model(), r3.method(), r3.ratio(), r3.actualRatio(), r3.keptPerLayer(), r3.stateDim(),
                    12.345, r3.loss(), r3.lossLo(), r3.lossHi(), r3.samples()));
            java.nio.file.Files.writeString(SweepJournal.fileOf(csv2), "sin\tS5\tLAST\t50.0\t0.5", java.nio.file.StandardOpenOption.APPEND);

            var out = new ByteArrayOutputStream();
            Table resumed = SweepFiles.cached(csv2, "h", m, test, s, new PrintStream(out));
            assertTrue(out.toString().contains("4 of 9 rows already computed"), out.toString());
            assertEquals(12.345, resumed.doubleColumn("accuracy").get(3), 0, "journalled rows are read, not recomputed");
            for (String c : List.of("actual_ratio", "state_dim", "accuracy", "accuracy_loss", "loss_lo", "loss_hi"))
                for (int i = 0; i < 9; i++)
                    if (i != 3) assertEquals(whole.doubleColumn(c).get(i), resumed.doubleColumn(c).get(i), 0, c + " row " + i);
            assertEquals(whole.stringColumn("method").asList(), resumed.stringColumn("method").asList());
            assertEquals(whole.stringColumn("kept_per_layer").asList(), resumed.stringColumn("kept_per_layer").asList());
            assertFalse(java.nio.file.Files.exists(SweepJournal.fileOf(csv2)));

            // a journal of another sweep (other key) is discarded, not mixed in
            Path csv3 = dir.resolve("c-sweep.csv");
            var other = SweepJournal.open(csv3, "another key");
            other.add(r3);
            assertEquals(0, SweepJournal.open(csv3, key).size());
        }
    }

    @Test
    void journalLinesRoundTripExactlyAndRejectCutLines() {
        var r = new Sweep.Row("t", "S5", "LAST (full-rate scores)", 100, 0.1 + 0.2, "3 4 (seed 1000)", 1.0 / 3, 81.97, -0.2, -0.89, 0.49, 2030);
        assertEquals(r, SweepJournal.parse(SweepJournal.format(r)));
        String line = SweepJournal.format(r);
        assertNull(SweepJournal.parse(line.substring(0, line.length() - 2)));
        assertNull(SweepJournal.parse("t\tS5\tLAST\tx\t1\t2\t3\t4\t5\t6\t7\t8\tend"));
        assertThrows(IllegalArgumentException.class, () -> SweepJournal.format(
                new Sweep.Row("t", "S5", "a\tb", 0, 0, "", 0, 0, 0, 0, 0, 1)));
    }

    @Test
    void theEvaluationBatchSizeBoundsStepsPerBatchAndDoesNotChangeResults() {
        assertEquals(100, last.train.Evaluation.batchSizeFor(784));
        assertEquals(100, last.train.Evaluation.batchSizeFor(1024));
        assertEquals(25, last.train.Evaluation.batchSizeFor(4000));
        assertEquals(6, last.train.Evaluation.batchSizeFor(16000));
        assertEquals(1, last.train.Evaluation.batchSizeFor(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> last.train.Evaluation.batchSizeFor(0));
        SequenceDataset test = Synthetic.sinusoids("sin/test", 40, 32, 4, 0.5, 2);
        var s = new Sweep.Settings("sin", "S5", List.of("LAST"), new double[]{0, 0.5}, true, 1, 40);
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 4, 2, 8, 8, 2))) {
            Table big = Sweep.run(m, test, s, null), small = Sweep.run(m, test, s.withBatchSize(7), null);
            assertArrayEquals(big.doubleColumn("accuracy").asDoubleArray(), small.doubleColumn("accuracy").asDoubleArray(), 0);
            assertArrayEquals(big.doubleColumn("loss_lo").asDoubleArray(), small.doubleColumn("loss_lo").asDoubleArray(), 0);
        }
        assertThrows(IllegalArgumentException.class, () -> s.withBatchSize(0));
    }

    private static List<Sweep.Row> rowsOf(Table t) {
        List<Sweep.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++)
            rows.add(new Sweep.Row(t.stringColumn("task").get(i), t.stringColumn("model").get(i), t.stringColumn("method").get(i),
                    t.doubleColumn("ratio").get(i), t.doubleColumn("actual_ratio").get(i), t.stringColumn("kept_per_layer").get(i),
                    t.doubleColumn("state_dim").get(i), t.doubleColumn("accuracy").get(i), t.doubleColumn("accuracy_loss").get(i),
                    t.doubleColumn("loss_lo").get(i), t.doubleColumn("loss_hi").get(i), t.intColumn("samples").get(i)));
        return rows;
    }
}
