package last.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's tables computed from sweep tables ({@link Sweep}; the trade-off panels of Fig. 2 and Fig. 6 are
 * {@code last.figures.Figures}): accuracy at LAST's ratio (Tables 2, 7, 10) and method averages (Tables 1, 5, 6). Every number comes from the
 * sweep tables; published values are joined only as separate "paper" columns.
 */
public final class Reports {
    private Reports() {}

    /**
     * Per task and model: the full accuracy, LAST's reported ratio and the accuracy of {@code methods} at that
     * ratio (Table 7 layout), plus whether LAST is at least as accurate as each other method there. A method not
     * evaluated at that ratio is a missing cell, named in the last column, never a guess.
     */
    public static Table atLastRatio(Table sweeps, List<String> methods, String title) {
        Table t = Table.create(title, StringColumn.create("task"), StringColumn.create("model"),
                IntColumn.create("LAST ratio (%)"), DoubleColumn.create("full"));
        for (String m : methods) t.addColumns(DoubleColumn.create(m));
        t.addColumns(StringColumn.create("LAST loss (%p) [95 % interval]"), StringColumn.create("interval supports the rule"),
                StringColumn.create("actual fraction removed"),
                StringColumn.create("LAST >= every other method"), IntColumn.create("test samples"));
        for (var r : Protocol.atLastRatio(sweeps, methods)) {
            t.stringColumn("task").append(r.task());
            t.stringColumn("model").append(r.model());
            t.intColumn("LAST ratio (%)").append(r.ratio());
            t.doubleColumn("full").append(round(r.fullAccuracy()));
            boolean best = true;
            List<String> missing = new java.util.ArrayList<>();
            for (String m : methods) {
                double a = r.accuracy().get(m);
                if (Double.isNaN(a)) { t.doubleColumn(m).appendMissing(); missing.add(m); continue; }
                t.doubleColumn(m).append(round(a));
                if (!m.equals("LAST") && a > r.accuracy().get("LAST") + 1e-9) best = false;
            }
            double[] iv = r.lossInterval("LAST");
            t.stringColumn("LAST loss (%p) [95 % interval]").append(String.format(Locale.ROOT, "%.2f %s", r.loss("LAST"),
                    interval(new double[]{0, iv[0], iv[1]})));
            t.stringColumn("interval supports the rule").append(ruleSupport(sweeps, r));
            t.stringColumn("actual fraction removed").append(methods.stream()
                    .filter(m -> !missing.contains(m))
                    .map(m -> String.format(Locale.ROOT, "%s %.1f %%", m, 100 * r.actual().getOrDefault(m, Double.NaN)))
                    .collect(java.util.stream.Collectors.joining(", ")));
            t.stringColumn("LAST >= every other method").append((r.ratio() == 0 ? "non-compressible" : best ? "yes" : "no")
                    + (missing.isEmpty() ? "" : " (not swept at this ratio: " + String.join(", ", missing) + ")"));
            t.intColumn("test samples").append(samples(sweeps, r.task(), r.model()));
        }
        return t;
    }

    /**
     * Tables 1, 5, 6: per model, for each method its average pruning ratio (LAST's per-task ratio) and average
     * accuracy loss at that ratio, over all tasks and (in the "compressible" columns, the paper's parentheses)
     * over compressible tasks only.
     */
    public static Table averages(Table sweeps, List<String> methods, String title) {
        Table t = Table.create(title, StringColumn.create("model"), StringColumn.create("method"), IntColumn.create("tasks"),
                DoubleColumn.create("avg ratio (%)"), DoubleColumn.create("avg ratio, compressible (%)"),
                DoubleColumn.create("avg loss (%p)"), StringColumn.create("95 % interval"),
                DoubleColumn.create("avg loss, compressible (%p)"), StringColumn.create("95 % interval, compressible"));
        for (String model : sweeps.stringColumn("model").unique().asList().stream().sorted().toList()) {
            Table sub = sweeps.where(sweeps.stringColumn("model").isEqualTo(model));
            List<String> present = methods.stream().filter(m -> sub.stringColumn("method").contains(m)).toList();
            // the tasks that have every present method at LAST's ratio ("tasks" column), so every row averages the same tasks
            var rows = Protocol.atLastRatioWhereAvailable(sub, present);
            if (rows.isEmpty()) continue;
            for (String m : present) {
                double[] ratio = Protocol.averages(rows, Protocol.TaskResult::ratio);
                double[] loss = Protocol.averages(rows, r -> r.loss(m));
                t.stringColumn("model").append(model);
                t.stringColumn("method").append(m);
                t.intColumn("tasks").append(rows.size());
                t.doubleColumn("avg ratio (%)").append(round(ratio[0]));
                t.doubleColumn("avg ratio, compressible (%)").append(round(ratio[1]));
                var comp = rows.stream().filter(Protocol.TaskResult::compressible).toList();
                t.doubleColumn("avg loss (%p)").append(round(loss[0]));
                t.stringColumn("95 % interval").append(interval(Protocol.averageLoss(rows, m)));
                t.doubleColumn("avg loss, compressible (%p)").append(round(loss[1]));
                t.stringColumn("95 % interval, compressible").append(comp.isEmpty() ? "" : interval(Protocol.averageLoss(comp, m)));
            }
        }
        return t;
    }

    /**
     * A fixed-ratio comparison (complements the paper's rule when few tasks are compressible): per model and method,
     * the accuracy loss at each of {@code ratios} (percent) averaged over the tasks, and the mean over those ratios.
     */
    public static Table lossAtRatios(Table sweeps, List<String> methods, int[] ratios, String title) {
        Table t = Table.create(title, StringColumn.create("model"), StringColumn.create("method"), IntColumn.create("tasks"));
        for (int r : ratios) t.addColumns(DoubleColumn.create("loss at " + r + " % (%p)"));
        t.addColumns(DoubleColumn.create("mean loss (%p)"));
        for (String model : sweeps.stringColumn("model").unique().asList().stream().sorted().toList()) {
            Table sub = sweeps.where(sweeps.stringColumn("model").isEqualTo(model));
            List<String> present = methods.stream().filter(m -> sub.stringColumn("method").contains(m)).toList();
            // the tasks that have every present method at every ratio, so every row averages the same tasks
            List<String> tasks = new ArrayList<>();
            for (Table part : Protocol.perTaskModel(sub)) {
                boolean all = present.stream().allMatch(m -> Protocol.has(part, m, 0)
                        && java.util.Arrays.stream(ratios).allMatch(r -> Protocol.has(part, m, r)));
                if (all) tasks.add(part.stringColumn("task").get(0));
            }
            if (tasks.isEmpty()) continue;
            for (String m : present) {
                appendKey(t, model, m, tasks.size());
                double all = 0;
                for (int r : ratios) {
                    double sum = 0;
                    for (String task : tasks)
                        sum += Protocol.value(sub, task, model, m, 0) - Protocol.value(sub, task, model, m, r);
                    double avg = sum / tasks.size();
                    all += avg;
                    t.doubleColumn("loss at " + r + " % (%p)").append(round(avg));
                }
                t.doubleColumn("mean loss (%p)").append(round(all / ratios.length));
            }
        }
        return t;
    }

    /**
     * The fixed-ratio comparison at equal model sizes (issue #13, "equal sizes"): per model and method, the accuracy
     * loss at each <em>actual</em> removed fraction in {@code percents}, linearly interpolated on the method's curve
     * ({@link Protocol#lossAtActual}), averaged over the tasks where every present method's curve covers every fraction.
     * Uniform methods round per layer (16 pairs per layer: nominal 10 % removes 12.5 %), global ones per model
     * (10.9 %), so {@link #lossAtRatios} compares models of different sizes; this table does not. The interval of each
     * average combines the tasks' interpolated paired-bootstrap intervals as in {@link Protocol#averageLoss}
     * (approximate: the interval endpoints are interpolated like the loss).
     */
    public static Table lossAtRemoved(Table sweeps, List<String> methods, int[] percents, String title) {
        Table t = Table.create(title, StringColumn.create("model"), StringColumn.create("method"), IntColumn.create("tasks"));
        for (int p : percents) t.addColumns(DoubleColumn.create("loss at " + p + " % removed (%p)"));
        t.addColumns(DoubleColumn.create("mean loss (%p)"), StringColumn.create("95 % intervals"));
        for (String model : sweeps.stringColumn("model").unique().asList().stream().sorted().toList()) {
            Table sub = sweeps.where(sweeps.stringColumn("model").isEqualTo(model));
            List<String> present = methods.stream().filter(m -> sub.stringColumn("method").contains(m)).toList();
            List<String> tasks = new ArrayList<>();
            for (Table part : Protocol.perTaskModel(sub)) {
                String task = part.stringColumn("task").get(0);
                boolean all = present.stream().allMatch(m -> part.stringColumn("method").contains(m) && java.util.Arrays.stream(percents)
                        .allMatch(p -> !Double.isNaN(Protocol.lossAtActual(part, task, model, m, p / 100.0)[0])));
                if (all) tasks.add(task);
            }
            if (tasks.isEmpty()) continue;
            for (String m : present) {
                appendKey(t, model, m, tasks.size());
                double all = 0;
                List<String> ivs = new ArrayList<>();
                for (int p : percents) {
                    double sum = 0, var = 0;
                    for (String task : tasks) {
                        double[] l = Protocol.lossAtActual(sub, task, model, m, p / 100.0);
                        sum += l[0];
                        double se = (l[2] - l[1]) / 3.92;
                        var += se * se;
                    }
                    double avg = sum / tasks.size(), se = Math.sqrt(var) / tasks.size();
                    all += avg;
                    t.doubleColumn("loss at " + p + " % removed (%p)").append(round(avg));
                    ivs.add(interval(new double[]{avg, avg - 1.96 * se, avg + 1.96 * se}));
                }
                t.doubleColumn("mean loss (%p)").append(round(all / percents.length));
                t.stringColumn("95 % intervals").append(String.join(" / ", ivs));
            }
        }
        return t;
    }

    /**
     * Tables 3 and 4 (model configurations): one row per config file in {@code dir} whose task is in {@code tasks}
     * (all when empty), CPU scale (run here) next to paper scale (files for a GPU), sorted by task, model and scale.
     * Columns follow the paper's tables: depth, width H, state size (P for S5, N_s for S4D), blocks J, norm,
     * dropout, learning rates, batch, epochs, weight decay, step range, training examples, bidirectional.
     */
    public static Table configurations(java.nio.file.Path dir, List<String> tasks) {
        Table t = Table.create("Configurations: CPU scale (run here) and paper scale (files, for a GPU)",
                StringColumn.create("config"), StringColumn.create("scale"), StringColumn.create("task"), StringColumn.create("model"),
                IntColumn.create("L (layers)"), IntColumn.create("H"), IntColumn.create("P or N_s"), IntColumn.create("J"),
                StringColumn.create("norm"), StringColumn.create("bidirectional"), DoubleColumn.create("dropout"),
                DoubleColumn.create("LR"), DoubleColumn.create("SSM LR"), IntColumn.create("B"), IntColumn.create("E"),
                DoubleColumn.create("WD"), DoubleColumn.create("dt min"), DoubleColumn.create("dt max"), IntColumn.create("train examples"));
        List<java.nio.file.Path> files;
        try (var st = java.nio.file.Files.list(dir)) {
            files = st.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list configs in " + dir, e);
        }
        for (var f : files) {
            RunConfig c = RunConfig.read(f);
            if (!tasks.isEmpty() && !tasks.contains(c.task())) continue;
            var m = c.model();
            var tr = c.train();
            t.stringColumn(0).append(f.getFileName().toString());
            t.stringColumn(1).append(c.scale());
            t.stringColumn(2).append(c.task());
            t.stringColumn(3).append(m.kind().toString());
            t.intColumn(4).append(m.layers());
            t.intColumn(5).append(m.h());
            t.intColumn(6).append(m.p());
            t.intColumn(7).append(m.blocks());
            t.stringColumn(8).append((m.prenorm() ? "pre " : "post ") + m.norm());
            t.stringColumn(9).append(m.bidirectional() ? "yes" : "no");
            t.doubleColumn(10).append(m.dropout());
            t.doubleColumn(11).append(tr.lr());
            t.doubleColumn(12).append(tr.ssmLr());
            t.intColumn(13).append(tr.batchSize());
            t.intColumn(14).append(tr.epochs());
            t.doubleColumn(15).append(tr.weightDecay());
            t.doubleColumn(16).append(m.dtMin());
            t.doubleColumn(17).append(m.dtMax());
            t.intColumn(18).append(c.trainSize());
        }
        return t.sortOn("task", "model", "scale", "config");
    }

    /**
     * The trained checkpoints among {@code names} (directories of {@code checkpoints} with a {@code model.json}): model,
     * size (the config's P or N_s, and the states stored per layer: S5 with conj-sym stores P/2 conjugate pairs), training examples and epochs, test accuracy and its sample count ({@code test-accuracy.txt}, written by
     * {@code train}), the protocol's target ({@link Tasks#describe}) and whether it is met, training minutes
     * ({@code train-log.csv}), skipped batches and resumes ({@code train.log}; missing cells when that console log was
     * not kept). Names without a checkpoint are skipped.
     */
    public static Table checkpoints(java.nio.file.Path checkpoints, List<String> names) {
        Table t = Table.create("Trained checkpoints (CPU scale)",
                StringColumn.create("checkpoint"), StringColumn.create("model"), IntColumn.create("layers"), IntColumn.create("H"),
                IntColumn.create("P (S5) or N_s (S4D)"), IntColumn.create("stored states per layer"),
                IntColumn.create("train examples"), IntColumn.create("epochs"),
                DoubleColumn.create("test accuracy (%)"), IntColumn.create("test samples"), DoubleColumn.create("target (%)"),
                StringColumn.create("meets target"), DoubleColumn.create("train minutes"), IntColumn.create("skipped batches"),
                IntColumn.create("resumes"));
        for (String n : names) {
            var dir = checkpoints.resolve(n);
            if (!java.nio.file.Files.isRegularFile(dir.resolve("model.json"))) continue;
            try {
                var meta = last.model.Checkpoint.meta(dir);
                RunConfig cfg = RunConfig.read(dir.resolve("config.json"));
                String[] acc = java.nio.file.Files.readString(dir.resolve("test-accuracy.txt")).trim().split(" ");
                double pct = round(100 * Double.parseDouble(acc[0]));
                Table log = Table.read().csv(dir.resolve("train-log.csv").toString());
                // the console log is optional: a run whose console output was lost shows its counts as unknown
                var consoleFile = dir.resolve("train.log");
                List<String> console = java.nio.file.Files.isRegularFile(consoleFile) ? java.nio.file.Files.readAllLines(consoleFile) : null;
                double target = Tasks.describe(cfg.task()).targetPercent();
                t.stringColumn("checkpoint").append(n);
                t.stringColumn("model").append(meta.config().kind().toString());
                t.intColumn("layers").append(meta.config().layers());
                t.intColumn("H").append(meta.config().h());
                t.intColumn("P (S5) or N_s (S4D)").append(meta.config().p());
                t.intColumn("stored states per layer").append(meta.config().statesPerLayer());
                t.intColumn("train examples").append(cfg.trainSize() > 0 ? cfg.trainSize() : trainCount(console, dir));
                t.intColumn("epochs").append(meta.epoch());
                t.doubleColumn("test accuracy (%)").append(pct);
                t.intColumn("test samples").append(Integer.parseInt(acc[1]));
                t.doubleColumn("target (%)").append(target);
                t.stringColumn("meets target").append(pct >= target ? "yes" : "no");
                t.doubleColumn("train minutes").append(Math.round(log.numberColumn("seconds").sum() / 6) / 10.0);
                if (console == null) {
                    t.intColumn("skipped batches").appendMissing();
                    t.intColumn("resumes").appendMissing();
                } else {
                    t.intColumn("skipped batches").append((int) console.stream().filter(l -> l.contains("batch skipped")).count());
                    t.intColumn("resumes").append((int) console.stream().filter(l -> l.startsWith("resumed from")).count());
                }
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException("checkpoint " + dir + " is incomplete (needs model.json, config.json, "
                        + "test-accuracy.txt, train-log.csv): " + e.getMessage(), e);
            }
        }
        return t;
    }

    /**
     * Where each of {@code names} stands in {@code checkpoints}: trained (the training command wrote
     * {@code test-accuracy.txt}), in progress (only {@code model.json}: a run not finished or stopped for resuming),
     * or not trained.
     */
    public record Status(List<String> trained, List<String> inProgress, List<String> notTrained) {
        @Override public String toString() {
            return "trained: " + trained + "\ntraining not finished: " + inProgress + "\nnot trained: " + notTrained;
        }
    }

    /** {@link Status} of {@code names}, in their order. */
    public static Status status(java.nio.file.Path checkpoints, List<String> names) {
        List<String> done = new java.util.ArrayList<>(), running = new java.util.ArrayList<>(), none = new java.util.ArrayList<>();
        for (String n : names) {
            var dir = checkpoints.resolve(n);
            if (java.nio.file.Files.isRegularFile(dir.resolve("test-accuracy.txt"))) done.add(n);
            else if (java.nio.file.Files.isRegularFile(dir.resolve("model.json"))) running.add(n);
            else none.add(n);
        }
        return new Status(List.copyOf(done), List.copyOf(running), List.copyOf(none));
    }

    private static final java.util.regex.Pattern TRAIN_COUNT = java.util.regex.Pattern.compile("^task \\S+: train (\\d+),");

    /** The training-set size a config with trainSize 0 ("all") used: the first line of train.log says it. */
    private static int trainCount(List<String> console, java.nio.file.Path dir) {
        if (console == null)
            throw new IllegalArgumentException("the config of " + dir + " trains on the whole split (trainSize 0) and there is"
                    + " no train.log to say how many examples that was");
        for (String l : console) {
            var m = TRAIN_COUNT.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        throw new IllegalArgumentException("the config of " + dir + " trains on the whole split (trainSize 0) and its train.log"
                + " does not say how many examples that was (line 'task <id>: train <n>, ...')");
    }

    /** The sweep tables stacked into one. */
    public static Table stack(List<Table> sweeps) {
        if (sweeps.isEmpty()) throw new IllegalArgumentException("no sweep tables to stack");
        Table all = sweeps.get(0).copy();
        for (int i = 1; i < sweeps.size(); i++) all.append(sweeps.get(i));
        return all;
    }

    private static int samples(Table sweeps, String task, String model) {
        Table s = sweeps.where(sweeps.stringColumn("task").isEqualTo(task).and(sweeps.stringColumn("model").isEqualTo(model)));
        return s.intColumn("samples").get(0);
    }

    /**
     * Whether the paired bootstrap interval supports the rule's verdict: at LAST's ratio r > 0, the whole loss interval
     * below 1 %p; for a non-compressible task, the interval of LAST's loss at 10 % at or above 1 %p.
     */
    static String ruleSupport(Table sweeps, Protocol.TaskResult r) {
        if (r.ratio() > 0) {
            double[] iv = r.lossInterval("LAST");
            if (Double.isNaN(iv[1])) return "n/a (no interval)";
            return iv[1] < Protocol.MAX_LOSS ? "yes" : String.format(Locale.ROOT, "no: up to %.2f %%p", iv[1]);
        }
        Table s = sweeps.where(sweeps.stringColumn("task").isEqualTo(r.task()).and(sweeps.stringColumn("model").isEqualTo(r.model())));
        var row = Protocol.row(s, r.task(), r.model(), "LAST", 10);
        if (!row.columnNames().contains("loss_lo") || Double.isNaN(row.getDouble("loss_lo"))) return "n/a (no interval)";
        return row.getDouble("loss_lo") >= Protocol.MAX_LOSS ? "yes (10 % costs >= 1 %p)"
                : String.format(Locale.ROOT, "no: 10 %% costs [%.2f, %.2f] %%p", row.getDouble("loss_lo"), row.getDouble("loss_hi"));
    }

    /** "[lo, hi]" of {mean, lo, hi}, or "n/a" for sweeps without intervals. */
    static String interval(double[] v) {
        return Double.isNaN(v[1]) ? "n/a" : String.format(Locale.ROOT, "[%.2f, %.2f]", v[1], v[2]);
    }

    /** The first three cells (model, method, tasks) of a row of the fixed-ratio tables. */
    private static void appendKey(Table t, String model, String method, int tasks) {
        t.stringColumn("model").append(model);
        t.stringColumn("method").append(method);
        t.intColumn("tasks").append(tasks);
    }

    private static double round(double v) { return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0; }
}
