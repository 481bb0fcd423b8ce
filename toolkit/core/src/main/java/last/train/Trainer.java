package last.train;

import last.model.BatchArrays;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import last.data.Batches;
import last.model.Checkpoint;
import last.model.Param;
import last.model.SequenceModel;

/**
 * Trains a {@link SequenceModel} with the paper's recipe (AdamW with S5's parameter groups, linear warm-up then
 * cosine decay, optional gradient clipping), seeded data order, a console progress line per epoch, per-epoch
 * validation, a CSV log ({@code train-log.csv}) and an atomic checkpoint after every epoch that
 * {@link #train(Run)} resumes from when {@link Run#resume} is set.
 */
public final class Trainer {
    private Trainer() {}

    /** What a training run produced. */
    public record Outcome(SequenceModel model, int epochs, Evaluation.Result validation, double seconds) {}

    /**
     * The settings of one training run.
     *
     * @param model       the model to train (replaced by the checkpoint's when resuming)
     * @param train       training data
     * @param val         validation data, or null to validate on {@code train}
     * @param cfg         optimiser, schedule and epochs
     * @param dir         checkpoint directory (written every epoch)
     * @param task        task name recorded in the checkpoint
     * @param dataVersion dataset version recorded in the checkpoint
     * @param resume      continue the checkpoint in {@code dir} (there must be one) instead of starting (there must be none)
     * @param evalSamples validation examples per epoch (0 = all)
     * @param out         progress lines
     */
    public record Run(SequenceModel model, Batches train, Batches val, TrainConfig cfg, Path dir, String task,
                      String dataVersion, boolean resume, int evalSamples, PrintStream out) {
        /** A new run (no resume), validating on all of {@code val}, progress on {@code System.out}. */
        public static Run of(SequenceModel model, Batches train, Batches val, TrainConfig cfg, Path dir, String task, String dataVersion) {
            return new Run(model, train, val, cfg, dir, task, dataVersion, false, 0, System.out);
        }

        public Run withResume(boolean v) { return new Run(model, train, val, cfg, dir, task, dataVersion, v, evalSamples, out); }
        public Run withEvalSamples(int v) { return new Run(model, train, val, cfg, dir, task, dataVersion, resume, v, out); }
        public Run withOut(PrintStream v) { return new Run(model, train, val, cfg, dir, task, dataVersion, resume, evalSamples, v); }
    }

    /** {@link #train(Run)} with the run's settings given one by one. */
    public static Outcome train(SequenceModel model, Batches train, Batches val, TrainConfig cfg,
                                Path dir, String task, String dataVersion, boolean resume, int evalSamples, PrintStream out) {
        return train(new Run(model, train, val, cfg, dir, task, dataVersion, resume, evalSamples, out));
    }

    /** Trains as the class comment says; see {@link Run} for the settings. */
    public static Outcome train(Run run) {
        SequenceModel model = run.model();
        Batches train = run.train(), val = run.val();
        TrainConfig cfg = run.cfg();
        Path dir = run.dir();
        String task = run.task(), dataVersion = run.dataVersion();
        boolean resume = run.resume();
        int evalSamples = run.evalSamples();
        PrintStream out = run.out();
        long t0 = System.nanoTime();
        Batches data = cfg.maxTrainSamples() > 0 ? train.head(cfg.maxTrainSamples()) : train;
        Batches validation = val != null ? val : train;
        int startEpoch = 0;
        if (!resume && Files.isRegularFile(dir.resolve("model.json")))
            throw new IllegalArgumentException("a checkpoint already exists in " + dir + ": resume it or choose another directory");
        if (resume && !Files.isRegularFile(dir.resolve("model.json")))
            throw new IllegalArgumentException("cannot resume: there is no checkpoint in " + dir + " (missing model.json)");
        AdamW opt = new AdamW(model.manager());
        List<String> resumes = new java.util.ArrayList<>();
        if (resume) {
            Checkpoint.Meta meta = Checkpoint.meta(dir);
            if (!meta.config().equals(model.config()))
                throw new IllegalArgumentException("cannot resume from " + dir + ": its architecture differs from the requested one");
            model.close();
            model = Checkpoint.load(dir);
            opt = new AdamW(model.manager());
            Map<String, NDArray> st = Checkpoint.loadOptimizer(dir, model.manager());
            if (st != null) opt.load(st);
            else
                out.printf("note: %s has no optimiser state (a finished run drops it): AdamW moments restart from zero%n", dir);
            startEpoch = meta.epoch();
            resumes.addAll(meta.resumes());
            String line = "resumed at epoch " + startEpoch + " at " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            resumes.add(line);
            truncateLog(dir.resolve("train-log.csv"), startEpoch);   // rows of an epoch whose save did not complete
            appendLine(dir.resolve("train.log"), line);
            out.printf("resumed from %s at epoch %d%n", dir, startEpoch);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + dir, e);
        }
        Engine.getInstance().setRandomSeed((int) (cfg.seed() * 31 + startEpoch));
        List<Param> params = model.params();
        int n = data.size(), spe = n / cfg.batchSize();
        if (spe == 0) throw new IllegalArgumentException("batch size " + cfg.batchSize() + " exceeds the " + n + " training examples");
        long total = (long) spe * cfg.epochs(), warm = Math.round(spe * cfg.warmupEpochs());
        Evaluation.Result res = null;
        for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
            long te = System.nanoTime();
            int[] order = permutation(n, new SplittableRandom(cfg.seed() * 1_000_003L + epoch));
            double lossSum = 0;
            long correct = 0, seen = 0;
            int skipped = 0, consecutiveSkips = 0;
            for (int b = 0; b < spe; b++) {
                int[] idx = java.util.Arrays.copyOfRange(order, b * cfg.batchSize(), (b + 1) * cfg.batchSize());
                double scale = TrainConfig.schedule((long) epoch * spe + b, warm, total);
                ShutdownGuard.enter();   // a termination waits for the batch (see ShutdownGuard)
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray[] batch = BatchArrays.of(model.manager(), data, idx);
                    NDArray y = batch[2].toType(DataType.INT64, false);
                    Step st = step(model, batch[0], batch[1], y);
                    float loss = st.loss();
                    correct += st.correct();
                    double gradNorm = gradNorm(params);
                    if (!Float.isFinite(loss) || !Double.isFinite(gradNorm)) {
                        // a non-finite loss or gradient is never applied: the parameters stay finite and the batch is
                        // skipped (counted in the log); several in a row mean the run has diverged
                        zeroGradients(params);
                        skipped++;
                        if (++consecutiveSkips > MAX_CONSECUTIVE_SKIPS)
                            throw new IllegalStateException("training diverged: loss " + loss + ", gradient norm " + gradNorm
                                    + " for " + consecutiveSkips + " batches in a row, at epoch " + (epoch + 1) + ", batch " + b);
                        out.printf("%nwarning: non-finite loss (%s) or gradient norm (%s) at epoch %d, batch %d: batch skipped%n",
                                loss, gradNorm, epoch + 1, b);
                        continue;
                    }
                    consecutiveSkips = 0;
                    if (cfg.clipNorm() > 0 && gradNorm > cfg.clipNorm())
                        for (Param p : params) p.array().getGradient().muli((float) (cfg.clipNorm() / gradNorm));
                    opt.step(params, cfg.lr(), cfg.ssmLr(), cfg.weightDecay(), scale);
                    zeroGradients(params);
                    lossSum += loss * idx.length;
                    seen += idx.length;
                } finally {
                    ShutdownGuard.exit();
                }
                if (b % 10 == 0 || b == spe - 1)
                    progress(out, epoch + 1, cfg.epochs(), b + 1, spe, lossSum / seen, (double) correct / seen,
                            seen / ((System.nanoTime() - te) / 1e9));
            }
            ShutdownGuard.enter();   // validation and the checkpoint save finish before a termination
            try {
            Evaluation.Result v = Evaluation.evaluate(model, validation, cfg.batchSize(), evalSamples);
            double secs = (System.nanoTime() - te) / 1e9;
            out.printf("epoch %d/%d: train loss %.4f acc %.2f%% | %s loss %.4f acc %.2f%% (%d samples) | %.0f s%s%n",
                    epoch + 1, cfg.epochs(), lossSum / seen, 100.0 * correct / seen, validation.name(), v.loss(),
                    v.percent(), v.samples(), secs, skipped > 0 ? " | " + skipped + " non-finite batches skipped" : "");
            appendCsv(dir.resolve("train-log.csv"), "epoch,train_loss,train_acc,val_loss,val_acc,val_samples,lr_scale,seconds",
                    String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%d,%.6f,%.1f", epoch + 1, lossSum / seen,
                            (double) correct / seen, v.loss(), v.accuracy(), v.samples(),
                            TrainConfig.schedule((long) (epoch + 1) * spe - 1, warm, total), secs));
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("train_loss", lossSum / seen);
            metrics.put("train_accuracy", (double) correct / seen);
            metrics.put("val_split", validation.name());
            metrics.put("val_loss", v.loss());
            metrics.put("val_accuracy", v.accuracy());
            metrics.put("val_samples", v.samples());
            metrics.put("seconds", secs);
            metrics.put("skipped_batches", skipped);
            Checkpoint.save(model, dir, task, dataVersion, cfg.seed(), epoch + 1, settings(cfg, data), metrics,
                    epoch + 1 < cfg.epochs() ? opt.state() : null, resumes);   // a finished run drops the optimiser state
            res = v;
            } finally {
                ShutdownGuard.exit();
            }
        }
        return new Outcome(model, cfg.epochs(), res, (System.nanoTime() - t0) / 1e9);
    }

    static Map<String, Object> settings(TrainConfig cfg, Batches data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", cfg.epochs());
        m.put("batch_size", cfg.batchSize());
        m.put("lr", cfg.lr());
        m.put("ssm_lr", cfg.ssmLr());
        m.put("weight_decay", cfg.weightDecay());
        m.put("warmup_epochs", cfg.warmupEpochs());
        m.put("clip_norm", cfg.clipNorm());
        m.put("train_split", data.name());
        m.put("train_samples", data.size());
        m.put("threads", Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
        return m;
    }

    static void progress(PrintStream out, int epoch, int epochs, int b, int spe, double loss, double acc, double rate) {
        int width = 30, done = (int) Math.round(width * (double) b / spe);
        out.printf("\repoch %d/%d [%s%s] %d/%d loss %.4f acc %.2f%% %.1f seq/s", epoch, epochs, "=".repeat(done),
                " ".repeat(width - done), b, spe, loss, 100 * acc, rate);
        if (b == spe) out.println();
        out.flush();
    }

    /** The loss of one batch and how many of its examples the model classified correctly. */
    public record Step(float loss, long correct) {}

    /**
     * Forward pass, cross-entropy and backward pass of one training batch; the gradients accumulate in the parameters.
     *
     * <p>The forward pass runs in its own {@link NDScope}, closed before the backward pass: every forward intermediate
     * (logits included) is released then, and the engine frees what backward saved step by step as backward consumes
     * it, as PyTorch does. Without it all of them would live until the batch's scope closes (issue #12, memory).
     *
     * @param y (B) int64 labels
     */
    public static Step step(SequenceModel model, NDArray input, NDArray lengths, NDArray y) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l;
            long correct;
            try (NDScope forward = new NDScope()) {
                forward.suppressNotUsedWarning();
                NDArray logits = model.forward(input, lengths, true);
                l = last.model.Ops.crossEntropy(logits, y);   // native log-softmax + gather (FusedOpsTest)
                correct = logits.argMax(1).toType(DataType.INT64, false).eq(y).sum().getLong();
                NDScope.unregister(l);
            }
            NDScope.register(l);
            gc.backward(l);
            return new Step(l.getFloat(), correct);
        }
    }

    /**
     * Sets every gradient to exactly 0. Gradients accumulate across backward passes, and {@code g - g} or
     * {@code 0 * g} would keep a NaN entry NaN forever, so the entries are overwritten.
     */
    public static void zeroGradients(List<Param> params) {
        for (Param p : params) p.array().getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
    }

    /** Batches in a row with a non-finite loss or gradient after which training stops as diverged. */
    public static final int MAX_CONSECUTIVE_SKIPS = 5;

    /** The global L2 norm of all gradients (NaN or infinite when any entry is). */
    static double gradNorm(List<Param> params) {
        double sq = 0;
        for (Param p : params) sq += p.array().getGradient().square().sum().getFloat();
        return Math.sqrt(sq);
    }

    static void clip(List<Param> params, double maxNorm) {
        double norm = gradNorm(params);
        if (norm > maxNorm) for (Param p : params) p.array().getGradient().muli((float) (maxNorm / norm));
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Keeps the header and the first {@code epochs} rows of a training log (no-op when it does not exist). */
    static void truncateLog(Path csv, int epochs) {
        try {
            if (!Files.exists(csv)) return;
            List<String> lines = Files.readAllLines(csv);
            if (lines.size() > epochs + 1) Files.write(csv, lines.subList(0, epochs + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite training log " + csv, e);
        }
    }

    static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void appendCsv(Path csv, String header, String row) {
        try {
            if (!Files.exists(csv)) Files.writeString(csv, header + "\n");
            Files.writeString(csv, row + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training log " + csv, e);
        }
    }
}
