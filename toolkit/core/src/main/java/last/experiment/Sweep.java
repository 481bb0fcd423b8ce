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
import last.plot.Tables;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.prune.UnstructuredPlan;
import last.score.StateScores;
import last.train.Evaluation;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A pruning sweep (paper Sec. 4.2; protocol.md): for every method and every ratio 0, 10, ..., 90 % plus the end
 * point (one conjugate pair per S5 layer, one mode per channel of an S4D layer; {@link Pruning#endPoint(last.score.StateScores, List)}), prune the trained model without retraining and evaluate
 * it on the test data. Scores depend only on the parameters, so they are computed once per method; Random is
 * averaged over {@code randomSeeds} seeds. The result is a Tablesaw table with one row per (method, ratio):
 * task, model, method, ratio (requested, %; 100 = end point), actual_ratio, kept_per_layer, state_dim (per-layer
 * average real state dimension, a pair counting 2), accuracy (%), accuracy_loss (%p, against ratio 0 of the same
 * method), samples.
 *
 * <p>{@link #cached} stores the table under {@code data/results/} keyed by the checkpoint hash and the settings,
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
        StringColumn task = StringColumn.create("task"), mdl = StringColumn.create("model"), method = StringColumn.create("method"),
                kept = StringColumn.create("kept_per_layer");
        DoubleColumn ratio = DoubleColumn.create("ratio"), actual = DoubleColumn.create("actual_ratio"),
                dim = DoubleColumn.create("state_dim"), acc = DoubleColumn.create("accuracy"), loss = DoubleColumn.create("accuracy_loss");
        IntColumn samples = IntColumn.create("samples");
        var layers = model.discreteLayers();
        boolean conj = layers.get(0).conjSym();
        int total = s.methods().size() * (s.ratios().length + (s.endPoint() ? 1 : 0)), done = 0;
        long t0 = System.nanoTime();
        // pruning plans that keep the same states give the same model: evaluate each distinct plan once
        java.util.Map<String, Evaluation.Result> memo = new java.util.HashMap<>();
        for (String m : s.methods()) {
            if (m.equals(UNSTRUCTURED)) {
                done = unstructured(model, test, s, conj, layers, task, mdl, method, ratio, actual, kept, dim, acc, loss,
                        samples, out, done, total, t0);
                continue;
            }
            int seeds = m.equals("Random") ? s.randomSeeds() : 1;
            List<StateScores> scores = new ArrayList<>();
            if (m.equals(OracleScores.NAME)) {
                if (calibration == null)
                    throw new IllegalArgumentException("the method '" + m + "' needs calibration data (pass the validation split)");
                scores.add(OracleScores.of(model, calibration, ORACLE_SAMPLES));
            } else for (int k = 0; k < seeds; k++) scores.add(Methods.scores(m, layers, 1000 + k));
            double full = Double.NaN;
            int points = s.ratios().length + (s.endPoint() ? 1 : 0);
            for (int p = 0; p < points; p++) {
                boolean end = p == s.ratios().length;
                double r = end ? 1.0 : s.ratios()[p];
                double accSum = 0, actSum = 0, dimSum = 0;
                String keptStr = null;
                int n = 0;
                for (StateScores sc : scores) {
                    PruningPlan plan = end ? Pruning.endPoint(sc, layers) : Pruning.plan(sc, r);
                    String planKey = plan.totalKept() == plan.totalStates() ? "full" : plan.maskKey();
                    Evaluation.Result res = memo.get(planKey);
                    if (res == null) {
                        if (plan.totalKept() == plan.totalStates()) res = evaluate(model, test, s.batchSize());
                        else try (SequenceModel pm = prunedForEvaluation(model, plan)) {
                            res = evaluate(pm, test, s.batchSize());
                        }
                        memo.put(planKey, res);
                    }
                    accSum += res.percent();
                    actSum += plan.actualRatio();
                    dimSum += plan.averageStateDimension(conj);
                    n = res.samples();
                    if (keptStr == null) keptStr = Arrays.stream(plan.keptPerLayer()).mapToObj(Integer::toString).collect(Collectors.joining(" "));
                }
                double a = accSum / scores.size();
                if (p == 0) full = a;
                task.append(s.task());
                mdl.append(s.modelName());
                method.append(m);
                ratio.append(Math.round(r * 100));
                actual.append(actSum / scores.size());
                kept.append(seeds > 1 ? keptStr + " (seed 1000)" : keptStr);
                dim.append(dimSum / scores.size());
                acc.append(a);
                loss.append(full - a);
                samples.append(n);
                done++;
                if (out != null)
                    out.printf(Locale.ROOT, "[%d/%d] %-18s ratio %3d%%  state dim %6.1f  accuracy %6.2f%%  (%.0f s)%n", done, total, m,
                            Math.round(r * 100), dimSum / scores.size(), a, (System.nanoTime() - t0) / 1e9);
            }
        }
        return Table.create(s.task() + " " + s.modelName() + " pruning sweep", task, mdl, method, ratio, actual, kept, dim,
                acc, loss, samples);
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
    public static final String UNSTRUCTURED = "Unstructured random";

    /**
     * Unstructured random at every ratio (mean over {@link #UNSTRUCTURED_SEEDS} seeds): individual poles, B_bar and C entries removed at the
     * ratio's parameter fraction ({@link UnstructuredPlan#random}); the end point removes the fraction the
     * structured end point removes (all but one pair per layer, or one mode per channel for S4D). The state_dim column is the structured
     * equivalent (1 - ratio) x full dimension, kept_per_layer is "-".
     */
    private static int unstructured(SequenceModel model, Batches test, Settings s, boolean conj,
                                    List<last.ssm.DiscreteSsm> layers, StringColumn task, StringColumn mdl,
                                    StringColumn method, DoubleColumn ratio, DoubleColumn actual, StringColumn kept,
                                    DoubleColumn dim, DoubleColumn acc, DoubleColumn loss, IntColumn samples,
                                    PrintStream out, int done, int total, long t0) {
        int totalStates = layers.stream().mapToInt(last.ssm.DiscreteSsm::stateCount).sum();
        double fullDim = (conj ? 2.0 : 1.0) * totalStates / layers.size();
        double full = Double.NaN;
        int seeds = Math.min(UNSTRUCTURED_SEEDS, s.randomSeeds());
        int points = s.ratios().length + (s.endPoint() ? 1 : 0);
        for (int p = 0; p < points; p++) {
            boolean end = p == s.ratios().length;
            double r = end ? Pruning.endPoint(last.score.Scores.random(layers, 0), layers).actualRatio() : s.ratios()[p];
            double accSum = 0, actSum = 0;
            int n = 0;
            for (int k = 0; k < seeds; k++) {
                UnstructuredPlan plan = UnstructuredPlan.random(model.layouts(), r, 1000 + k);
                Evaluation.Result res;
                if (r == 0) res = evaluate(model, test, s.batchSize());
                else try (SequenceModel pm = model.entryMasked(plan)) {
                    res = evaluate(pm, test, s.batchSize());
                }
                accSum += res.percent();
                actSum += plan.actualRatio();
                n = res.samples();
                if (r == 0) {
                    accSum *= seeds;
                    actSum *= seeds;
                    break;
                }
            }
            double a = accSum / seeds;
            if (p == 0) full = a;
            task.append(s.task());
            mdl.append(s.modelName());
            method.append(UNSTRUCTURED);
            ratio.append(end ? 100 : Math.round(r * 100));
            actual.append(actSum / seeds);
            kept.append("-");
            dim.append(fullDim * (1 - r));
            acc.append(a);
            loss.append(full - a);
            samples.append(n);
            done++;
            if (out != null)
                out.printf(Locale.ROOT, "[%d/%d] %-18s ratio %3d%%  state dim %6.1f  accuracy %6.2f%%  (%.0f s)%n", done, total,
                        UNSTRUCTURED, end ? 100 : Math.round(r * 100), fullDim * (1 - r), a, (System.nanoTime() - t0) / 1e9);
        }
        return done;
    }

    private static Evaluation.Result evaluate(SequenceModel m, Batches test, int batchSize) {
        return Evaluation.evaluate(m, test, batchSize);
    }

    /**
     * Returns the cached sweep for (checkpoint hash, settings, test data) from {@code csv} when its key file matches,
     * otherwise runs the sweep and writes the CSV and its key file ({@code <csv>.key}) atomically.
     */
    public static Table cached(Path csv, String checkpointHash, SequenceModel model, Batches test, Settings s, PrintStream out) {
        return cached(csv, checkpointHash, model, test, null, s, out);
    }

    /** As {@link #cached(Path, String, SequenceModel, Batches, Settings, PrintStream)} with calibration data for the oracle. */
    public static Table cached(Path csv, String checkpointHash, SequenceModel model, Batches test,
                               Batches calibration, Settings s, PrintStream out) {
        String key = sha256(checkpointHash + "|" + s.key() + "|" + test.name() + "|" + test.size()
                + (calibration == null ? "" : "|" + calibration.name() + "|" + Math.min(ORACLE_SAMPLES, calibration.size())));
        Path keyFile = csv.resolveSibling(csv.getFileName() + ".key");
        try {
            if (Files.isRegularFile(csv) && Files.isRegularFile(keyFile) && Files.readString(keyFile).trim().equals(key)) {
                if (out != null) out.println("reusing " + csv + " (same checkpoint and settings)");
                return read(csv);
            }
            Table t = run(model, test, calibration, s, out);
            Tables.saveCsv(t, csv);
            Files.writeString(keyFile, key + "\n");
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("sweep cache " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Test examples a checkpoint sweep evaluates by default (the first ones of the config's seeded test subset). */
    public static final int DEFAULT_SAMPLES = 1000;

    /**
     * The sweep of a trained checkpoint directory (holding {@code config.json}): the task's test subset of the
     * config, cut to its first {@code samples} examples, the validation split as the oracle's calibration data,
     * cached in {@code csv}. Shared by {@code ./last cli sweep} and the notebooks, so both reuse the same file.
     */
    public static Table forCheckpoint(Path dir, Path csv, List<String> methods, int samples, PrintStream out) {
        RunConfig c = RunConfig.read(dir.resolve("config.json"));
        Tasks.Splits splits = Tasks.load(c);
        Batches test = splits.test().size() > samples
                ? splits.test().head(samples) : splits.test();
        try (SequenceModel m = last.model.Checkpoint.load(dir)) {
            Settings s = Settings.paper(c.task(), c.model().kind().name(), methods);
            return cached(csv, last.model.Checkpoint.hash(dir), m, test, splits.val(), s, out);
        }
    }

    /** Reads a sweep CSV written by {@link #cached} with its column types fixed (numbers as doubles, counts as ints). */
    public static Table read(Path csv) {
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).columnTypes(new ColumnType[]{
                    ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE,
                    ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.INTEGER}));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read sweep results " + csv + ": " + e.getMessage(), e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
