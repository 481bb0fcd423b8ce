package last.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Unstructured pruning (paper Table 5, "unstructured random"): individual parameters of the discrete systems are
 * removed instead of whole states. Per layer the removable entries are the N poles lambda_bar_i, the entries of
 * B_bar and the entries of C (and C2 when bidirectional), counted as complex numbers; a layer's model-specific
 * layout (S5: B_bar N x H, C H x N; S4D: one B and one C entry per (channel, mode) state) is given by
 * {@link Layout}. A removed pole means lambda_bar_i = 0 (the state forgets its past), a removed B or C entry is 0.
 *
 * <p>The paper says only "random removal of individual parameters at the same overall ratio" (the exact sampling
 * is not public). Here {@link #random} removes exactly {@code round(r * entries)} entries of every layer,
 * uniformly without replacement, so the removed parameter fraction equals the fraction of states a structured
 * method removes at ratio r (a state owns one pole, one row of B_bar and one column of C).
 *
 * @param ratio  the requested ratio r in [0, 1]
 * @param layers one entry mask per layer (true = kept)
 */
public record UnstructuredPlan(double ratio, List<LayerMask> layers) {

    /** The removable entries of one layer: counts of lambda, B_bar and C (+ C2) entries. */
    public record Layout(int lambda, int b, int c, int c2) {
        public int total() { return lambda + b + c + c2; }
    }

    /** Kept entries of one layer, in the layer's own row-major parameter order. */
    public record LayerMask(boolean[] lambda, boolean[] b, boolean[] c, boolean[] c2) {
        public int kept() { return count(lambda) + count(b) + count(c) + count(c2); }
        public int total() { return lambda.length + b.length + c.length + c2.length; }
    }

    public UnstructuredPlan {
        if (!(ratio >= 0 && ratio <= 1)) throw new IllegalArgumentException("pruning ratio must be in [0, 1] but is " + ratio);
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("a plan needs at least one layer");
        layers = List.copyOf(layers);
    }

    /** Removes exactly round(ratio * entries) entries of every layer, uniformly at random (seeded). */
    public static UnstructuredPlan random(List<Layout> layouts, double ratio, long seed) {
        if (!(ratio >= 0 && ratio <= 1)) throw new IllegalArgumentException("pruning ratio must be in [0, 1] but is " + ratio);
        if (layouts.isEmpty()) throw new IllegalArgumentException("a model with no layers has no parameters to prune");
        SplittableRandom rng = new SplittableRandom(seed);
        List<LayerMask> out = new ArrayList<>();
        for (Layout l : layouts) {
            int n = l.total();
            if (n == 0) throw new IllegalArgumentException("a layer has no SSM parameters");
            int drop = (int) Math.round(ratio * n);
            boolean[] keep = new boolean[n];
            java.util.Arrays.fill(keep, true);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            for (int i = 0; i < drop; i++) {                 // partial Fisher-Yates: the first `drop` are removed
                int j = i + rng.nextInt(n - i), t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                keep[idx[i]] = false;
            }
            int o = 0;
            boolean[] lam = java.util.Arrays.copyOfRange(keep, o, o += l.lambda());
            boolean[] b = java.util.Arrays.copyOfRange(keep, o, o += l.b());
            boolean[] c = java.util.Arrays.copyOfRange(keep, o, o += l.c());
            boolean[] c2 = java.util.Arrays.copyOfRange(keep, o, o + l.c2());
            out.add(new LayerMask(lam, b, c, c2));
        }
        return new UnstructuredPlan(ratio, out);
    }

    /** The fraction of entries actually removed over the whole model. */
    public double actualRatio() {
        long kept = 0, total = 0;
        for (LayerMask m : layers) {
            kept += m.kept();
            total += m.total();
        }
        return 1.0 - (double) kept / total;
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) if (b) c++;
        return c;
    }
}
