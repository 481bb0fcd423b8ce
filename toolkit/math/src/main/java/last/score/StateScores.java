package last.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-state importance scores of a deep SSM: one array per layer, one entry per stored (complex) state, higher
 * means more important. Together with its {@link Scope} a score says how states are selected: by one threshold
 * over the whole model ({@link Scope#GLOBAL}, layer-adaptive) or by the same ratio in every layer
 * ({@link Scope#UNIFORM}).
 *
 * @param method a short name of the method that produced the scores (e.g. "LAST", "Global H-inf")
 * @param scope  how the scores are meant to be thresholded
 * @param layers one score array per layer (copied; do not modify the returned arrays); NaN and +Inf are refused
 *               (they would sort above every real score and decide the pruning silently), -Inf is allowed
 */
public record StateScores(String method, Scope scope, List<double[]> layers) {

    /** How a score is thresholded into kept states. */
    public enum Scope { GLOBAL, UNIFORM }

    public StateScores {
        if (method == null || method.isBlank()) throw new IllegalArgumentException("method name is empty");
        if (scope == null) throw new IllegalArgumentException("scope is null");
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("a model with no layers has no states to score");
        List<double[]> copy = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            double[] s = layers.get(l);
            if (s == null || s.length == 0) throw new IllegalArgumentException("layer " + l + " has no states");
            for (int i = 0; i < s.length; i++)
                if (!(s[i] < Double.POSITIVE_INFINITY))   // NaN or +Inf: ranks above everything, a silent wrong choice
                    throw new IllegalArgumentException(method + " score of layer " + l + ", state " + i + " is " + s[i]
                            + (s[i] > 0 ? " (overflow: rescale the layer or use a layer-normalised score)" : ""));
            copy.add(s.clone());
        }
        layers = List.copyOf(copy);
    }

    /** The number of layers. */
    public int layerCount() { return layers.size(); }

    /** The score array of layer {@code l}. */
    public double[] layer(int l) { return layers.get(l); }

    /** The number of scored states per layer. */
    public int[] statesPerLayer() { return layers.stream().mapToInt(a -> a.length).toArray(); }

    /** The total number of scored states (conjugate pairs for conj-sym models). */
    public int totalStates() { return Arrays.stream(statesPerLayer()).sum(); }

    /** The same scores under another name and scope (e.g. to threshold H-inf scores uniformly or globally). */
    public StateScores as(String newMethod, Scope newScope) { return new StateScores(newMethod, newScope, layers); }
}
