package last.data.generate;

import static last.data.generate.SpeechSynth.CUTOFF;
import static last.data.generate.SpeechSynth.KAISER_BETA;
import static last.data.generate.SpeechSynth.LENGTH;
import static last.data.generate.SpeechSynth.RATE;
import static last.data.generate.SpeechSynth.ZEROS;

import java.util.Arrays;
import java.util.Random;
import last.data.generate.SpeechSynth.Noise;
import last.data.generate.SpeechSynth.Params;

/**
 * The signal processing of {@link SpeechSynth}: steps 2-7 of its recipe on the engine's samples (silence trim,
 * resampling with the speed perturbation, fade, gain, offset, coloured noise at an SNR, clipping guard).
 * Reached through {@link SpeechSynth}'s entry points of the same names.
 */
public final class SpeechDsp {
    private SpeechDsp() {}

    /**
     * Steps 2-7 of the recipe (see the class comment) on the engine's samples {@code source} at {@code sourceRate}:
     * a clip of {@link SpeechSynth#LENGTH} 16-bit samples at {@link SpeechSynth#RATE}.
     */
    static short[] render(short[] source, int sourceRate, Params p) {
        float[] x = new float[source.length];
        for (int i = 0; i < x.length; i++) x[i] = source[i] / 32768f;
        int[] ext = speechExtent(x, sourceRate);
        double fit = (double) (ext[1] - ext[0]) * RATE / sourceRate / LENGTH;      // the speed at which the word fills 1 s
        float[] w = resample(Arrays.copyOfRange(x, ext[0], ext[1]), sourceRate, RATE / Math.max(p.speed(), fit));
        int fade = Math.min(RATE * 5 / 1000, w.length / 2);
        for (int i = 0; i < fade; i++) {
            float g = (float) (0.5 - 0.5 * Math.cos(Math.PI * (i + 0.5) / fade));
            w[i] *= g;
            w[w.length - 1 - i] *= g;
        }
        double peak = 0;
        for (float f : w) peak = Math.max(peak, Math.abs(f));
        if (peak == 0) throw new IllegalArgumentException("the word is silent after resampling");
        float gain = (float) (Math.pow(10, p.peakDb() / 20) / peak);
        int len = Math.min(w.length, LENGTH);
        int at = (int) Math.floor(p.offset() * (LENGTH - len + 1));
        float[] clip = new float[LENGTH];
        for (int i = 0; i < len; i++) clip[at + i] = w[i] * gain;
        addNoise(clip, at, at + len, noise(p.noise(), LENGTH, p.noiseSeed()), p.snrDb());
        double top = 0;
        for (float f : clip) top = Math.max(top, Math.abs(f));
        double scale = top * 32768 > 32767 ? 32767 / (top * 32768) : 1;
        short[] s = new short[LENGTH];
        for (int i = 0; i < LENGTH; i++) s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(clip[i] * scale * 32768)));
        return s;
    }

    /**
     * The sounding part [from, to) of {@code x}: from the first to the last 10 ms frame whose RMS is at least -40 dB
     * of the loudest frame, widened by one frame each side (within x).
     *
     * @throws IllegalArgumentException when x is silent
     */
    static int[] speechExtent(float[] x, int rate) {
        int fr = Math.max(1, rate / 100), n = (x.length + fr - 1) / fr;
        double[] e = new double[n];
        double max = 0;
        for (int k = 0; k < n; k++) {
            double s = 0;
            int a = k * fr, b = Math.min(x.length, a + fr);
            for (int i = a; i < b; i++) s += (double) x[i] * x[i];
            e[k] = s / (b - a);
            max = Math.max(max, e[k]);
        }
        if (max == 0) throw new IllegalArgumentException("silent audio (" + x.length + " samples of zeros)");
        double th = max * 1e-4;                                          // -40 dB in power
        int first = 0, last = n - 1;
        while (e[first] < th) first++;
        while (e[last] < th) last--;
        return new int[]{Math.max(0, (first - 1) * fr), Math.min(x.length, (last + 2) * fr)};
    }

    // ------------------------------------------------------------------------------------------------ resampler

    /** Resampler kernel table resolution (per zero crossing); ZEROS, KAISER_BETA and CUTOFF are {@link SpeechSynth}'s. */
    private static final int TABLE_RES = 512;
    private static final float[] KERNEL = kernelTable();

    private static float[] kernelTable() {
        float[] t = new float[ZEROS * TABLE_RES + 2];
        double i0b = besselI0(KAISER_BETA);
        for (int i = 0; i < t.length; i++) {
            double u = (double) i / TABLE_RES, r = u / ZEROS;
            double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
            t[i] = r >= 1 ? 0f : (float) (sinc * besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0b);
        }
        return t;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /**
     * Band-limited resampling from {@code rateIn} to {@code rateOut} (any ratio) by a Kaiser-windowed sinc.
     * Output sample j is taken at input time t = j * rateIn / rateOut; the filter is a low-pass with cutoff
     * fc = {@link SpeechSynth#CUTOFF} (0.9) x half the lower of the two rates, windowed to {@link SpeechSynth#ZEROS} (32) zero crossings
     * each side by a Kaiser window with beta {@link SpeechSynth#KAISER_BETA} (8.6; about 86 dB stop-band attenuation), i.e.
     * 64 / (2 fc) taps (98 for 22,050 -> 16,000 Hz). Its transition band is about 0.17 fc wide, so at 16 kHz output the
     * response is flat to about 6.6 kHz and the stop band begins at about 7.8 kHz, below the new Nyquist frequency:
     * content that would alias is removed. The kernel is tabulated at 1/512 of a zero crossing and linearly
     * interpolated; samples outside the input count as zeros. Output length: round(n * rateOut / rateIn).
     *
     * <p>Our own, not a library's: javax.sound.sampled converts sample formats but does not resample at an arbitrary
     * (speed-perturbed, non-integer) ratio, and the clips' bytes depend on this exact, documented filter.
     */
    public static float[] resample(float[] x, double rateIn, double rateOut) {
        if (!(rateIn > 0) || !(rateOut > 0) || Double.isInfinite(rateIn) || Double.isInfinite(rateOut))
            throw new IllegalArgumentException("resample: bad rates " + rateIn + " -> " + rateOut);
        int n = x.length, m = (int) Math.round(n * rateOut / rateIn);
        float[] y = new float[m];
        double step = rateIn / rateOut, fc = CUTOFF * 0.5 * Math.min(1, rateOut / rateIn);   // fc in cycles per input sample
        double half = ZEROS / (2 * fc), toTable = 2 * fc * TABLE_RES;
        int last = KERNEL.length - 2;
        for (int j = 0; j < m; j++) {
            double t = j * step, acc = 0;
            int i0 = Math.max(0, (int) Math.ceil(t - half)), i1 = Math.min(n - 1, (int) Math.floor(t + half));
            for (int i = i0; i <= i1; i++) {
                double u = Math.abs(t - i) * toTable;
                int k = (int) u;
                if (k > last) continue;
                double f = u - k;
                acc += x[i] * (KERNEL[k] + f * (KERNEL[k + 1] - KERNEL[k]));
            }
            y[j] = (float) (acc * 2 * fc);
        }
        return y;
    }

    // ------------------------------------------------------------------------------------------------ noise

    /**
     * {@code n} samples of Gaussian noise with power spectrum proportional to 1/f^{@code exponent} and unit RMS:
     * complex Gaussian coefficients on the bins of a power-of-two FFT (>= n) scaled by f^(-exponent/2), the DC bin
     * zero, transformed back; the first n samples, scaled to RMS 1.
     */
    static float[] noise(Noise type, int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("noise: n = " + n);
        int size = Integer.highestOneBit(Math.max(2, n - 1)) << 1;
        double[] re = new double[size], im = new double[size];
        Random r = new Random(seed);
        for (int k = 1; k <= size / 2; k++) {
            double a = Math.pow(k, -type.exponent / 2.0);
            double g1 = r.nextGaussian() * a, g2 = k == size / 2 ? 0 : r.nextGaussian() * a;
            re[k] = g1; im[k] = g2;
            if (k < size / 2) { re[size - k] = g1; im[size - k] = -g2; }
        }
        fft(re, im, true);
        double ss = 0;
        for (int i = 0; i < n; i++) ss += re[i] * re[i];
        double scale = ss > 0 ? 1 / Math.sqrt(ss / n) : 0;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (re[i] * scale);
        return out;
    }

    /**
     * In-place radix-2 FFT of (re, im), length a power of two; {@code inverse} without the 1/N factor. Public (as
     * {@link SpeechSynth#fft}) because the figure code's
     * spectrogram ({@code last.plot.Spectrogram}) uses the same transform as the noise synthesis.
     * Our own, not a library's: neither the JDK nor the toolkit's dependencies (EJML, DJL's NDArrays) offer a plain
     * double[] FFT, and the noise bytes of a seed depend on this transform's exact rounding.
     */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1 || im.length != n) throw new IllegalArgumentException("fft: length " + n + " is not a power of two");
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            for (int k = 0; k < len / 2; k++) {
                double wr = Math.cos(ang * k), wi = Math.sin(ang * k);
                for (int i = k; i < n; i += len) {
                    int j = i + len / 2;
                    double xr = re[j] * wr - im[j] * wi, xi = re[j] * wi + im[j] * wr;
                    re[j] = re[i] - xr; im[j] = im[i] - xi;
                    re[i] += xr; im[i] += xi;
                }
            }
        }
    }

    /**
     * Adds {@code noise} (same length as the clip) to {@code clip} in place, scaled so that the SNR is
     * {@code snrDb}: 10 log10 of the clip's mean power over [from, to) (the word) over the scaled noise's mean power
     * over the whole clip. Returns the scale applied to the noise.
     */
    static double addNoise(float[] clip, int from, int to, float[] noise, double snrDb) {
        if (noise.length != clip.length) throw new IllegalArgumentException("addNoise: " + noise.length + " noise samples for a clip of " + clip.length);
        if (from < 0 || to > clip.length || from >= to) throw new IllegalArgumentException("addNoise: bad signal range [" + from + ", " + to + ")");
        double ps = 0, pn = 0;
        for (int i = from; i < to; i++) ps += (double) clip[i] * clip[i];
        for (float f : noise) pn += (double) f * f;
        ps /= to - from;
        pn /= noise.length;
        if (ps == 0 || pn == 0) throw new IllegalArgumentException("addNoise: " + (ps == 0 ? "silent signal" : "silent noise"));
        double scale = Math.sqrt(ps / pn / Math.pow(10, snrDb / 10));
        for (int i = 0; i < clip.length; i++) clip[i] += (float) (noise[i] * scale);
        return scale;
    }

}
