package last.prune;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import last.score.StateScores;
import last.ssm.DiscreteSsm;

/**
 * From scores to kept states (paper Sec. 3 and 4.2; docs/conventions.md Sec. 2.3), and applying a plan to layers.
 *
 * <p><b>Global selection</b> (LAST, Global H-inf, Global magnitude, LAMP, Random): with N the total number of
 * states of the model and r the ratio, keep {@code k = max(floor(N (1 - r)), 1)} states: the threshold is the
 * k-th largest score and every state with {@code score >= threshold} is kept, so ties at the threshold are all
 * kept and the actual count may exceed k. Because a global selection must never empty a layer, each layer also
 * keeps its top-scoring state (automatic for LAST and LAMP, whose top score per layer is 1.0; enforced for the
 * others). The end point of the paper's curves, one state (conjugate pair) per layer, is {@link #endPoint}.
 *
 * <p><b>Uniform selection</b> (Uniform H-inf, Uniform magnitude): each layer with N_l states keeps its
 * {@code k_l = max(floor(N_l (1 - r)), 1)} highest-scoring states; ties are broken by the lower state index.
 *
 * <p>floor(N (1 - r)) is computed exactly on the decimal value of r (so r = 0.3 with N = 10 keeps 7, never 6).
 */
public final class Pruning {
    private Pruning() {}

    /** Thresholds {@code scores} at the model-level pruning ratio {@code ratio} in [0, 1], per the score's scope. */
    public static PruningPlan plan(StateScores scores, double ratio) {
        checkRatio(ratio);
        return switch (scores.scope()) {
            case GLOBAL -> global(scores, ratio);
            case UNIFORM -> uniform(scores, ratio);
        };
    }

    /** The end point of the paper's curves: only the top-scoring state (conjugate pair) of every layer is kept. */
    public static PruningPlan endPoint(StateScores scores) {
        List<boolean[]> keep = new ArrayList<>();
        for (double[] s : scores.layers()) {
            boolean[] m = new boolean[s.length];
            m[argmax(s)] = true;
            keep.add(m);
        }
        return new PruningPlan(scores.method(), 1.0, keep);
    }

    /**
     * The end point for the given layers (docs/protocol.md): one conjugate pair per layer for MIMO (S5) layers, and one
     * mode per channel for multi-SISO (S4D) layers, so that every channel of every layer keeps its top-scoring mode.
     */
    public static PruningPlan endPoint(StateScores scores, List<DiscreteSsm> layers) {
        if (layers.size() != scores.layerCount())
            throw new IllegalArgumentException("scores have " + scores.layerCount() + " layers but the model has " + layers.size());
        List<boolean[]> keep = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            double[] s = scores.layer(l);
            int[] channel = layers.get(l).channelOfState();
            if (channel.length != s.length)
                throw new IllegalArgumentException("layer " + l + ": " + s.length + " scores but " + channel.length + " states");
            boolean[] m = new boolean[s.length];
            java.util.Map<Integer, Integer> best = new java.util.HashMap<>();      // channel (-1 = MIMO) -> best state
            for (int i = 0; i < s.length; i++) {
                Integer b = best.get(channel[i]);
                if (b == null || s[i] > s[b]) best.put(channel[i], i);
            }
            for (int i : best.values()) m[i] = true;
            keep.add(m);
        }
        return new PruningPlan(scores.method(), 1.0, keep);
    }

    /** Number of states {@code max(floor(n (1 - ratio)), 1)} kept out of n at the ratio, computed exactly. */
    public static int keepCount(int n, double ratio) {
        checkRatio(ratio);
        BigDecimal kept = BigDecimal.valueOf(n).multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(ratio)));
        return Math.max(kept.setScale(0, RoundingMode.FLOOR).intValueExact(), 1);
    }

    static PruningPlan global(StateScores scores, double ratio) {
        int total = scores.totalStates();
        int k = keepCount(total, ratio);
        double[] all = new double[total];
        int pos = 0;
        for (double[] s : scores.layers()) {
            System.arraycopy(s, 0, all, pos, s.length);
            pos += s.length;
        }
        Arrays.sort(all);
        double threshold = all[total - k];
        List<boolean[]> keep = new ArrayList<>();
        for (double[] s : scores.layers()) {
            boolean[] m = new boolean[s.length];
            for (int i = 0; i < s.length; i++) m[i] = s[i] >= threshold;
            m[argmax(s)] = true; // never empty a layer
            keep.add(m);
        }
        return new PruningPlan(scores.method(), ratio, keep);
    }

    static PruningPlan uniform(StateScores scores, double ratio) {
        List<boolean[]> keep = new ArrayList<>();
        for (double[] s : scores.layers()) {
            int k = keepCount(s.length, ratio);
            Integer[] order = new Integer[s.length];
            for (int i = 0; i < s.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(s[b], s[a]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            boolean[] m = new boolean[s.length];
            for (int j = 0; j < k; j++) m[order[j]] = true;
            keep.add(m);
        }
        return new PruningPlan(scores.method(), ratio, keep);
    }

    /** Physically removes the pruned states of every layer: a smaller model with the same input-output map as {@link #mask}. */
    public static List<DiscreteSsm> prune(List<DiscreteSsm> layers, PruningPlan plan) {
        checkLayers(layers, plan);
        List<DiscreteSsm> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) out.add(layers.get(l).keep(plan.keptIndices(l)));
        return out;
    }

    /** Masks the pruned states (lambda_bar_i, B_bar_i and C_i set to 0), as the reference implementation does. */
    public static List<DiscreteSsm> mask(List<DiscreteSsm> layers, PruningPlan plan) {
        checkLayers(layers, plan);
        List<DiscreteSsm> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) out.add(layers.get(l).masked(plan.mask(l)));
        return out;
    }

    /** Thresholds the scores and prunes the layers in one call: {@code prune(layers, plan(scores, ratio))}. */
    public static List<DiscreteSsm> prune(List<DiscreteSsm> layers, StateScores scores, double ratio) {
        return prune(layers, plan(scores, ratio));
    }

    static void checkRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1))
            throw new IllegalArgumentException("pruning ratio must be in [0, 1] but is " + ratio
                    + (ratio > 1 && ratio <= 100 ? " (give a fraction: 0.3 for 30 %)" : ""));
    }

    private static void checkLayers(List<DiscreteSsm> layers, PruningPlan plan) {
        if (layers.size() != plan.layerCount())
            throw new IllegalArgumentException("the plan has " + plan.layerCount() + " layers but the model has " + layers.size());
        for (int l = 0; l < layers.size(); l++)
            if (layers.get(l).stateCount() != plan.mask(l).length)
                throw new IllegalArgumentException("layer " + l + " has " + layers.get(l).stateCount()
                        + " states but the plan's mask has " + plan.mask(l).length);
    }

    private static int argmax(double[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        return best;
    }
}
