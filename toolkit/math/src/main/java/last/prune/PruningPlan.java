package last.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which states of each layer a pruning keeps: the outcome of thresholding {@link last.score.StateScores} at a
 * pruning ratio. Counts are of stored (complex) states, i.e. conjugate pairs for conj-sym models.
 *
 * @param method         the score method that produced the plan
 * @param requestedRatio the requested model-level pruning ratio in [0, 1]
 * @param keep           one mask per layer, {@code true} = kept
 */
public record PruningPlan(String method, double requestedRatio, List<boolean[]> keep) {

    public PruningPlan {
        if (keep == null || keep.isEmpty()) throw new IllegalArgumentException("a plan needs at least one layer");
        List<boolean[]> copy = new ArrayList<>();
        for (boolean[] m : keep) copy.add(m.clone());
        keep = List.copyOf(copy);
    }

    public int layerCount() { return keep.size(); }

    /** The kept set as a string ("layer:0110...|..."), equal for two plans exactly when they keep the same states. */
    public String maskKey() {
        StringBuilder b = new StringBuilder();
        for (boolean[] m : keep) {
            b.append('|');
            for (boolean k : m) b.append(k ? '1' : '0');
        }
        return b.toString();
    }

    /** The mask of layer l (do not modify). */
    public boolean[] mask(int l) { return keep.get(l); }

    /** Kept state indices of layer l, ascending. */
    public int[] keptIndices(int l) {
        boolean[] m = keep.get(l);
        int[] out = new int[count(m)];
        for (int i = 0, k = 0; i < m.length; i++) if (m[i]) out[k++] = i;
        return out;
    }

    /** Kept states per layer. */
    public int[] keptPerLayer() { return keep.stream().mapToInt(PruningPlan::count).toArray(); }

    /** States per layer before pruning. */
    public int[] statesPerLayer() { return keep.stream().mapToInt(m -> m.length).toArray(); }

    public int totalKept() { return Arrays.stream(keptPerLayer()).sum(); }

    public int totalStates() { return Arrays.stream(statesPerLayer()).sum(); }

    /** The ratio actually pruned, 1 - kept / total (ties at the threshold can keep more than requested). */
    public double actualRatio() { return 1.0 - (double) totalKept() / totalStates(); }

    /**
     * The paper's x-axis: the per-layer average remaining <em>real</em> state dimension, counting a conjugate pair as 2
     * when {@code conjSym}.
     */
    public double averageStateDimension(boolean conjSym) {
        return (conjSym ? 2.0 : 1.0) * totalKept() / layerCount();
    }

    /** A summary for people: method, requested and actual ratio, kept states per layer (never the masks' identities). */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s plan at %.1f %% (actual %.1f %%): kept %s of %s states per layer",
                method, 100 * requestedRatio, 100 * actualRatio(), Arrays.toString(keptPerLayer()), Arrays.toString(statesPerLayer()));
    }

    /** The summary as an HTML table, one row per layer (the notebook kernel shows it for a value that has {@code toHtml()}). */
    public String toHtml() {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "<table><caption>%s plan at %.1f %% (actual %.1f %%)</caption><tr><th>layer</th><th>kept</th><th>of</th><th>kept (%%)</th></tr>",
                method.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), 100 * requestedRatio, 100 * actualRatio()));
        int[] kept = keptPerLayer(), all = statesPerLayer();
        for (int l = 0; l < kept.length; l++)
            b.append(String.format(java.util.Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%d</td><td>%.1f</td></tr>",
                    l + 1, kept[l], all[l], 100.0 * kept[l] / all[l]));
        return b.append("</table>").toString();
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) if (b) c++;
        return c;
    }
}
