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

    /**
     * A summary for people (a notebook's last expression, a log line): method, scope, and per layer the number of
     * states and the largest, median and smallest score; never the arrays' identities.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%s scores (%s), %d layers, %d states",
                method, scope.name().toLowerCase(java.util.Locale.ROOT), layerCount(), totalStates()));
        for (int l = 0; l < layers.size(); l++) {
            double[] q = quartiles(layers.get(l));
            b.append(String.format(java.util.Locale.ROOT, "%n  layer %d: %d states, max %.3g, median %.3g, min %.3g",
                    l + 1, layers.get(l).length, q[2], q[1], q[0]));
        }
        return b.toString();
    }

    /** The same summary as an HTML table (the notebook kernel shows it for a value that has {@code toHtml()}). */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<table><caption>").append(escape(method)).append(" scores (")
                .append(scope.name().toLowerCase(java.util.Locale.ROOT)).append(")</caption>")
                .append("<tr><th>layer</th><th>states</th><th>max</th><th>median</th><th>min</th></tr>");
        for (int l = 0; l < layers.size(); l++) {
            double[] q = quartiles(layers.get(l));
            b.append(String.format(java.util.Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%.3g</td><td>%.3g</td><td>%.3g</td></tr>",
                    l + 1, layers.get(l).length, q[2], q[1], q[0]));
        }
        return b.append("</table>").toString();
    }

    /** {min, median, max} of one layer's scores. */
    private static double[] quartiles(double[] s) {
        double[] v = s.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        return new double[]{v[0], median, v[n - 1]};
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
