package last.score;

import last.norm.H2;
import last.norm.HInfinity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;
import last.ssm.DiscreteSsm;
import last.score.StateScores.Scope;

/**
 * Every state-importance score of the paper (Table 6, Sec. 3) and the project's extra ones, computed from the
 * discrete layers (Lambda_bar, B_bar, C) of a deep SSM. Each function takes the layers in model order and returns
 * {@link StateScores} carrying the selection scope the paper uses with it.
 *
 * <table>
 * <caption>Methods (paper Table 6; docs/conventions.md Sec. 2)</caption>
 * <tr><th>method</th><th>state importance</th><th>scope</th></tr>
 * <tr><td>Random</td><td>U(0,1)</td><td>global</td></tr>
 * <tr><td>Uniform / Global magnitude</td><td>|lambda_bar_i| ||B_bar_i|| ||C_i||</td><td>uniform / global</td></tr>
 * <tr><td>LAMP</td><td>m_i^2 / sum_{j<=i} m_j^2, m = magnitude</td><td>global</td></tr>
 * <tr><td>Uniform / Global H-inf</td><td>||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|)^2</td><td>uniform / global</td></tr>
 * <tr><td>LAST</td><td>H_i / sum_{j<=i} H_j (states sorted by H descending, per layer)</td><td>global</td></tr>
 * <tr><td>H2 (AIRE-style)</td><td>||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|^2)</td><td>uniform / global / layer-normalised</td></tr>
 * <tr><td>Hankel</td><td>||C_i|| ||B_bar_i|| / (1 - |lambda_bar_i|^2), the Hankel singular value of the mode</td><td>global</td></tr>
 * </table>
 *
 * <p>For bidirectional layers the C-part of the H-inf score is chosen by {@link BidirectionalC}. For multi-SISO
 * (S4D) layers every (channel, mode) pair is one state and LAST normalises over all modes of the layer.
 */
public final class Scores {
    private Scores() {}

    /** The epsilon the LAST code adds to the squared denominator (1 - |lambda_bar|)^2 (docs/conventions.md Sec. 2.1). */
    public static final double REFERENCE_EPSILON = HInfinity.REFERENCE_EPSILON;

    /** How the two output matrices of a bidirectional layer enter the H-inf score. */
    public enum BidirectionalC {
        /** The paper's squared form with the mean of the two column norms: ((||C1_i|| + ||C2_i||) / 2)^2. Default. */
        SQUARED_MEAN,
        /** The released LAST code's operator-precedence variant: (||C1_i|| + ||C2_i||) / 4, linear in the norms. */
        REFERENCE_CODE,
        /** The energy of both taps: ||C1_i||^2 + ||C2_i||^2. */
        SUM_OF_SQUARES;

        double weight(DiscreteSsm s, int i) {
            double c1 = s.cNorm(i);
            if (!s.bidirectional()) return c1 * c1;
            double c2 = s.c2Norm(i);
            return switch (this) {
                case SQUARED_MEAN -> (c1 + c2) * (c1 + c2) / 4;
                case REFERENCE_CODE -> (c1 + c2) / 4;
                case SUM_OF_SQUARES -> c1 * c1 + c2 * c2;
            };
        }
    }

    // ---------------------------------------------------------------- H-infinity family

    /**
     * The paper's per-state H-inf score (Sec. 2.2, Fig. 1): the squared H-inf norm of the rank-one subsystem
     * (lambda_bar_i, B_bar_i, C_i), {@code H_i = ||C_i||^2 ||B_bar_i||^2 / ((1 - |lambda_bar_i|)^2 + eps)}.
     *
     * @param eps added to the squared denominator; {@link #REFERENCE_EPSILON} reproduces the released code,
     *            0 gives the exact norm
     * @throws IllegalArgumentException if a state is not strictly stable (|lambda_bar_i| >= 1): its norm is infinite;
     *                                  or if eps is NaN, negative or infinite (it would give NaN, negative or zero scores)
     */
    public static double[] hInfScores(DiscreteSsm layer, BidirectionalC bidir, double eps) {
        checkEps(eps);
        return perState(layer, (s, i) -> {
            stabilityGap(s, i);   // refuses an unstable state by name
            return HInfinity.rankOneScore(bidir.weight(s, i), s.bNorm(i), s.poleRadius(i), eps);
        });
    }

    /**
     * The H-inf scores of one layer divided by the largest of them, computed in the log domain so that it stays finite
     * and exact when a score itself overflows (a B row of 1e200 squares to 1e400): LAST and every energy normalisation
     * are invariant to scaling a layer's scores, so this gives the same normalised values without the Inf / Inf = NaN
     * that once made a one-state layer score 1 and blamed the wrong state in larger layers.
     */
    static double[] relativeHInfScores(DiscreteSsm layer, BidirectionalC bidir, double eps) {
        checkEps(eps);
        double[] log = perState(layer, (s, i) -> {
            double gap = stabilityGap(s, i);
            double b = s.bNorm(i), w = bidir.weight(s, i);
            if (b == 0 || w == 0) return Double.NEGATIVE_INFINITY;
            return Math.log(w) + 2 * Math.log(b) - Math.log(gap * gap + eps);
        });
        double max = Double.NEGATIVE_INFINITY;
        for (double v : log) max = Math.max(max, v);
        double[] out = new double[log.length];
        if (max == Double.NEGATIVE_INFINITY) return out;   // all zero
        for (int i = 0; i < out.length; i++) out[i] = Math.exp(log[i] - max);
        return out;
    }

    private static void checkEps(double eps) {
        if (!(eps >= 0) || !Double.isFinite(eps))
            throw new IllegalArgumentException("eps (added to the squared denominator) must be finite and >= 0 but is " + eps);
    }

    /** Global H-inf: the H-inf score thresholded over the whole model (LAST without energy normalisation). */
    public static StateScores globalHInf(List<DiscreteSsm> layers) {
        return hInf(layers, "Global H-inf", Scope.GLOBAL, BidirectionalC.SQUARED_MEAN);
    }

    /** Uniform H-inf: the H-inf score with the same pruning ratio in every layer. */
    public static StateScores uniformHInf(List<DiscreteSsm> layers) {
        return hInf(layers, "Uniform H-inf", Scope.UNIFORM, BidirectionalC.SQUARED_MEAN);
    }

    /** H-inf scores under a given name, scope and bidirectional convention. */
    public static StateScores hInf(List<DiscreteSsm> layers, String name, Scope scope, BidirectionalC bidir) {
        return new StateScores(name, scope, map(layers, s -> hInfScores(s, bidir, REFERENCE_EPSILON)));
    }

    /** LAST with the paper's squared bidirectional convention and the reference epsilon. */
    public static StateScores last(List<DiscreteSsm> layers) { return last(layers, BidirectionalC.SQUARED_MEAN); }

    /**
     * LAST (Sec. 3, Fig. 1): per layer, sort the states by H-inf score descending (i = 1 is the largest) and divide
     * each score by the summed score of the states at least as important,
     * <pre>  LAST(x_i) = H(x_i) / sum_{j <= i} H(x_j)  </pre>
     * so the top state of every layer scores exactly 1 and all scores lie in (0, 1]. Thresholded globally.
     */
    public static StateScores last(List<DiscreteSsm> layers, BidirectionalC bidir) {
        return new StateScores("LAST", Scope.GLOBAL, map(layers, s -> {
            double[] h = hInfScores(s, bidir, REFERENCE_EPSILON);
            for (double v : h)   // a score overflowed: normalise the scale-free relative scores instead (same result)
                if (v == Double.POSITIVE_INFINITY) return layerNormalise(relativeHInfScores(s, bidir, REFERENCE_EPSILON));
            return layerNormalise(h);
        }));
    }

    /**
     * The energy normalisation of LAST and LAMP: with the states sorted ascending by score (stable, so among equal
     * scores the lower index comes first), {@code out[order[m]] = s_m / sum_{j >= m} s_j}. Exactly reproduces the
     * reference implementation's reverse-cumulative-sum, including its tie handling (docs/conventions.md Sec. 2.2).
     * The top state always gets exactly 1; a state whose score and tail sum are both 0 gets 0.
     *
     * @throws IllegalArgumentException naming the state for a NaN, infinite or negative score: NaN sorts above every
     *                                  number, so it would become the "top" state with score 1 and push the others down
     */
    public static double[] layerNormalise(double[] h) {
        int n = h.length;
        for (int i = 0; i < n; i++)
            if (!Double.isFinite(h[i]) || h[i] < 0)
                throw new IllegalArgumentException("energy normalisation needs finite non-negative scores, but state " + i + " has " + h[i]);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(h[a], h[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        double[] out = new double[n];
        double tail = 0;
        for (int m = n - 1; m >= 0; m--) {
            double s = h[order[m]];
            if (s < 0) throw new IllegalArgumentException("energy normalisation needs non-negative scores, got " + s);
            tail += s;
            out[order[m]] = m == n - 1 ? 1.0 : (tail == 0 ? 0 : s / tail);
        }
        return out;
    }

    // ---------------------------------------------------------------- magnitude family

    /** |lambda_bar_i| ||B_bar_i|| ||C_i|| (Table 6, magnitude criteria; for bidirectional layers C is [C1 C2]). */
    public static double[] magnitudeScores(DiscreteSsm layer) {
        return perState(layer, (s, i) -> {
            double c = Math.hypot(s.cNorm(i), s.c2Norm(i));
            return s.poleRadius(i) * s.bNorm(i) * c;
        });
    }

    /** Uniform magnitude: the magnitude score with the same ratio in every layer. */
    public static StateScores uniformMagnitude(List<DiscreteSsm> layers) {
        return new StateScores("Uniform magnitude", Scope.UNIFORM, map(layers, Scores::magnitudeScores));
    }

    /** Global magnitude: the magnitude score thresholded over the whole model. */
    public static StateScores globalMagnitude(List<DiscreteSsm> layers) {
        return new StateScores("Global magnitude", Scope.GLOBAL, map(layers, Scores::magnitudeScores));
    }

    /**
     * LAMP [Lee et al., 2021] on states (Table 6): the squared magnitude normalised like LAST,
     * {@code m_i^2 / sum_{j <= i} m_j^2}, thresholded globally.
     */
    public static StateScores lamp(List<DiscreteSsm> layers) {
        return new StateScores("LAMP", Scope.GLOBAL, map(layers, s -> {
            double[] m = magnitudeScores(s);
            for (int i = 0; i < m.length; i++) m[i] *= m[i];
            return layerNormalise(m);
        }));
    }

    // ---------------------------------------------------------------- random

    /**
     * Structured random (Tables 5, 6): every state gets an independent U(0,1) score from a seeded generator and
     * the scores are thresholded globally, so k random states of the model are kept (at least one per layer,
     * as for every global method here).
     */
    public static StateScores random(List<DiscreteSsm> layers, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new StateScores("Random", Scope.GLOBAL, map(layers, s -> {
            double[] r = new double[s.stateCount()];
            for (int i = 0; i < r.length; i++) r[i] = rng.nextDouble();
            return r;
        }));
    }

    // ---------------------------------------------------------------- beyond the paper

    /**
     * The squared H2 norm (impulse-response energy) of the single complex mode,
     * {@code ||C_i||^2 ||B_bar_i||^2 / (1 - |lambda_bar_i|^2)} (the AIRE-Prune view). It never exceeds the exact
     * H-inf score because (1 - |l|)^2 = (1 - |l|)(1 - |l|) <= (1 - |l|)(1 + |l|) = 1 - |l|^2.
     */
    public static double[] h2Scores(DiscreteSsm layer, BidirectionalC bidir) {
        return perState(layer, (s, i) -> {
            stabilityGap(s, i);
            return H2.rankOneSquared(bidir.weight(s, i), s.bNorm(i), s.poleRadius(i));
        });
    }

    /** H2 scores thresholded globally, uniformly, or layer-normalised like LAST (scope GLOBAL, name "LAST-H2"). */
    public static StateScores h2(List<DiscreteSsm> layers, Scope scope, boolean layerNormalised) {
        String name = layerNormalised ? "LAST-H2" : (scope == Scope.GLOBAL ? "Global H2" : "Uniform H2");
        if (layerNormalised && scope != Scope.GLOBAL)
            throw new IllegalArgumentException("a layer-normalised score is thresholded globally; scope was " + scope);
        return new StateScores(name, scope, map(layers, s -> {
            double[] h = h2Scores(s, BidirectionalC.SQUARED_MEAN);
            return layerNormalised ? layerNormalise(h) : h;
        }));
    }

    /**
     * The Hankel singular value of each single-mode subsystem, {@code ||C_i|| ||B_bar_i|| / (1 - |lambda_bar_i|^2)}
     * (sqrt of the product of its controllability and observability Gramians), thresholded globally: the
     * balanced-truncation view of state importance.
     */
    public static StateScores hankel(List<DiscreteSsm> layers) {
        return new StateScores("Hankel", Scope.GLOBAL, map(layers, l -> perState(l, (s, i) -> {
            stabilityGap(s, i);
            return last.norm.Hankel.rankOne(Math.sqrt(BidirectionalC.SQUARED_MEAN.weight(s, i)), s.bNorm(i), s.poleRadius(i));
        })));
    }

    // ---------------------------------------------------------------- helpers

    /** 1 - |lambda_bar_i|, with a clear error for a state on or outside the unit circle. */
    static double stabilityGap(DiscreteSsm s, int i) {
        double r = s.poleRadius(i);
        if (!(r < 1))
            throw new IllegalArgumentException("state " + i + " is not stable: |lambda_bar| = " + r
                    + " >= 1, so its system norm is infinite and it cannot be scored");
        return 1 - r;
    }

    static double[] perState(DiscreteSsm s, ToDoubleBiFunction<DiscreteSsm, Integer> f) {
        double[] out = new double[s.stateCount()];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(s, i);
        return out;
    }

    static List<double[]> map(List<DiscreteSsm> layers, java.util.function.Function<DiscreteSsm, double[]> f) {
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("a model with no layers has no states to score");
        List<double[]> out = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            try {
                out.add(f.apply(layers.get(l)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + l + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
