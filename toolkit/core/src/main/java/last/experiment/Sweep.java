package last.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import last.data.Batches;
import last.data.SequenceDataset;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.score.StateScores;
import last.train.Evaluation;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A pruning sweep (paper Sec. 4.2; docs/protocol.md): for every method and every ratio 0, 10, ..., 90 % plus the end
 * point (one conjugate pair per S5 layer, one mode per channel of an S4D layer; {@link Pruning#endPoint(last.score.StateScores, List)}), prune the trained model without retraining and evaluate
 * it on the test data. Scores depend only on the parameters, so they are computed once per method; Random is
 * averaged over {@code randomSeeds} seeds. The result is a Tablesaw table with one row per (method, ratio):
 * task, model, method, ratio (requested, %; 100 = end point), actual_ratio, kept_per_layer, state_dim (per-layer
 * average real state dimension, a pair counting 2), accuracy (%), accuracy_loss (%p, against ratio 0 of the same
 * method), samples.
 *
 * <p>{@link SweepFiles#cached(Path, String, SequenceModel, Batches, Settings, PrintStream)} stores the table under {@code data/results/} keyed by the checkpoint hash and the settings,
 * and reuses it when neither changed.
 */
public final class Sweep {
    private Sweep() {}

    /** The tested ratios of the paper: 0, 10, ..., 90 % (the end point is added separately). */
    public static final double[] RATIOS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /**
     * Sweep settings.
     *
     * @param task        task name for the table
     * @param modelName   model name for the table (e.g. "S5")
     * @param methods     method names understood by {@link Methods}
     * @param ratios      ratios in [0, 1)
     * @param endPoint    whether to add the one-pair-per-layer end point (ratio 100 in the table)
     * @param randomSeeds seeds averaged for Random
     * @param batchSize   evaluation batch size
     */
    public record Settings(String task, String modelName, List<String> methods, double[] ratios, boolean endPoint,
                           int randomSeeds, int batchSize) {
        public static Settings paper(String task, String modelName, List<String> methods) {
            return new Settings(task, modelName, methods, RATIOS, true, 5, 100);
        }

        /**
         * The settings of a sweep at only some ratios (docs/protocol.md's budget rule: the methods the figures do not draw
         * are evaluated at LAST's reported ratio and at 10/20/30 % only); no end point.
         */
        public static Settings atRatios(String task, String modelName, List<String> methods, double[] ratios) {
            for (double r : ratios)
                if (!(r >= 0 && r < 1)) throw new IllegalArgumentException("pruning ratio out of range [0, 1): " + r);
            double[] sorted = Arrays.stream(ratios).distinct().sorted().toArray();
            if (sorted.length == 0 || sorted[0] != 0) {   // ratio 0 is the reference of every loss
                double[] with0 = new double[sorted.length + 1];
                System.arraycopy(sorted, 0, with0, 1, sorted.length);
                sorted = with0;
            }
            return new Settings(task, modelName, methods, sorted, false, 5, 100);
        }

        /** The same settings with another evaluation batch size (results do not depend on it; memory does). */
        public Settings withBatchSize(int batchSize) {
            if (batchSize < 1) throw new IllegalArgumentException("the evaluation batch size must be >= 1 but is " + batchSize);
            return new Settings(task, modelName, methods, ratios, endPoint, randomSeeds, batchSize);
        }

        /** Whether these are the paper's ratios 0, 10, ..., 90 % with the end point. */
        public boolean isPaperGrid() {
            return endPoint && Arrays.equals(ratios, RATIOS);
        }

        String key() {
            return task + "|" + modelName + "|" + methods + "|" + Arrays.toString(ratios) + "|" + endPoint + "|" + randomSeeds;
        }
    }

    /** Runs the sweep; progress goes to {@code out} (one line per evaluation). */
    public static Table run(SequenceModel model, Batches test, Settings s, PrintStream out) {
        return run(model, test, null, s, out);
    }

    /** Calibration examples the data-driven {@link OracleScores oracle} reads. */
    public static final int ORACLE_SAMPLES = 200;

    /**
     * Runs the sweep; {@code calibration} (training or validation data) is needed only by the
     * {@link OracleScores oracle} method, which reads its first {@link #ORACLE_SAMPLES} examples.
     */
    public static Table run(SequenceModel model, Batches test, Batches calibration, Settings s, PrintStream out) {
        return run(model, test, calibration, s, out, null);
    }

    /**
     * The method of half-rate sweeps that prunes with the LAST scores of the model at its training rate
     * ({@code fullRateLayers}) instead of the rescaled one's: does a model pruned at 16 kHz keep its accuracy at
     * 8 kHz (issue 18)?
     */
    public static final String LAST_FULL_RATE = Method.LAST_FULL_RATE.displayName();

    /**
     * As {@link #run(SequenceModel, Batches, Batches, Settings, PrintStream)}; {@code fullRateLayers} (the model's layers
     * before a step rescale, or null) are scored by {@link #LAST_FULL_RATE}.
     */
    public static Table run(SequenceModel model, Batches test, Batches calibration, Settings s, PrintStream out,
                            List<last.ssm.DiscreteSsm> fullRateLayers) {
        return run(model, test, calibration, s, out, fullRateLayers, null);
    }

    /**
     * As above; with a {@code journal} every computed row is appended to it at once, and rows it already holds (from
     * an interrupted run of the same sweep) are taken from it instead of being computed again: the scores of a method
     * and the full-model pass are computed only when some of their rows are missing.
     */
    static Table run(SequenceModel model, Batches test, Batches calibration, Settings s, PrintStream out,
                     List<last.ssm.DiscreteSsm> fullRateLayers, SweepJournal journal) {
        List<Row> rows = new ArrayList<>();
        var layers = model.discreteLayers();
        boolean conj = layers.get(0).conjSym();
        int total = s.methods().size() * (s.ratios().length + (s.endPoint() ? 1 : 0));
        long t0 = System.nanoTime();
        // one full-model pass shared by every method (made only when a row needs it); pruning plans that keep the same
        // states give the same model, so each distinct plan is evaluated once
        float[][] full = {null};
        java.util.function.Supplier<float[]> fullCorrect = () -> {
            if (full[0] == null) full[0] = evaluate(model, test, s.batchSize());
            return full[0];
        };
        java.util.Map<String, float[]> memo = new java.util.HashMap<>();
        int points = s.ratios().length + (s.endPoint() ? 1 : 0);
        for (String m : s.methods()) {
            if (m.equals(UNSTRUCTURED)) {
                UnstructuredSweep.run(model, test, s, conj, layers, fullCorrect, rows, out, total, t0, journal);
                continue;
            }
            int seeds = m.equals("Random") ? s.randomSeeds() : 1;
            List<StateScores> scores = null;
            for (int p = 0; p < points; p++) {
                boolean end = p == s.ratios().length;
                double r = end ? 1.0 : s.ratios()[p];
                Row done = journal == null ? null : journal.find(m, Math.round(r * 100));
                if (done != null) {
                    rows.add(done);
                    continue;
                }
                if (scores == null) scores = scoresOf(m, model, layers, calibration, fullRateLayers, seeds);
                double actSum = 0, dimSum = 0;
                float[] fc = fullCorrect.get();
                float[] correct = new float[fc.length];
                String keptStr = null;
                for (StateScores sc : scores) {
                    PruningPlan plan = end ? Pruning.endPoint(sc, layers) : Pruning.plan(sc, r);
                    float[] c;
                    if (plan.totalKept() == plan.totalStates()) c = fc;
                    else {
                        c = memo.get(plan.maskKey());
                        if (c == null) {
                            try (SequenceModel pm = prunedForEvaluation(model, plan)) {
                                c = evaluate(pm, test, s.batchSize());
                            }
                            memo.put(plan.maskKey(), c);
                        }
                    }
                    for (int i = 0; i < c.length; i++) correct[i] += c[i] / scores.size();
                    actSum += plan.actualRatio();
                    dimSum += plan.averageStateDimension(conj);
                    if (keptStr == null) keptStr = Arrays.stream(plan.keptPerLayer()).mapToObj(Integer::toString).collect(Collectors.joining(" "));
                }
                Bootstrap.Interval loss = Bootstrap.pairedLoss(fc, correct);
                Row row = new Row(s.task(), s.modelName(), m, Math.round(r * 100), actSum / scores.size(),
                        seeds > 1 ? keptStr + " (seed 1000)" : keptStr, dimSum / scores.size(),
                        100 * Evaluation.accuracy(correct), loss.estimate(), loss.lo(), loss.hi(), correct.length);
                rows.add(row);
                if (journal != null) journal.add(row);
                progress(out, rows.size(), total, row, t0);
            }
        }
        return table(s.task() + " " + s.modelName() + " pruning sweep", rows);
    }

    /** The state scores of method {@code m} (one per seed for Random). */
    private static List<StateScores> scoresOf(String m, SequenceModel model, List<last.ssm.DiscreteSsm> layers, Batches calibration,
                                              List<last.ssm.DiscreteSsm> fullRateLayers, int seeds) {
        List<StateScores> scores = new ArrayList<>();
        if (m.equals(LAST_FULL_RATE)) {
            if (fullRateLayers == null)
                throw new IllegalArgumentException("the method '" + m + "' exists only in half-rate sweeps (--half-rate)");
            scores.add(last.score.Scores.last(fullRateLayers).as(LAST_FULL_RATE, StateScores.Scope.GLOBAL));
        } else if (m.equals(OracleScores.NAME)) {
            if (calibration == null)
                throw new IllegalArgumentException("the method '" + m + "' needs calibration data (pass the validation split)");
            scores.add(OracleScores.of(model, calibration, ORACLE_SAMPLES));
        } else for (int k = 0; k < seeds; k++) scores.add(Methods.scores(m, layers, 1000 + k));
        return scores;
    }

    /**
     * One row of a sweep table.
     *
     * @param ratio        requested ratio in percent (100 = the end point)
     * @param actualRatio  fraction of states actually removed (0..1; uniform methods round per layer)
     * @param keptPerLayer states kept per layer, space-separated
     * @param stateDim     average real state dimension per layer (a conjugate pair counts 2)
     * @param accuracy     accuracy of the pruned model (%)
     * @param loss         full minus pruned accuracy on the same examples (%p)
     * @param lossLo       lower end of the paired bootstrap 95 % interval of the loss (%p)
     * @param lossHi       upper end of that interval (%p)
     * @param samples      test examples evaluated
     */
    public record Row(String task, String model, String method, double ratio, double actualRatio, String keptPerLayer,
                      double stateDim, double accuracy, double loss, double lossLo, double lossHi, int samples) {}

    /** The sweep table's columns, in order. */
    public static final List<String> COLUMNS = List.of("task", "model", "method", "ratio", "actual_ratio", "kept_per_layer",
            "state_dim", "accuracy", "accuracy_loss", "loss_lo", "loss_hi", "samples");

    /** Rows as a Tablesaw table with {@link #COLUMNS}. */
    public static Table table(String title, List<Row> rows) {
        StringColumn task = StringColumn.create("task"), mdl = StringColumn.create("model"), method = StringColumn.create("method"),
                kept = StringColumn.create("kept_per_layer");
        DoubleColumn ratio = DoubleColumn.create("ratio"), actual = DoubleColumn.create("actual_ratio"),
                dim = DoubleColumn.create("state_dim"), acc = DoubleColumn.create("accuracy"), loss = DoubleColumn.create("accuracy_loss"),
                lo = DoubleColumn.create("loss_lo"), hi = DoubleColumn.create("loss_hi");
        IntColumn samples = IntColumn.create("samples");
        for (Row r : rows) {
            task.append(r.task());
            mdl.append(r.model());
            method.append(r.method());
            ratio.append(r.ratio());
            actual.append(r.actualRatio());
            kept.append(r.keptPerLayer());
            dim.append(r.stateDim());
            acc.append(r.accuracy());
            loss.append(r.loss());
            lo.append(r.lossLo());
            hi.append(r.lossHi());
            samples.append(r.samples());
        }
        return Table.create(title, task, mdl, method, ratio, actual, kept, dim, acc, loss, lo, hi, samples);
    }

    static void progress(PrintStream out, int done, int total, Row r, long t0) {
        if (out != null)
            out.printf(Locale.ROOT, "[%d/%d] %-22s ratio %3d%%  state dim %6.1f  accuracy %6.2f%%  loss %5.2f [%5.2f, %5.2f]  (%.0f s)%n",
                    done, total, r.method(), Math.round(r.ratio()), r.stateDim(), r.accuracy(), r.loss(), r.lossLo(), r.lossHi(),
                    (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The pruned model a sweep evaluates: S5 (MIMO) layers are physically pruned, which is faster and gives the
     * masked model's outputs (tested to 1e-4 on logits); S4D layers are masked as the reference code does
     * (physical pruning of a multi-SISO layer pads channels, so it saves nothing).
     */
    static SequenceModel prunedForEvaluation(SequenceModel model, PruningPlan plan) {
        return model.config().kind() == last.model.ModelConfig.Kind.S5 ? model.pruned(plan) : model.masked(plan);
    }


    /** Seeds averaged for unstructured random (at most the settings' Random seeds; the paper does not say). */
    public static final int UNSTRUCTURED_SEEDS = 3;

    /** The name of unstructured random pruning (paper Table 5) in sweeps. */
    public static final String UNSTRUCTURED = Method.UNSTRUCTURED_RANDOM.displayName();

    static float[] evaluate(SequenceModel m, Batches test, int batchSize) {
        return Evaluation.correctness(m, test, batchSize, 0);
    }

    /**
     * Test examples a checkpoint sweep evaluates by default: docs/protocol.md asks for the whole test split where a full
     * evaluation takes under a minute and at least 5,000 otherwise; on one core of this machine a full evaluation of
     * 10,000 pixel sequences takes about a minute or more, so 5,000 (a seeded, stratified subset, printed with every
     * number).
     */
    public static final int DEFAULT_SAMPLES = 5000;

    /** The sample count of the sweeps made before intervals existed (still read, shown without intervals). */
    public static final int LEGACY_SAMPLES = 1000;

    /**
     * The sweep of a trained checkpoint directory (holding {@code config.json}) on {@code samples} test examples: the
     * first ones of the config's seeded test subset, or a larger seeded, stratified subset of the test split when
     * {@code samples} exceeds it; the validation split is the oracle's calibration data; cached in {@code csv}.
     * Shared by {@code ./last cli sweep} and the notebooks, so both reuse the same file.
     */
    public static Table forCheckpoint(Path dir, Path csv, List<String> methods, int samples, PrintStream out) {
        return forCheckpoint(dir, csv, methods, samples, null, out);
    }

    /**
     * As {@link #forCheckpoint(Path, Path, List, int, PrintStream)} at only the given {@code ratios} (in [0, 1); 0 is
     * always added; no end point), or the paper's grid when {@code ratios} is null.
     */
    public static Table forCheckpoint(Path dir, Path csv, List<String> methods, int samples, double[] ratios, PrintStream out) {
        return forCheckpoint(dir, csv, methods, samples, ratios, false, out);
    }

    /**
     * As {@link #forCheckpoint(Path, Path, List, int, double[], PrintStream)}; with {@code halfRate} the model is
     * evaluated zero-shot at half its training sampling rate (audio tasks, paper Table 10): the test set is the task's
     * half-rate test set ({@link Tasks.Splits#halfRateTest}) and every SSM's step is doubled
     * ({@link SequenceModel#withStepRescale}, S5's step_rescale = 2) before scoring and pruning, so the scores are
     * those of the model discretised at the new rate.
     */
    public static Table forCheckpoint(Path dir, Path csv, List<String> methods, int samples, double[] ratios,
                                      boolean halfRate, PrintStream out) {
        if (samples < 1) throw new IllegalArgumentException("the number of test samples must be >= 1 but is " + samples);
        RunConfig c = checkedConfig(dir);
        Batches[] data = testAndCalibration(c, samples, halfRate);
        try (SequenceModel loaded = last.model.Checkpoint.load(dir);
             SequenceModel m = halfRate ? loaded.withStepRescale(2) : null) {
            Settings s = (ratios == null ? Settings.paper(c.task(), c.model().kind().name(), methods)
                    : Settings.atRatios(c.task(), c.model().kind().name(), methods, ratios))
                    .withBatchSize(Evaluation.batchSizeFor(data[0].length()));
            return SweepFiles.cached(csv, last.model.Checkpoint.hash(dir) + (halfRate ? "|step-rescale 2" : ""), halfRate ? m : loaded,
                    data[0], data[1], s, out, halfRate ? loaded.discreteLayers() : null);
        }
    }

    /**
     * The cached sweep of a checkpoint at whatever sample count it was made with (recorded in its key file, which is
     * verified like {@link SweepFiles#cached(Path, String, SequenceModel, Batches, Settings, PrintStream)}: checkpoint, settings, content checksum, rows); when there is no valid cached
     * sweep, runs one at {@link #DEFAULT_SAMPLES}. What the notebooks call: the sweep command decides the size.
     */
    public static Table forCheckpoint(Path dir, Path csv, List<String> methods, PrintStream out) {
        return forCheckpoint(dir, csv, methods, SweepFiles.recordedSamples(csv).orElse(DEFAULT_SAMPLES), out);
    }

    /**
     * Every cached sweep of a checkpoint in {@code results} ({@code <checkpoint name>-sweep*.csv}, e.g. one file per
     * group of methods run in parallel), each verified like {@link SweepFiles#cached(Path, String, SequenceModel, Batches, Settings, PrintStream)} at the sample count and methods its key
     * records, stacked into one table; methods present in more than one file are taken from the first.
     */
    public static Table load(Path dir, Path results, PrintStream out) {
        return load(dir, results, false, out);
    }

    /** The file-name infix of zero-shot half-rate sweeps: {@code <checkpoint>-halfrate-sweep*.csv}. */
    public static final String HALF_RATE = "-halfrate";

    /**
     * As {@link #load(Path, Path, PrintStream)}; with {@code halfRate} the zero-shot half-rate sweeps
     * ({@code <checkpoint>-halfrate-sweep*.csv}, see {@link #forCheckpoint(Path, Path, List, int, double[], boolean, PrintStream)}).
     */
    public static Table load(Path dir, Path results, boolean halfRate, PrintStream out) {
        String name = dir.getFileName().toString() + (halfRate ? HALF_RATE : "");
        List<Path> files;
        try (var st = Files.list(results)) {
            files = st.filter(f -> f.getFileName().toString().startsWith(name + "-sweep") && f.getFileName().toString().endsWith(".csv"))
                    .filter(f -> {
                        String rest = f.getFileName().toString().substring(name.length() + 6);
                        return rest.equals(".csv") || rest.startsWith("-");
                    }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + results, e);
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no sweep of " + name + " in " + last.Toolkit.show(results)
                + ": run ./last cli sweep " + last.Toolkit.show(dir));
        Table all = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Path csv : files) {
            List<String> methods = SweepFiles.recordedMethods(csv).orElse(Methods.ALL);
            Table t = forCheckpoint(dir, csv, methods, SweepFiles.recordedSamples(csv).orElse(DEFAULT_SAMPLES),
                    SweepFiles.recordedRatios(csv).orElse(null), halfRate, out);
            Table fresh = t.where(t.stringColumn("method").isNotIn(seen));
            seen.addAll(methods);
            all = all == null ? fresh : all.append(fresh);
        }
        return all;
    }

    /**
     * {@link #load(Path, Path, PrintStream)} of each of {@code names} (checkpoint directories under {@code checkpoints})
     * that has a cached sweep, by name in the given order; the names without one are listed on {@code out}.
     */
    public static java.util.LinkedHashMap<String, Table> loadAll(Path checkpoints, Path results, List<String> names, PrintStream out) {
        var all = new java.util.LinkedHashMap<String, Table>();
        List<String> none = new java.util.ArrayList<>();
        for (String n : names) {
            Path dir = checkpoints.resolve(n);
            if (hasCached(dir, results)) all.put(n, load(dir, results, out));
            else none.add(n);
        }
        if (out != null && !none.isEmpty()) out.println("not swept yet: " + none);
        return all;
    }

    /** Whether {@code results} holds a sweep file of the checkpoint in {@code dir} (verified only when loaded). */
    public static boolean hasCached(Path dir, Path results) {
        String name = dir.getFileName().toString();
        try (var st = Files.list(results)) {
            return st.map(f -> f.getFileName().toString())
                    .anyMatch(f -> f.equals(name + "-sweep.csv") || (f.startsWith(name + "-sweep-") && f.endsWith(".csv")));
        } catch (IOException e) {
            return false;
        }
    }

    /** Parses "10,20,30" (percent) into fractions; refuses anything outside [0, 100). */
    public static double[] parseRatios(String percents) {
        String[] parts = percents.trim().split("\\s*,\\s*");
        double[] r = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            double v;
            try {
                v = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a ratio in percent: '" + parts[i] + "' (expected e.g. 10,20,30)");
            }
            if (!(v >= 0 && v < 100)) throw new IllegalArgumentException("ratio out of range [0, 100) %: " + parts[i]);
            r[i] = v / 100;
        }
        return r;
    }

    /** The run config of a checkpoint directory, refused when it disagrees with the checkpoint's sidecar. */
    static RunConfig checkedConfig(Path dir) {
        Path cfg = dir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) throw new IllegalArgumentException("no run config in " + dir + " (missing config.json)");
        RunConfig c = RunConfig.read(cfg);
        RunConfig.checkMatches(dir, cfg, c);
        return c;
    }

    /** {test examples, calibration (validation) split} of a run config for a sweep on {@code samples} examples. */
    static Batches[] testAndCalibration(RunConfig c, int samples, boolean halfRate) {
        if (c.testSize() > 0 && samples > c.testSize())
            c = new RunConfig(c.task(), c.scale(), c.trainSize(), c.valSize(), samples, c.model(), c.train(), c.note());
        Tasks.Splits splits = Tasks.load(c);
        Batches full = splits.test();
        if (halfRate) {
            if (splits.halfRateTest() == null)
                throw new IllegalArgumentException("task '" + c.task() + "' has no half-rate test set (only the audio tasks do)");
            full = splits.halfRateTest();
        }
        Batches test = full.size() > samples ? full.head(samples) : full;
        if (halfRate)   // the oracle's calibration data at the same (half) rate as the evaluation
            return new Batches[]{test, splits.val() instanceof SequenceDataset v
                    ? last.data.original.SpeechCommands.halveRate(v).withName(v.name() + "[::2]") : null};
        return new Batches[]{test, splits.val()};
    }


}
