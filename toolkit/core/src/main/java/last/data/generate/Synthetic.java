package last.data.generate;

import last.data.SequenceDataset;
import java.util.SplittableRandom;

/** Small generated tasks for smoke tests and demos (not part of the paper). */
public final class Synthetic {
    private Synthetic() {}

    /**
     * Noisy sinusoids: class c is a sine of frequency (c + 1) cycles per sequence with random phase and amplitude,
     * plus Gaussian noise of standard deviation {@code noise}. Sequences (n, L, 1); balanced classes.
     */
    public static SequenceDataset sinusoids(String name, int n, int length, int classes, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            double phase = rng.nextDouble(2 * Math.PI), amp = rng.nextDouble(0.5, 1.5);
            for (int t = 0; t < length; t++) {
                double g = Math.sqrt(-2 * Math.log(rng.nextDouble(1e-12, 1))) * Math.cos(2 * Math.PI * rng.nextDouble());
                x[i * length + t] = (float) (amp * Math.sin(2 * Math.PI * (c + 1) * t / length + phase) + noise * g);
            }
        }
        return new SequenceDataset(name, length, 1, x, y, null, classes, false);
    }
}
