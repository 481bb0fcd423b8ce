package last.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.score.Scores;
import last.score.StateScores;

/**
 * Does LAST's view of a model change when it runs at another sampling rate (paper App. E.3, Table 10: S5 trained at
 * 16 kHz, evaluated zero-shot at 8 kHz with every step doubled)? Doubling the step Delta moves every discrete pole
 * lambda_bar = exp(lambda Delta) towards 0 and changes B_bar, so each state's H-inf score
 * ||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|)^2 changes too; this compares the LAST scores and the states LAST keeps
 * before and after the rescale.
 */
public final class RateTransfer {
    private RateTransfer() {}

    /**
     * LAST at two rates.
     *
     * @param rescale          the step factor (2: half the sampling rate)
     * @param spearmanPerLayer rank correlation of the layer's LAST scores before and after
     * @param ratios           pruning ratios compared
     * @param keptOverlap      per ratio: |kept before ∩ kept after| / |kept before ∪ kept after| (Jaccard, all layers)
     * @param keptBefore       per ratio, states kept per layer at the training rate
     * @param keptAfter        per ratio, states kept per layer after the rescale
     * @param before           LAST scores per layer at the training rate
     * @param after            LAST scores per layer after the rescale
     */
    public record Comparison(double rescale, double[] spearmanPerLayer, double[] ratios, double[] keptOverlap,
                             int[][] keptBefore, int[][] keptAfter, List<double[]> before, List<double[]> after) {}

    /** Compares the LAST scores of {@code model} and of {@code model.withStepRescale(rescale)} at {@code ratios}. */
    public static Comparison compare(SequenceModel model, double rescale, double[] ratios) {
        StateScores before = Scores.last(model.discreteLayers()), after;
        try (SequenceModel r = model.withStepRescale(rescale)) {
            after = Scores.last(r.discreteLayers());
        }
        int layers = before.layers().size();
        double[] rho = new double[layers];
        for (int l = 0; l < layers; l++) rho[l] = spearman(before.layers().get(l), after.layers().get(l));
        double[] overlap = new double[ratios.length];
        int[][] kb = new int[ratios.length][], ka = new int[ratios.length][];
        for (int k = 0; k < ratios.length; k++) {
            PruningPlan pb = Pruning.plan(before, ratios[k]), pa = Pruning.plan(after, ratios[k]);
            Set<Long> sb = keptSet(pb, layers), sa = keptSet(pa, layers);
            Set<Long> union = new HashSet<>(sb);
            union.addAll(sa);
            sb.retainAll(sa);
            overlap[k] = union.isEmpty() ? 1 : (double) sb.size() / union.size();
            kb[k] = pb.keptPerLayer();
            ka[k] = pa.keptPerLayer();
        }
        return new Comparison(rescale, rho, ratios.clone(), overlap, kb, ka, before.layers(), after.layers());
    }

    private static Set<Long> keptSet(PruningPlan p, int layers) {
        Set<Long> s = new HashSet<>();
        for (int l = 0; l < layers; l++) for (int i : p.keptIndices(l)) s.add(((long) l << 32) | i);
        return s;
    }

    /** Spearman's rank correlation (average ranks for ties); 1 for fewer than two values or constant inputs. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        if (a.length < 2) return 1;
        double[] ra = ranks(a), rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < ra.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 1 : sab / Math.sqrt(saa * sbb);
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    /** Log10 of every state's LAST score before (x) and after (y) the rescale, one series per layer. */
    public static List<double[][]> scatterPoints(Comparison c) {
        List<double[][]> out = new ArrayList<>();
        for (int l = 0; l < c.before().size(); l++) {
            double[] x = Arrays.stream(c.before().get(l)).map(v -> Math.log10(Math.max(v, 1e-30))).toArray();
            double[] y = Arrays.stream(c.after().get(l)).map(v -> Math.log10(Math.max(v, 1e-30))).toArray();
            out.add(new double[][]{x, y});
        }
        return out;
    }
}
