package last.train;

/**
 * Training hyper-parameters (paper Tables 3-4 columns LR, SSM LR, B, E, WD; docs/conventions.md Sec. 1.8).
 *
 * @param epochs        E
 * @param batchSize     B
 * @param lr            base learning rate (AdamW group: C, D, dense layers, norms)
 * @param ssmLr         learning rate of the SSM group (Lambda, B, log step), no weight decay
 * @param weightDecay   decoupled weight decay of the base group
 * @param warmupEpochs  linear warm-up length, then cosine decay to 0
 * @param clipNorm      global gradient-norm clip (0 = off)
 * @param seed          data order and dropout seed
 * @param maxTrainSamples use only the first n training examples (0 = all)
 */
public record TrainConfig(int epochs, int batchSize, double lr, double ssmLr, double weightDecay, double warmupEpochs,
                          double clipNorm, long seed, int maxTrainSamples) {
    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1 but is " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1 but is " + batchSize);
        // finite as well as in range: JSON 1e400 parses to Infinity and "NaN" to NaN, and both would train silently
        if (!(lr > 0 && Double.isFinite(lr))) throw new IllegalArgumentException("lr must be finite and > 0 but is " + lr);
        if (!(ssmLr > 0 && Double.isFinite(ssmLr))) throw new IllegalArgumentException("ssmLr must be finite and > 0 but is " + ssmLr);
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) throw new IllegalArgumentException("weightDecay must be finite and >= 0 but is " + weightDecay);
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) throw new IllegalArgumentException("warmupEpochs must be in [0, epochs) but is " + warmupEpochs);
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) throw new IllegalArgumentException("clipNorm must be finite and >= 0 (0 = off) but is " + clipNorm);
        if (maxTrainSamples < 0) throw new IllegalArgumentException("maxTrainSamples must be >= 0 but is " + maxTrainSamples);
    }

    /**
     * The learning-rate multiplier at optimiser step {@code s} of {@code total}: linear warm-up over
     * {@code warmup} steps, then cosine decay from 1 to 0 (the counter restarts after warm-up, unlike the S5 code
     * whose last warm-up epochs end up at learning rate 0; docs/conventions.md Sec. 1.8).
     */
    public static double schedule(long s, long warmup, long total) {
        if (s < warmup) return (s + 1.0) / warmup;
        long t = total - warmup;
        if (t <= 0) return 1.0;
        return 0.5 * (1 + Math.cos(Math.PI * Math.min(s - warmup, t) / t));
    }
}
