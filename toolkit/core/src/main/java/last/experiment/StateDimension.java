package last.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The state-dimension study (beyond the paper; issue "why our LAST ratio is 6.7 % and the paper's 33 %"): the same
 * task, width, depth, data and epochs, trained at several state dimensions, and pruned by every criterion. If LAST's
 * finding needs over-parameterised models, LAST's ratio should grow with the state dimension and the losses at a fixed
 * fraction should shrink. Losses are compared at equal <em>actual</em> removed fractions ({@link Protocol#lossAtActual}).
 *
 * <p>A {@link Study} is one family (task and model kind) keyed by its state dimension as the paper counts it: P, the
 * states per layer, for S5; N_s, the states per channel, for S4D (S4's pixel configs use N_s = 64).
 */
public final class StateDimension {
    private StateDimension() {}

    /** Column names of the study's tables. */
    public static final String STUDY = "study", DIM = "state dimension";

    /**
     * One family of the study.
     *
     * @param name        e.g. "sMNIST S5"
     * @param symbol      the dimension's symbol: "P" (S5, states per layer) or "N_s" (S4D, states per channel)
     * @param checkpoints state dimension -> checkpoint name under {@code data/checkpoints}, in the order to show
     */
    public record Study(String name, String symbol, Map<Integer, String> checkpoints) {
        public Study {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(symbol, "symbol");
            if (checkpoints == null || checkpoints.isEmpty())
                throw new IllegalArgumentException("study " + name + ": no checkpoints");
            for (int d : checkpoints.keySet())
                if (d <= 0) throw new IllegalArgumentException("study " + name + ": state dimension must be positive, got " + d);
            checkpoints = java.util.Collections.unmodifiableMap(new TreeMap<>(checkpoints));
        }

        /** The label of one model, e.g. "P = 128". */
        public String label(int dimension) { return symbol + " = " + dimension; }

        /** The sweeps of this study's checkpoints that {@code loaded} (checkpoint name -> sweep) holds, by dimension. */
        public Map<Integer, Table> sweeps(Map<String, Table> loaded) {
            Map<Integer, Table> out = new TreeMap<>();
            for (var e : checkpoints.entrySet()) if (loaded.containsKey(e.getValue())) out.put(e.getKey(), loaded.get(e.getValue()));
            return out;
        }
    }

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
     * Per study and state dimension: the full accuracy, LAST's reported ratio (the paper's rule: the largest tested
     * ratio whose loss is below 1 %p, on the point estimate) with its loss and interval, and whether the interval
     * supports the rule. {@code sweeps}: study -> (state dimension -> sweep).
     */
    public static Table lastRatios(Map<Study, Map<Integer, Table>> sweeps) {
        StringColumn study = StringColumn.create(STUDY), support = StringColumn.create("interval supports the rule");
        IntColumn dim = IntColumn.create(DIM), ratio = IntColumn.create("LAST ratio (%)"), samples = IntColumn.create("test samples");
        DoubleColumn full = DoubleColumn.create("full accuracy (%)"), loss = DoubleColumn.create("LAST loss (%p)"),
                lo = DoubleColumn.create("loss lo"), hi = DoubleColumn.create("loss hi");
        for (var st : sweeps.entrySet())
            for (var e : new TreeMap<>(st.getValue()).entrySet()) {
                Table s = e.getValue();
                var r = Protocol.atLastRatio(s, List.of("LAST")).get(0);
                double[] iv = r.lossInterval("LAST");
                study.append(st.getKey().name());
                dim.append(e.getKey());
                full.append(round(r.fullAccuracy()));
                ratio.append(r.ratio());
                loss.append(round(r.loss("LAST")));
                lo.append(round(iv[0]));
                hi.append(round(iv[1]));
                support.append(Reports.ruleSupport(s, r));
                samples.append(r.samples());
            }
        return Table.create("LAST's reported ratio vs state dimension", study, dim, full, ratio, loss, lo, hi, support, samples);
    }

    /**
     * Per study, state dimension and method: the loss (%p) with its paired bootstrap interval at an actual removed
     * {@code fraction} (interpolated between tested points), and the method's rank within its model, for the methods
     * present in each sweep.
     */
    public static Table lossAtFraction(Map<Study, Map<Integer, Table>> sweeps, List<String> methods, double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        StringColumn study = StringColumn.create(STUDY), method = StringColumn.create("method");
        IntColumn dim = IntColumn.create(DIM);
        DoubleColumn loss = DoubleColumn.create("loss (%p)"), lo = DoubleColumn.create("loss lo"), hi = DoubleColumn.create("loss hi"),
                rank = DoubleColumn.create("rank");
        for (var st : sweeps.entrySet())
            for (var e : new TreeMap<>(st.getValue()).entrySet()) {
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
                    study.append(st.getKey().name());
                    dim.append(e.getKey());
                    method.append((String) o[0]);
                    loss.append(round(v[0]));
                    lo.append(round(v[1]));
                    hi.append(round(v[2]));
                    rank.append(sorted.indexOf(o) + 1);
                }
            }
        return Table.create(String.format(java.util.Locale.ROOT, "Loss at %.0f %% of the states removed (actual fraction)", 100 * fraction),
                study, dim, method, loss, lo, hi, rank);
    }

    /** The rows of one study of a {@link #lastRatios} or {@link #lossAtFraction} table. */
    public static Table of(Table table, Study study) {
        return table.where(table.stringColumn(STUDY).isEqualTo(study.name()));
    }

    /** The ranking of methods (best first) of one model of a {@link #lossAtFraction} table. */
    public static List<String> ranking(Table lossAtFraction, Study study, int dimension) {
        Table sub = of(lossAtFraction, study);
        sub = sub.where(sub.intColumn(DIM).isEqualTo(dimension)).sortAscendingOn("loss (%p)");
        return sub.stringColumn("method").asList();
    }

    /** {@code study -> sweeps} for the studies with at least one loaded sweep, in the given order. */
    public static Map<Study, Map<Integer, Table>> sweeps(List<Study> studies, Map<String, Table> loaded) {
        Map<Study, Map<Integer, Table>> out = new LinkedHashMap<>();
        for (Study s : studies) {
            var m = s.sweeps(loaded);
            if (!m.isEmpty()) out.put(s, m);
        }
        return out;
    }

    static double round(double v) { return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0; }
}
