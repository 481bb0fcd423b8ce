package last.plot;

import last.data.generate.SpeechSynth;


/**
 * A short-time power spectrum (Hann windows, radix-2 FFT), the numbers behind {@link Plots#spectrogram}. Kept apart
 * from the drawing so that a test can check the physics (a pure tone peaks at its own frequency) without pixels.
 *
 * @param db          [frame][bin] power in dB (10 log10 |X|^2), bins 0 .. nfft/2
 * @param sampleRate  samples per second of the signal
 * @param window      window length in samples
 * @param hop         hop between frames in samples
 * @param nfft        FFT length (the window zero-padded to a power of two)
 */
public record Spectrogram(double[][] db, int sampleRate, int window, int hop, int nfft) {

    /** Frequency of bin {@code k} in Hz. */
    public double binHz(int k) { return (double) k * sampleRate / nfft; }

    /** Centre time of frame {@code f} in seconds. */
    public double frameSeconds(int f) { return (f * (double) hop + window / 2.0) / sampleRate; }

    /** Duration of the signal covered, in seconds (start of the first frame to end of the last). */
    public double seconds() { return ((db.length - 1) * (double) hop + window) / sampleRate; }

    /** Largest value over all frames and bins (the 0 dB reference of the plot). */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] row : db) for (double v : row) m = Math.max(m, v);
        return m;
    }

    /** The bin with the most power, summed over frames (a tone's bin). */
    public int peakBin() {
        int bins = db[0].length, best = 0;
        double bestP = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < bins; k++) {
            double p = 0;
            for (double[] row : db) p += Math.pow(10, row[k] / 10);
            if (p > bestP) { bestP = p; best = k; }
        }
        return best;
    }

    /**
     * The spectrogram of {@code x} with Hann windows of {@code window} samples every {@code hop} samples, each
     * zero-padded to the next power of two. A signal shorter than one window is zero-padded to one frame.
     */
    public static Spectrogram of(float[] x, int sampleRate, int window, int hop) {
        if (window < 2 || hop < 1 || sampleRate < 1)
            throw new IllegalArgumentException("window (" + window + ") must be >= 2, hop (" + hop + ") and sample rate ("
                    + sampleRate + ") >= 1");
        int nfft = Integer.highestOneBit(window - 1) << 1;
        int frames = Math.max(1, (x.length - window) / hop + 1), bins = nfft / 2 + 1;
        double[][] db = new double[frames][bins];
        double[] re = new double[nfft], im = new double[nfft];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            for (int n = 0; n < window; n++) {
                int i = f * hop + n;
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / window);
                re[n] = i < x.length ? x[i] * hann : 0;
            }
            SpeechSynth.fft(re, im, false);
            for (int k = 0; k < bins; k++) db[f][k] = 10 * Math.log10(re[k] * re[k] + im[k] * im[k] + 1e-20);
        }
        return new Spectrogram(db, sampleRate, window, hop, nfft);
    }
}
