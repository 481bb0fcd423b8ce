package last.experiment;

import last.model.BatchArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import last.data.Batches;
import last.model.Checkpoint;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.score.Scores;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Inference time of a physically pruned model against the full one (paper Table 8), timed so that a rerun gives the
 * same answer (issue #12): one fixed batch, warm-up passes, then {@code repeats} rounds in which the full and the
 * pruned model each run once, in alternating order; the speed-up of a round is full time / pruned time, and the
 * result is the median round with the spread (minimum and maximum) of all rounds.
 *
 * <p>The time is the <em>CPU time of the calling thread</em> with the engine's intra-op pool set to one thread for the
 * duration (restored afterwards): with one thread PyTorch computes on the caller, so the thread's CPU time is the
 * work of the pass, and a background job on the other core, which stretches wall time by 0.2x-10x round to round,
 * hardly moves it. Wall time of the same passes is reported beside it. The paper measures GPU wall time; this is one
 * CPU core.
 *
 * <p>Memory is reported as the bytes of the model's parameters and of the largest per-layer working set of the SSM
 * convolution (an analytic count of the FFT buffers, B x N x 2L complex values per direction); the engine's native
 * peak is not observable on CPU through DJL.
 */
public final class Speed {
    private Speed() {}

    /**
     * One comparison.
     *
     * @param fullMs        median CPU time of the full model on the batch (ms, one intra-op thread)
     * @param prunedMs      median CPU time of the pruned model (ms)
     * @param speedup       median over rounds of full / pruned (CPU time)
     * @param speedupLo     smallest round
     * @param speedupHi     largest round
     * @param fullWallMs    median wall time of the full model (ms)
     * @param prunedWallMs  median wall time of the pruned model (ms)
     * @param fullBytes     parameter + SSM working-set bytes of the full model
     * @param prunedBytes   the same for the pruned model
     * @param repeats       rounds timed
     */
    public record Timing(double fullMs, double prunedMs, double speedup, double speedupLo, double speedupHi,
                         double fullWallMs, double prunedWallMs, long fullBytes, long prunedBytes, int repeats) {
        public double memoryRatio() { return (double) prunedBytes / fullBytes; }
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Times {@code full} against {@code pruned} on one batch ({input, lengths, labels}); see the class comment. */
    public static Timing compare(SequenceModel full, SequenceModel pruned, NDArray[] batch, int warmup, int repeats) {
        if (repeats < 3) throw new IllegalArgumentException("repeats must be >= 3 for a median and a spread but is " + repeats);
        if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0 but is " + warmup);
        if (!MX.isCurrentThreadCpuTimeSupported())
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time (ThreadMXBean), which Table 8 needs");
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            for (int i = 0; i < warmup; i++) {
                time(full, batch);
                time(pruned, batch);
            }
            double[] f = new double[repeats], p = new double[repeats], fw = new double[repeats], pw = new double[repeats],
                    ratio = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                double[] a, b;
                if (r % 2 == 0) {
                    a = time(full, batch);
                    b = time(pruned, batch);
                } else {
                    b = time(pruned, batch);
                    a = time(full, batch);
                }
                f[r] = a[0];
                fw[r] = a[1];
                p[r] = b[0];
                pw[r] = b[1];
                ratio[r] = f[r] / p[r];
            }
            long len = batch[0].getShape().get(1), bs = batch[0].getShape().get(0);
            return new Timing(median(f), median(p), median(ratio), Arrays.stream(ratio).min().orElseThrow(),
                    Arrays.stream(ratio).max().orElseThrow(), median(fw), median(pw), bytes(full, bs, len), bytes(pruned, bs, len), repeats);
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    /** {CPU time of the calling thread, wall time} (ms) of one inference forward pass. */
    static double[] time(SequenceModel m, NDArray[] batch) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long c0 = MX.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            NDArray logits = m.forward(batch[0], batch[1], false);
            logits.toFloatArray();                    // forces the computation
            return new double[]{(MX.getCurrentThreadCpuTime() - c0) / 1e6, (System.nanoTime() - t0) / 1e6};
        }
    }

    /** Parameter bytes plus the largest layer's FFT working set (float32). */
    static long bytes(SequenceModel m, long batch, long len) {
        long params = 4 * m.parameterCount();
        long work = 0;
        for (int n : m.statesPerLayer()) work = Math.max(work, 4L * batch * n * 2 * len * 2 * 2);  // re+im, 2L, in+out
        return params + work;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Table 8 rows for checkpoints at LAST's reported ratio (and any extra ratios): task, model, ratio, states kept,
     * parameters, full and pruned CPU ms, speed-up with its spread, memory ratio, full and pruned wall ms, repeats,
     * batch size.
     *
     * @param models   (task, model, lastRatio percent, test data) per checkpoint; the model is not closed
     */
    public static Table table8(List<Entry> models, int batchSize, int warmup, int repeats) {
        StringColumn task = StringColumn.create("task"), model = StringColumn.create("model");
        DoubleColumn ratio = DoubleColumn.create("ratio"), fullMs = DoubleColumn.create("full_ms"), prunedMs = DoubleColumn.create("pruned_ms"),
                sp = DoubleColumn.create("speedup"), lo = DoubleColumn.create("speedup_lo"), hi = DoubleColumn.create("speedup_hi"),
                mem = DoubleColumn.create("memory_ratio"), fullWall = DoubleColumn.create("full_wall_ms"),
                prunedWall = DoubleColumn.create("pruned_wall_ms");
        IntColumn kept = IntColumn.create("states_kept"), total = IntColumn.create("states"), reps = IntColumn.create("repeats"),
                bsz = IntColumn.create("batch");
        LongColumn params = LongColumn.create("pruned_parameters");
        for (Entry e : models) {
            List<Integer> ratios = new ArrayList<>(List.of(e.lastRatio()));
            for (int r : e.extraRatios()) if (!ratios.contains(r)) ratios.add(r);
            for (int r : ratios) {
                PruningPlan plan = Pruning.plan(Scores.last(e.model().discreteLayers()), r / 100.0);
                try (SequenceModel pm = e.model().pruned(plan); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    int[] idx = java.util.stream.IntStream.range(0, Math.min(batchSize, e.data().size())).toArray();
                    NDArray[] batch = BatchArrays.of(e.model().manager(), e.data(), idx);
                    Timing t = compare(e.model(), pm, batch, warmup, repeats);
                    task.append(e.task());
                    model.append(e.model().config().kind().name());
                    ratio.append(r);
                    kept.append(plan.totalKept());
                    total.append(plan.totalStates());
                    params.append(pm.parameterCount());
                    fullMs.append(round(t.fullMs()));
                    prunedMs.append(round(t.prunedMs()));
                    sp.append(round(t.speedup()));
                    lo.append(round(t.speedupLo()));
                    hi.append(round(t.speedupHi()));
                    mem.append(round(t.memoryRatio()));
                    fullWall.append(round(t.fullWallMs()));
                    prunedWall.append(round(t.prunedWallMs()));
                    reps.append(t.repeats());
                    bsz.append(idx.length);
                }
            }
        }
        return Table.create("Table 8 (ours, one CPU thread)", task, model, ratio, kept, total, params, fullMs, prunedMs, sp, lo, hi, mem,
                fullWall, prunedWall, reps, bsz);
    }

    /** One checkpoint of {@link #table8}: its model, LAST's reported ratio (%), ratios to add, and test data. */
    public record Entry(String task, SequenceModel model, int lastRatio, int[] extraRatios, Batches data) {}

    static double round(double v) { return Math.round(v * 1000) / 1000.0; }

    /**
     * Table 8 (paper App. E): inference time and memory of each checkpoint in {@code names} physically pruned at its
     * LAST ratio (from {@code sweeps}, the stacked sweep tables; 0 when the task is not in them) and at
     * {@code extraRatios}, on its test data; see {@link #table8(List, int, int, int)}. Checkpoints without {@code model.json} are skipped.
     */
    public static Table table8(Path checkpoints, List<String> names, Table sweeps, int[] extraRatios, int batchSize,
                               int warmup, int repeats) {
        Table t7 = Reports.atLastRatio(sweeps, List.of("LAST"), "LAST ratios");
        List<Speed.Entry> entries = new ArrayList<>();
        List<SequenceModel> open = new ArrayList<>();
        try {
            for (String n : names) {
                Path dir = checkpoints.resolve(n);
                if (!Files.isRegularFile(dir.resolve("model.json"))) continue;
                RunConfig cfg = RunConfig.read(dir.resolve("config.json"));
                int lastRatio = 0;
                for (Row r : t7)
                    if (r.getString("task").equals(cfg.task()) && r.getString("model").equals(cfg.model().kind().name()))
                        lastRatio = r.getInt("LAST ratio (%)");
                SequenceModel model = Checkpoint.load(dir);
                open.add(model);
                entries.add(new Speed.Entry(cfg.task(), model, lastRatio, extraRatios, Tasks.load(cfg).test()));
            }
            return Speed.table8(entries, batchSize, warmup, repeats);
        } finally {
            open.forEach(SequenceModel::close);
        }
    }
}
