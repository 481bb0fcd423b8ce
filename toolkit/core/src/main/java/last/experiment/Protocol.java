package last.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * The paper's reporting rule (Sec. 4.2; captions of Tables 1, 2, 5-7, 10): per task, LAST's reported ratio is the
 * largest tested ratio (0..90 %) whose accuracy loss is below 1 %p; every other method is evaluated at that ratio;
 * a task where even 10 % costs >= 1 %p is non-compressible (ratio 0, loss 0). Averages are over all tasks and,
 * in parentheses in the paper, over compressible tasks only.
 */
public final class Protocol {
    private Protocol() {}

    /** The loss threshold of the rule, in percentage points. */
    public static final double MAX_LOSS = 1.0;

    /**
     * One task's row of a Table 1/5/6/7-style report.
     *
     * @param accuracy per method, its accuracy at LAST's ratio (%)
     * @param interval per method, the paired bootstrap 95 % interval {lo, hi} of its loss (%p; NaN for sweeps made
     *                 before intervals existed; {0, 0} at ratio 0)
     * @param actual   per method, the fraction of states it actually removed at that ratio
     * @param samples  test examples of the sweep
     */
    public record TaskResult(String task, String model, int ratio, double fullAccuracy, Map<String, Double> accuracy,
                             Map<String, double[]> interval, Map<String, Double> actual, int samples) {
        public TaskResult(String task, String model, int ratio, double fullAccuracy, Map<String, Double> accuracy) {
            this(task, model, ratio, fullAccuracy, accuracy, Map.of(), Map.of(), 0);
        }

        public double loss(String method) { return fullAccuracy - accuracy.get(method); }

        /** {lo, hi} of the loss interval, or {NaN, NaN} when unknown. */
        public double[] lossInterval(String method) {
            if (ratio == 0) return new double[]{0, 0};
            return interval.getOrDefault(method, new double[]{Double.NaN, Double.NaN});
        }

        public boolean compressible() { return ratio > 0; }
    }

    /** LAST's reported ratio (percent) for one task and model from a sweep table. */
    public static int lastRatio(Table sweep, String task, String model, String reference) {
        int best = 0;
        for (Row r : sweep) {
            if (!r.getString("task").equals(task) || !r.getString("model").equals(model) || !r.getString("method").equals(reference)) continue;
            int ratio = (int) Math.round(r.getDouble("ratio"));
            if (ratio < 100 && r.getDouble("accuracy_loss") < MAX_LOSS) best = Math.max(best, ratio);
        }
        return best;
    }

    /**
     * Every task/model of the sweep table evaluated at LAST's ratio (the full accuracy is the ratio-0 accuracy of LAST).
     * A method other than LAST that was not evaluated at that ratio (the budget rule of docs/protocol.md, or a sweep
     * still to run) gets NaN accuracy, fraction and interval; averages use {@link #atLastRatioWhereAvailable} instead.
     */
    public static List<TaskResult> atLastRatio(Table sweep, List<String> methods) {
        Map<String, TaskResult> out = new LinkedHashMap<>();
        for (Row r : sweep) {
            String key = r.getString("task") + "|" + r.getString("model");
            if (out.containsKey(key)) continue;
            String task = r.getString("task"), model = r.getString("model");
            int ratio = lastRatio(sweep, task, model, "LAST");
            double full = value(sweep, task, model, "LAST", 0);
            Map<String, Double> acc = new LinkedHashMap<>(), act = new LinkedHashMap<>();
            Map<String, double[]> iv = new LinkedHashMap<>();
            int samples = 0;
            for (String m : methods) {
                if (!m.equals("LAST") && !has(sweep, task, model, m, ratio)) {   // not evaluated there: NaN, never a guess
                    acc.put(m, Double.NaN);
                    act.put(m, Double.NaN);
                    iv.put(m, new double[]{Double.NaN, Double.NaN});
                    continue;
                }
                Row row = row(sweep, task, model, m, ratio);
                acc.put(m, row.getDouble("accuracy"));
                act.put(m, row.columnNames().contains("actual_ratio") ? row.getDouble("actual_ratio") : ratio / 100.0);
                boolean has = row.columnNames().contains("loss_lo");
                // every method's loss is measured against the same full-model pass (ratio 0 of every method)
                iv.put(m, has ? new double[]{row.getDouble("loss_lo"), row.getDouble("loss_hi")} : new double[]{Double.NaN, Double.NaN});
                samples = row.columnNames().contains("samples") ? row.getInt("samples") : 0;
            }
            out.put(key, new TaskResult(task, model, ratio, full, acc, iv, act, samples));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * {@link #atLastRatio} over the task/models whose sweep has a row for every one of {@code methods} at LAST's ratio;
     * the others are left out (the long tasks sweep some criteria at a few ratios only, docs/protocol.md's budget rule), so
     * averages over the result compare every method on the same tasks.
     */
    public static List<TaskResult> atLastRatioWhereAvailable(Table sweep, List<String> methods) {
        List<TaskResult> out = new ArrayList<>();
        for (Table s : perTaskModel(sweep)) {
            String task = s.stringColumn("task").get(0), model = s.stringColumn("model").get(0);
            if (!s.stringColumn("method").contains("LAST")) continue;
            int ratio = lastRatio(s, task, model, "LAST");
            if (methods.stream().allMatch(m -> has(s, m, ratio))) out.addAll(atLastRatio(s, methods));
        }
        return out;
    }

    /** The sweep table split by (task, model), in order of first appearance. */
    public static List<Table> perTaskModel(Table sweep) {
        Map<String, Table> parts = new LinkedHashMap<>();
        for (Row r : sweep) parts.putIfAbsent(r.getString("task") + "|" + r.getString("model"), null);
        List<Table> out = new ArrayList<>();
        for (String k : parts.keySet()) {
            String[] tm = k.split("\\|", 2);
            out.add(sweep.where(sweep.stringColumn("task").isEqualTo(tm[0]).and(sweep.stringColumn("model").isEqualTo(tm[1]))));
        }
        return out;
    }

    /** Whether the sweep has a row of {@code method} at {@code ratio} percent for this task and model. */
    public static boolean has(Table sweep, String task, String model, String method, int ratio) {
        for (Row r : sweep)
            if (r.getString("task").equals(task) && r.getString("model").equals(model) && r.getString("method").equals(method)
                    && Math.round(r.getDouble("ratio")) == ratio) return true;
        return false;
    }

    /** Whether the sweep has a row of {@code method} at {@code ratio} percent. */
    public static boolean has(Table sweep, String method, int ratio) {
        for (Row r : sweep)
            if (r.getString("method").equals(method) && Math.round(r.getDouble("ratio")) == ratio) return true;
        return false;
    }

    /** The accuracy of a method at a ratio (percent) in a sweep table. */
    public static double value(Table sweep, String task, String model, String method, int ratio) {
        return row(sweep, task, model, method, ratio).getDouble("accuracy");
    }

    /** The sweep row of a method at a ratio (percent). */
    public static Row row(Table sweep, String task, String model, String method, int ratio) {
        for (Row r : sweep)
            if (r.getString("task").equals(task) && r.getString("model").equals(model) && r.getString("method").equals(method)
                    && Math.round(r.getDouble("ratio")) == ratio) return r;
        throw new IllegalArgumentException("no " + method + " result at " + ratio + " % for " + task + " / " + model);
    }

    /**
     * A method's loss (%p) and its interval {loss, lo, hi} at an <em>actual</em> removed fraction (0..1), linearly
     * interpolated between the method's tested points (docs/protocol.md, "Equal sizes": uniform methods round per layer,
     * so nominal 10 % can remove 12.5 %; comparing at equal actual fractions compares equal model sizes). The end
     * point is not used; outside the tested range the result is NaN.
     */
    public static double[] lossAtActual(Table sweep, String task, String model, String method, double fraction) {
        List<double[]> pts = new ArrayList<>();
        for (Row r : sweep)
            if (r.getString("task").equals(task) && r.getString("model").equals(model) && r.getString("method").equals(method)
                    && r.getDouble("ratio") < 100) {
                boolean has = r.columnNames().contains("loss_lo");
                pts.add(new double[]{r.getDouble("actual_ratio"), r.getDouble("accuracy_loss"),
                        has ? r.getDouble("loss_lo") : Double.NaN, has ? r.getDouble("loss_hi") : Double.NaN});
            }
        if (pts.isEmpty()) throw new IllegalArgumentException("no " + method + " results for " + task + " / " + model);
        pts.sort(java.util.Comparator.comparingDouble(a -> a[0]));
        for (int i = 0; i + 1 < pts.size(); i++) {
            double[] a = pts.get(i), b = pts.get(i + 1);
            if (fraction >= a[0] - 1e-12 && fraction <= b[0] + 1e-12) {
                double w = b[0] - a[0] < 1e-12 ? 0 : (fraction - a[0]) / (b[0] - a[0]);
                return new double[]{a[1] + w * (b[1] - a[1]), a[2] + w * (b[2] - a[2]), a[3] + w * (b[3] - a[3])};
            }
        }
        return new double[]{Double.NaN, Double.NaN, Double.NaN};
    }

    /** {average over all tasks, average over compressible tasks (NaN if none)} of a per-task quantity. */
    public static double[] averages(List<TaskResult> rows, java.util.function.ToDoubleFunction<TaskResult> f) {
        double all = rows.stream().mapToDouble(f).average().orElse(Double.NaN);
        double comp = rows.stream().filter(TaskResult::compressible).mapToDouble(f).average().orElse(Double.NaN);
        return new double[]{all, comp};
    }

    /**
     * {mean, lo, hi} of a method's loss over tasks at LAST's ratios. The interval treats the tasks as independent and
     * each task's paired bootstrap interval as normal: {@code se_i = (hi_i - lo_i) / 3.92},
     * {@code se = sqrt(sum se_i^2) / n}, mean +- 1.96 se (NaN when a task has no interval).
     */
    public static double[] averageLoss(List<TaskResult> rows, String method) {
        double mean = rows.stream().mapToDouble(r -> r.loss(method)).average().orElse(Double.NaN);
        double var = 0;
        for (TaskResult r : rows) {
            double[] iv = r.lossInterval(method);
            double se = (iv[1] - iv[0]) / 3.92;
            var += se * se;
        }
        double se = Math.sqrt(var) / rows.size();
        return new double[]{mean, mean - 1.96 * se, mean + 1.96 * se};
    }
}
