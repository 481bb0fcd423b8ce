package last.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's published values shown beside ours: Fig. 2's digitised curves (drawn on our trade-off panels by
 * {@code last.figures.Figures#tradeOffWithPaper}) and the paper's columns of Tables 2, 9 and 10 (accuracy at LAST's reported ratio). Values come only from {@code data/paper/*.csv}
 * ({@code s5-last-per-task.csv}: exact Full / LAST numbers; {@code fig2-s5-curves.csv}: digitised points, marked
 * "~"); a value the paper does not publish is shown as "unknown". Nothing here is ever reported as our result.
 */
public final class PaperReference {
    private PaperReference() {}

    /** A digitised curve: ratios (percent; 100 = the end point) and accuracies (%), sorted by ratio, and whether exact. */
    public record PaperCurve(String paperTask, String model, String method, double[] ratio, double[] accuracy, boolean exact) {}

    /** The paper's curve of one method on one task from {@code fig2-s5-curves.csv}, or null when none is published. */
    public static PaperCurve curve(Path paperDir, String paperTask, String model, String method) {
        Table t = Claims.read(paperDir.resolve("fig2-s5-curves.csv"));
        List<double[]> pts = new ArrayList<>();
        boolean exact = true;
        for (Row r : t)
            if (r.getString("task").equals(paperTask) && r.getString("model").equals(model) && r.getString("method").equals(method)) {
                pts.add(new double[]{Claims.num(r, "ratio"), Claims.num(r, "accuracy")});
                exact &= Boolean.parseBoolean(r.getString("exact"));
            }
        if (pts.isEmpty()) return null;
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        return new PaperCurve(paperTask, model, method, pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray(), exact);
    }

    /**
     * Table 1 (and the S5 rows of Table 6) with the paper's averages beside ours: {@code ours} is
     * {@link Reports#averages} (columns model, method, ...); added are "paper avg ratio (%)" and
     * "paper avg loss (%p)" from {@code table1-averages.csv} (both models) and, for S5 methods it lacks,
     * {@code table6-s5-averages.csv}; NaN where the paper's value is not known.
     */
    public static Table withPaperAverages(Table ours, Path paperDir) {
        Table t1 = Claims.read(paperDir.resolve("table1-averages.csv"));
        Table t6 = Claims.read(paperDir.resolve("table6-s5-averages.csv"));
        DoubleColumn ratio = DoubleColumn.create("paper avg ratio (%)"), loss = DoubleColumn.create("paper avg loss (%p)");
        for (Row r : ours) {
            String model = r.getString("model"), method = r.getString("method");
            Row p = Claims.find(t1, x -> x.getString("model").equals(model) && x.getString("method").equals(method));
            if (p == null && model.equals("S5")) p = Claims.find(t6, x -> x.getString("method").equals(method));
            ratio.append(p == null ? Double.NaN : Claims.num(p, "avg_ratio"));
            loss.append(p == null ? Double.NaN : Claims.num(p, "avg_loss"));
        }
        Table t = ours.copy();
        t.setName(ours.name());
        return t.addColumns(ratio, loss);
    }

    /**
     * Tables 2, 9 and 10: {@link Reports#atLastRatio} (ours, with intervals) joined with the paper's columns for the
     * same task: its LAST ratio, Full and LAST accuracy (exact where published) and each other method's accuracy at
     * the paper's ratio (digitised from Fig. 2, marked "~"; "unknown" where not published).
     */
    public static Table atLastRatioWithPaper(Table sweeps, List<String> methods, Path paperDir, String title) {
        Table t = Reports.atLastRatio(sweeps, methods, title);
        Map<String, String> tasks = Claims.paperTasks(paperDir);
        Table perTask = Claims.read(paperDir.resolve("s5-last-per-task.csv"));
        StringColumn pTask = StringColumn.create("paper task"), pRatio = StringColumn.create("paper ratio (%)"),
                pFull = StringColumn.create("paper full");
        List<StringColumn> pMethods = new ArrayList<>();
        for (String m : methods) pMethods.add(StringColumn.create("paper " + m));
        for (int i = 0; i < t.rowCount(); i++) {
            String task = t.stringColumn("task").get(i), model = t.stringColumn("model").get(i);
            String paperTask = tasks.getOrDefault(task, "?");
            pTask.append(paperTask + (stand(paperDir, task) ? " (stand-in)" : ""));
            Row r = Claims.find(perTask, x -> x.getString("task").equals(paperTask) && x.getString("model").equals(model));
            boolean known = r != null && r.getObject("last_ratio") instanceof Number;
            pRatio.append(known ? fmt("%.0f", Claims.num(r, "last_ratio")) : "unknown");
            pFull.append(known ? fmt("%.2f", Claims.num(r, "full_accuracy")) : "unknown");
            for (int k = 0; k < methods.size(); k++) {
                String m = methods.get(k);
                if (!known) {
                    pMethods.get(k).append("unknown");
                } else if (m.equals("LAST")) {
                    pMethods.get(k).append(fmt("%.2f", Claims.num(r, "last_accuracy")));
                } else {
                    PaperCurve c = curve(paperDir, paperTask, model, m);
                    double ratio = Claims.num(r, "last_ratio");
                    String v = "unknown";
                    if (ratio == 0) v = fmt("%.2f", Claims.num(r, "full_accuracy"));   // no pruning: every method is the full model
                    else if (c != null)
                        for (int j = 0; j < c.ratio().length; j++)
                            if (c.ratio()[j] == ratio) v = (c.exact() ? "" : "~") + fmt("%.1f", c.accuracy()[j]);
                    pMethods.get(k).append(v);
                }
            }
        }
        t.addColumns(pTask, pRatio, pFull);
        for (StringColumn c : pMethods) t.addColumns(c);
        return t;
    }

    /**
     * Fig. 3 (bottom) beside the paper's: for each method and ratio, the remaining state dimension per layer as a
     * percentage of the full per-layer dimension, ours and the paper's Path-X values digitised from its Fig. 3
     * ({@code fig3-pathx-kept-states.csv}, approximate), and the spread across layers (largest minus smallest
     * percentage), which is what the figure is about: Global H-inf's un-normalised scores prune some layers far more
     * than others, LAST's layer normalisation less so. Layer counts differ (ours vs the paper's 6), so the layers are
     * listed, not matched.
     *
     * @param remaining    method -> [ratio index][layer] remaining state dimension (as {@code PruningFigures.Fig3})
     * @param ratios       the ratios (fractions) of {@code remaining}
     * @param fullStateDim the full per-layer state dimension of our model (a conjugate pair counting 2)
     */
    public static Table fig3KeptWithPaper(Map<String, int[][]> remaining, double[] ratios, int fullStateDim, Path paperDir) {
        if (fullStateDim <= 0) throw new IllegalArgumentException("full state dimension must be positive, got " + fullStateDim);
        Table paper = Claims.read(paperDir.resolve("fig3-pathx-kept-states.csv"));
        StringColumn method = StringColumn.create("method"), oursKept = StringColumn.create("ours: kept per layer (%)"),
                paperKept = StringColumn.create("paper Path-X: kept per layer (%, ~)");
        DoubleColumn ratio = DoubleColumn.create("ratio (%)"), oursSpread = DoubleColumn.create("ours: spread (%p)"),
                paperSpread = DoubleColumn.create("paper: spread (%p)");
        for (var e : remaining.entrySet())
            for (int k = 0; k < ratios.length; k++) {
                long pct = Math.round(100 * ratios[k]);
                if (pct == 0) continue;
                double[] ours = java.util.Arrays.stream(e.getValue()[k]).mapToDouble(v -> 100.0 * v / fullStateDim).toArray();
                List<Double> p = new ArrayList<>();
                for (Row r : paper)
                    if (r.getString("method").equals(e.getKey()) && Math.round(Claims.num(r, "ratio")) == pct)
                        p.add(100 * Claims.num(r, "state_dim") / Claims.num(r, "full_state_dim"));
                double[] pp = p.stream().mapToDouble(Double::doubleValue).toArray();
                method.append(e.getKey());
                ratio.append(pct);
                oursKept.append(join(ours));
                oursSpread.append(spread(ours));
                paperKept.append(pp.length == 0 ? "unknown" : join(pp));
                paperSpread.append(pp.length == 0 ? Double.NaN : spread(pp));
            }
        return Table.create("Fig. 3 (bottom): remaining state dimension per layer, ours beside the paper's Path-X",
                method, ratio, oursKept, oursSpread, paperKept, paperSpread);
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) b.append(b.length() == 0 ? "" : " ").append(Math.round(x));
        return b.toString();
    }

    private static double spread(double[] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        return Math.round(10 * (hi - lo)) / 10.0;
    }

    private static boolean stand(Path paperDir, String task) {
        for (Row r : Claims.read(paperDir.resolve("tasks.csv")))
            if (r.getString("task").equals(task)) return Boolean.parseBoolean(r.getString("stand_in"));
        return false;
    }

    private static String fmt(String f, Object... a) { return String.format(Locale.ROOT, f, a); }
}
