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

    /** One task's row of a Table 1/5/6/7-style report. */
    public record TaskResult(String task, String model, int ratio, double fullAccuracy, Map<String, Double> accuracy) {
        public double loss(String method) { return fullAccuracy - accuracy.get(method); }
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

    /** Every task/model of the sweep table evaluated at LAST's ratio (the full accuracy is the ratio-0 accuracy of LAST). */
    public static List<TaskResult> atLastRatio(Table sweep, List<String> methods) {
        Map<String, TaskResult> out = new LinkedHashMap<>();
        for (Row r : sweep) {
            String key = r.getString("task") + "|" + r.getString("model");
            if (out.containsKey(key)) continue;
            String task = r.getString("task"), model = r.getString("model");
            int ratio = lastRatio(sweep, task, model, "LAST");
            double full = value(sweep, task, model, "LAST", 0);
            Map<String, Double> acc = new LinkedHashMap<>();
            for (String m : methods) acc.put(m, value(sweep, task, model, m, ratio));
            out.put(key, new TaskResult(task, model, ratio, full, acc));
        }
        return new ArrayList<>(out.values());
    }

    /** The accuracy of a method at a ratio (percent) in a sweep table. */
    public static double value(Table sweep, String task, String model, String method, int ratio) {
        for (Row r : sweep)
            if (r.getString("task").equals(task) && r.getString("model").equals(model) && r.getString("method").equals(method)
                    && Math.round(r.getDouble("ratio")) == ratio) return r.getDouble("accuracy");
        throw new IllegalArgumentException("no " + method + " result at " + ratio + " % for " + task + " / " + model);
    }

    /** {average over all tasks, average over compressible tasks (NaN if none)} of a per-task quantity. */
    public static double[] averages(List<TaskResult> rows, java.util.function.ToDoubleFunction<TaskResult> f) {
        double all = rows.stream().mapToDouble(f).average().orElse(Double.NaN);
        double comp = rows.stream().filter(TaskResult::compressible).mapToDouble(f).average().orElse(Double.NaN);
        return new double[]{all, comp};
    }
}
