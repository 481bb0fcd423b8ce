package last.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The state-dimension study (beyond the paper; issue "why our LAST ratio is 6.7 % and the paper's 33 %"): the same
 * task, width, depth, data and epochs, trained at several per-layer state dimensions P, and pruned by every criterion.
 * If LAST's finding needs over-parameterised models, LAST's ratio should grow with P and the losses at a fixed
 * fraction should shrink. Losses are compared at equal <em>actual</em> removed fractions ({@link Protocol#lossAtActual}).
 */
public final class StateDimension {
    private StateDimension() {}

    /**
     * The share of each layer's states (%, rounded) that LAST keeps at {@code ratio} (Fig. 3 bottom, as shares: how
     * unevenly LAST spends the budget over the layers).
     */
    public static int[] lastKeptPercent(last.model.SequenceModel model, double ratio) {
        int[] kept = last.prune.Pruning.plan(last.score.Scores.last(model.discreteLayers()), ratio).keptPerLayer();
        int[] total = model.statesPerLayer();
        int[] pct = new int[kept.length];
        for (int l = 0; l < kept.length; l++) pct[l] = (int) Math.round(100.0 * kept[l] / total[l]);
        return pct;
    }

    /**
     * Per P: the full accuracy, LAST's reported ratio with its loss and interval, and whether the interval supports the
     * rule (the sweeps are keyed by P, the per-layer state dimension as the paper counts it).
     */
    public static Table lastRatios(Map<Integer, Table> sweepsByP) {
        IntColumn p = IntColumn.create("P (states per layer)"), ratio = IntColumn.create("LAST ratio (%)"), samples = IntColumn.create("test samples");
        DoubleColumn full = DoubleColumn.create("full accuracy (%)"), loss = DoubleColumn.create("LAST loss (%p)"),
                lo = DoubleColumn.create("loss lo"), hi = DoubleColumn.create("loss hi");
        StringColumn support = StringColumn.create("interval supports the rule");
        for (var e : new TreeMap<>(sweepsByP).entrySet()) {
            Table s = e.getValue();
            var r = Protocol.atLastRatio(s, List.of("LAST")).get(0);
            double[] iv = r.lossInterval("LAST");
            p.append(e.getKey());
            full.append(round(r.fullAccuracy()));
            ratio.append(r.ratio());
            loss.append(round(r.loss("LAST")));
            lo.append(round(iv[0]));
            hi.append(round(iv[1]));
            support.append(Reports.ruleSupport(s, r));
            samples.append(r.samples());
        }
        return Table.create("LAST's reported ratio vs state dimension", p, full, ratio, loss, lo, hi, support, samples);
    }

    /**
     * Per P and method: the loss (%p) with its paired bootstrap interval at an actual removed {@code fraction}
     * (interpolated between tested points), for the methods present in each sweep.
     */
    public static Table lossAtFraction(Map<Integer, Table> sweepsByP, List<String> methods, double fraction) {
        IntColumn p = IntColumn.create("P (states per layer)");
        StringColumn method = StringColumn.create("method");
        DoubleColumn loss = DoubleColumn.create("loss (%p)"), lo = DoubleColumn.create("loss lo"), hi = DoubleColumn.create("loss hi"),
                rank = DoubleColumn.create("rank");
        for (var e : new TreeMap<>(sweepsByP).entrySet()) {
            Table s = e.getValue();
            String task = s.stringColumn("task").get(0), model = s.stringColumn("model").get(0);
            List<Object[]> rows = new ArrayList<>();
            for (String m : methods) {
                if (!s.stringColumn("method").contains(m)) continue;
                rows.add(new Object[]{m, Protocol.lossAtActual(s, task, model, m, fraction)});
            }
            List<Object[]> sorted = new ArrayList<>(rows);
            sorted.sort(java.util.Comparator.comparingDouble(o -> ((double[]) o[1])[0]));
            for (Object[] o : rows) {
                double[] v = (double[]) o[1];
                p.append(e.getKey());
                method.append((String) o[0]);
                loss.append(round(v[0]));
                lo.append(round(v[1]));
                hi.append(round(v[2]));
                rank.append(sorted.indexOf(o) + 1);
            }
        }
        return Table.create(String.format(java.util.Locale.ROOT, "Loss at %.0f %% of the states removed (actual fraction)", 100 * fraction),
                p, method, loss, lo, hi, rank);
    }

    /** The ranking of methods (best first) at one P of a {@link #lossAtFraction} table. */
    public static List<String> ranking(Table lossAtFraction, int p) {
        Table sub = lossAtFraction.where(lossAtFraction.intColumn("P (states per layer)").isEqualTo(p)).sortAscendingOn("loss (%p)");
        return sub.stringColumn("method").asList();
    }

    static double round(double v) { return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0; }
}
