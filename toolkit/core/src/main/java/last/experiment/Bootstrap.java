package last.experiment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Paired bootstrap intervals for accuracy losses (docs/protocol.md, "Intervals"): the full and the pruned model are
 * evaluated on the same examples, and the examples are resampled together, so the interval measures the uncertainty
 * of the loss itself, not of two independent accuracies. Per-example correctness may be fractional (a method averaged
 * over several random seeds is the mean of the seeds' correctness).
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** Resamples of the protocol. */
    public static final int RESAMPLES = 1000;
    /** Fixed seed of the protocol: intervals are reproducible. */
    public static final long SEED = 20241210L;

    /** A loss (percentage points) with its 95 % interval. */
    public record Interval(double estimate, double lo, double hi) {
        /** Whether the whole interval lies below {@code bound} (e.g. the rule's 1 %p). */
        public boolean below(double bound) { return hi < bound; }

        /** Whether the whole interval lies at or above {@code bound}. */
        public boolean atOrAbove(double bound) { return lo >= bound; }
    }

    /**
     * The loss {@code 100 * mean(full_i - pruned_i)} and its percentile 95 % interval over {@link #RESAMPLES} paired
     * resamples of the examples.
     *
     * @param full   per-example correctness of the full model, in [0, 1]
     * @param pruned per-example correctness of the pruned model on the same examples, in [0, 1]
     */
    public static Interval pairedLoss(float[] full, float[] pruned) {
        return pairedLoss(full, pruned, RESAMPLES, SEED);
    }

    public static Interval pairedLoss(float[] full, float[] pruned, int resamples, long seed) {
        if (full.length != pruned.length)
            throw new IllegalArgumentException("paired bootstrap needs the same examples: " + full.length + " vs " + pruned.length);
        int n = full.length;
        if (n == 0) throw new IllegalArgumentException("paired bootstrap of zero examples");
        if (resamples < 10) throw new IllegalArgumentException("resamples must be >= 10 but is " + resamples);
        double[] d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!(full[i] >= 0 && full[i] <= 1) || !(pruned[i] >= 0 && pruned[i] <= 1))
                throw new IllegalArgumentException("correctness of example " + i + " is not in [0, 1]: " + full[i] + ", " + pruned[i]);
            d[i] = full[i] - pruned[i];
            sum += d[i];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += d[rng.nextInt(n)];
            stats[b] = 100 * s / n;
        }
        Arrays.sort(stats);
        return new Interval(100 * sum / n, quantile(stats, 0.025), quantile(stats, 0.975));
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
