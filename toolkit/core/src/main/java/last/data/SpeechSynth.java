package last.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A synthesised stand-in for Speech Commands 35 (data.md 1.6 and 3, "Speech keyword set design"): the 35 words of
 * Speech Commands v0.02, spoken by the text-to-speech engines espeak-ng and flite over a fixed list of English voices,
 * randomised per clip, as 1 s clips of 16,000 samples at 16 kHz (and the 8 kHz zero-shot test variant, every second
 * sample of the same clips, as S4/S5 do). The real recordings are not obtainable from the registries this project
 * may use; {@link SpeechCommands} reads them when they are at hand. Labels index {@link SpeechCommands#WORDS}.
 *
 * <p><b>Voices</b> ({@link #VOICES}, fixed order): espeak-ng's 8 English accents ({@link #ESPEAK_ACCENTS}) times 14
 * variants ({@link #ESPEAK_VARIANTS}: the accent's own voice, male m1-m7, female f1-f5 and the Klatt synthesiser),
 * then flite's 5 built-in voices ({@link #FLITE_VOICES}: kal16, awb, rms, slt at 16 kHz, kal at 8 kHz): 117 voices.
 * Voices are held out whole: the <b>test</b> split has every voice of accent {@link #TEST_ACCENT}, every voice of
 * variant {@link #TEST_VARIANTS} (m4, f3) and flite {@link #TEST_FLITE} (slt), 29 voices, none of which a model sees
 * in training; <b>validation</b> is a seeded choice of {@link #VAL_FRACTION} of the other voices (13), also whole, so
 * that it too measures generalisation to unseen voices as Speech Commands' speaker-disjoint splits do; the remaining
 * 75 voices are <b>training</b> voices ({@link #voiceSplits}).
 *
 * <p><b>Classes are balanced</b>: every voice says every word {@code clipsPerWordPerVoice} times, so each split has
 * exactly as many clips of each word (Speech Commands v0.02 is imbalanced roughly 2:1 between its core and newest
 * words; mirroring that would only make the stand-in's accuracy depend on class priors we cannot check).
 *
 * <p><b>One clip</b> ({@link #draw}, {@link #render}), with all randomness drawn in Java from a {@link Random} seeded
 * by the SHA-256 of (seed, voice id, word, take), so that a clip does not depend on which other clips are generated,
 * on their order, or on the number of threads:
 * <ol>
 *   <li>the engine speaks the word: espeak-ng {@code -v <voice> -s <rate> -p <pitch> -a 100 -w out.wav <word>} with
 *       rate 120-220 words per minute and pitch 20-80 (within the variant's pitch range), 16-bit mono at 22,050 Hz;
 *       flite {@code -voice <v> --setf duration_stretch=<d> --setf int_f0_target_mean=<f0> -t <word> -o out.wav}
 *       with d in 0.8-1.3 and f0 the voice's mean ({@link #FLITE_F0}) times 0.7-1.3 (flite's rms voice ignores the
 *       f0 setting). espeak's amplitude stays at 100 (no internal clipping); the gain is step 4. Both engines give
 *       identical files for identical arguments (checked by the tests);</li>
 *   <li>leading and trailing silence is cut: 10 ms frames whose RMS is below -40 dB of the loudest frame, keeping
 *       a 10 ms margin;</li>
 *   <li>speed perturbation by a factor 0.9-1.1 (tempo and pitch together, as resampling does) folded into the
 *       conversion to 16 kHz: one windowed-sinc resampling ({@link #resample}) from the engine's rate to
 *       16000 / speed; the speed is raised where needed so that the word fits in 1 s (slow rates and slow voices
 *       such as en-029 reach 1.2 s otherwise: at the slowest settings 16 of 585 renderings of the five longest
 *       words need it, by up to a factor 1.07; nothing is ever cut); then a 5 ms raised-cosine fade at both ends;</li>
 *   <li>gain: the word's peak is set to -24 ... -3 dB full scale;</li>
 *   <li>time offset: the word is placed at a uniform position in the free part of the 1 s window;</li>
 *   <li>additive noise ({@link #noise}): white, pink or brown (power spectrum 1/f^0, 1/f, 1/f^2), at an SNR of
 *       5-30 dB, measured against the word's power over its own extent ({@link #addNoise});</li>
 *   <li>if the mixture's peak exceeds full scale, the whole clip is scaled down (which keeps the SNR); it is
 *       stored as 16-bit PCM and read back as {@code s / 32768}, as {@link SpeechCommands#fixLength} does.</li>
 * </ol>
 *
 * <p><b>Cache</b>: {@link #prepare} writes the set to one binary file (format in {@link #prepare}), written to a
 * temp file then renamed, with a SHA-256 trailer; {@link #load} refuses a truncated or corrupt file with a message
 * naming it. The files are large (32,000 bytes a clip: 35 words x 117 voices x 2 takes = 8,190 clips = 262 MB,
 * per word 150 train, 26 validation and 58 test clips). Generation costs about 25 ms a clip (mostly the engine
 * process), about 3.5 minutes for that set on one core.
 */
public final class SpeechSynth {
    private SpeechSynth() {}

    /** Output sample rate and clip length in samples (1 s). */
    public static final int RATE = 16000, LENGTH = 16000;
    /** The rate of espeak-ng's WAV output. */
    public static final int ESPEAK_RATE = 22050;
    /** The generator's version: bump it whenever the clips a seed gives change, so that old caches are rebuilt. */
    public static final int RECIPE = 1;

    /** The text-to-speech engines. */
    public enum Engine { ESPEAK, FLITE }

    /**
     * A voice: an engine and its voice argument ({@code -v} of espeak-ng, e.g. {@code en-us+f2}; {@code -voice} of
     * flite, e.g. {@code slt}).
     */
    public record Voice(Engine engine, String name) {
        /** {@code espeak:<name>} or {@code flite:<name>}, unique. */
        public String id() { return engine.name().toLowerCase(Locale.ROOT) + ":" + name; }

        /** The espeak-ng accent (the part before '+'), or the flite voice. */
        public String accent() { int p = name.indexOf('+'); return p < 0 ? name : name.substring(0, p); }

        /** The espeak-ng variant (after '+'), or "" for an accent's own voice and for flite. */
        public String variant() { int p = name.indexOf('+'); return p < 0 ? "" : name.substring(p + 1); }

        /** The voice of an {@link #id()}. */
        public static Voice parse(String id) {
            int p = id.indexOf(':');
            if (p < 0) throw new IllegalArgumentException("voice id '" + id + "' is not engine:name");
            Engine e = switch (id.substring(0, p)) {
                case "espeak" -> Engine.ESPEAK;
                case "flite" -> Engine.FLITE;
                default -> throw new IllegalArgumentException("voice id '" + id + "': unknown engine '" + id.substring(0, p) + "'");
            };
            return new Voice(e, id.substring(p + 1));
        }
    }

    /** espeak-ng 1.51's English accents ({@code espeak-ng --voices=en} without the mbrola voices). */
    public static final List<String> ESPEAK_ACCENTS = List.of("en", "en-us", "en-us-nyc", "en-gb-scotland", "en-gb-x-gbclan",
            "en-gb-x-gbcwmd", "en-gb-x-rp", "en-029");
    /** The espeak-ng variants used with every accent ("" = the accent's own voice). */
    public static final List<String> ESPEAK_VARIANTS = List.of("", "m1", "m2", "m3", "m4", "m5", "m6", "m7",
            "f1", "f2", "f3", "f4", "f5", "klatt");
    /** flite 2.2's built-in voices (kal is 8 kHz, the others 16 kHz). */
    public static final List<String> FLITE_VOICES = List.of("kal16", "awb", "rms", "slt", "kal");
    /**
     * The mean F0 (Hz) of each flite voice, the centre of the per-clip f0 range: medians of an autocorrelation pitch
     * track of "zero one three seven" spoken with default settings (rounded).
     */
    public static final Map<String, Double> FLITE_F0 = Map.of("kal16", 95.0, "awb", 135.0, "rms", 105.0, "slt", 175.0, "kal", 95.0);
    /** All voices, in a fixed order: espeak accent-major, then flite. */
    public static final List<Voice> VOICES = allVoices();
    /** Test voices: this espeak accent (all its variants), these variants (all accents), this flite voice. */
    public static final String TEST_ACCENT = "en-gb-scotland", TEST_FLITE = "slt";
    public static final Set<String> TEST_VARIANTS = Set.of("m4", "f3");
    /** The share of the non-test voices held out (whole) for validation. */
    public static final double VAL_FRACTION = 0.15;

    private static List<Voice> allVoices() {
        List<Voice> v = new ArrayList<>();
        for (String a : ESPEAK_ACCENTS) for (String var : ESPEAK_VARIANTS) v.add(new Voice(Engine.ESPEAK, var.isEmpty() ? a : a + "+" + var));
        for (String f : FLITE_VOICES) v.add(new Voice(Engine.FLITE, f));
        return List.copyOf(v);
    }

    /** Whether a voice belongs to the test split (by the fixed rule, independent of the seed). */
    public static boolean heldOutForTest(Voice v) {
        return v.engine() == Engine.ESPEAK ? v.accent().equals(TEST_ACCENT) || TEST_VARIANTS.contains(v.variant())
                : v.name().equals(TEST_FLITE);
    }

    /**
     * The split of each voice: test by {@link #heldOutForTest}; of the others, round({@link #VAL_FRACTION} * n) (at
     * least 1 when n >= 2) chosen with the seed for validation, the rest training.
     */
    public static SpeechCommands.Split[] voiceSplits(List<Voice> voices, long seed) {
        SpeechCommands.Split[] s = new SpeechCommands.Split[voices.size()];
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            s[i] = heldOutForTest(voices.get(i)) ? SpeechCommands.Split.TEST : SpeechCommands.Split.TRAIN;
            if (s[i] == SpeechCommands.Split.TRAIN) rest.add(i);
        }
        int nVal = rest.size() < 2 ? 0 : Math.max(1, (int) Math.round(VAL_FRACTION * rest.size()));
        Random r = new Random(seedOf(seed + "/validation-voices"));
        for (int i = rest.size() - 1; i > 0; i--) {                      // Fisher-Yates
            int j = r.nextInt(i + 1);
            Integer t = rest.get(i); rest.set(i, rest.get(j)); rest.set(j, t);
        }
        for (int i = 0; i < nVal; i++) s[rest.get(i)] = SpeechCommands.Split.VAL;
        return s;
    }

    // ------------------------------------------------------------------------------------------------ one clip

    /** Noise colours: the power spectrum falls as 1/f^{@code exponent}. */
    public enum Noise {
        WHITE(0), PINK(1), BROWN(2);
        public final int exponent;
        Noise(int exponent) { this.exponent = exponent; }
    }

    /**
     * The random choices of one clip.
     *
     * @param rate      espeak-ng words per minute (120-220), or flite duration_stretch (0.8-1.3)
     * @param pitch     espeak-ng pitch (20-80), or flite mean f0 in Hz
     * @param speed     speed factor (0.9-1.1; above 1 faster and higher; {@link #render} raises it where the word would not fit in 1 s)
     * @param peakDb    peak of the clean word in dB full scale (-24 to -3)
     * @param offset    position of the word in the free part of the window, in [0, 1)
     * @param noise     noise colour
     * @param snrDb     signal-to-noise ratio in dB (5-30)
     * @param noiseSeed seed of the noise
     */
    public record Params(double rate, double pitch, double speed, double peakDb, double offset, Noise noise, double snrDb,
                         long noiseSeed) {}

    /** The random choices for take {@code take} of word {@code word} (an index of the 35 words) by voice {@code v}. */
    public static Params draw(Voice v, int word, int take, long seed) {
        Random r = new Random(seedOf(seed + "/" + v.id() + "/" + word + "/" + take));
        boolean es = v.engine() == Engine.ESPEAK;
        double rate = es ? 120 + r.nextInt(101) : Math.round((0.8 + 0.5 * r.nextDouble()) * 1000) / 1000.0;
        Double f0 = FLITE_F0.get(v.name());
        if (!es && f0 == null) throw new IllegalArgumentException("flite voice '" + v.name() + "' has no mean f0 in FLITE_F0");
        double pitch = es ? 20 + r.nextInt(61) : Math.round(f0 * (0.7 + 0.6 * r.nextDouble()) * 10) / 10.0;
        double speed = 0.9 + 0.2 * r.nextDouble();
        double peak = -24 + 21 * r.nextDouble();
        double offset = r.nextDouble();
        Noise noise = Noise.values()[r.nextInt(3)];
        double snr = 5 + 25 * r.nextDouble();
        return new Params(rate, pitch, speed, peak, offset, noise, snr, r.nextLong());
    }

    /** The engine's command line that writes word {@code text} to {@code wav}. */
    public static List<String> command(Voice v, String text, Params p, Path wav) {
        return switch (v.engine()) {
            case ESPEAK -> List.of("espeak-ng", "-v", v.name(), "-s", Integer.toString((int) p.rate()), "-p",
                    Integer.toString((int) p.pitch()), "-a", "100", "-w", wav.toString(), text);
            case FLITE -> List.of("flite", "-voice", v.name(), "--setf", String.format(Locale.ROOT, "duration_stretch=%.3f", p.rate()),
                    "--setf", String.format(Locale.ROOT, "int_f0_target_mean=%.1f", p.pitch()), "-t", text, "-o", wav.toString());
        };
    }

    /** Speaks {@code text} with the engine into {@code wav} (overwritten) and returns the decoded file. */
    public static SpeechCommands.Wav speak(Voice v, String text, Params p, Path wav) {
        run(v.engine(), command(v, text, p, wav));
        return SpeechCommands.readWav(wav);
    }

    /**
     * Steps 2-7 of the recipe (see the class comment) on the engine's samples {@code source} at {@code sourceRate}:
     * a clip of {@link #LENGTH} 16-bit samples at {@link #RATE}.
     */
    public static short[] render(short[] source, int sourceRate, Params p) {
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
    public static int[] speechExtent(float[] x, int rate) {
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

    /** Resampler: zero crossings of the sinc on each side, Kaiser beta, cutoff as a share of the lower Nyquist rate. */
    public static final int ZEROS = 32;
    public static final double KAISER_BETA = 8.6, CUTOFF = 0.9;
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
     * fc = {@link #CUTOFF} (0.9) x half the lower of the two rates, windowed to {@link #ZEROS} (32) zero crossings
     * each side by a Kaiser window with beta {@link #KAISER_BETA} (8.6; about 86 dB stop-band attenuation), i.e.
     * 64 / (2 fc) taps (98 for 22,050 -> 16,000 Hz). Its transition band is about 0.17 fc wide, so at 16 kHz output the
     * response is flat to about 6.6 kHz and the stop band begins at about 7.8 kHz, below the new Nyquist frequency:
     * content that would alias is removed. The kernel is tabulated at 1/512 of a zero crossing and linearly
     * interpolated; samples outside the input count as zeros. Output length: round(n * rateOut / rateIn).
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
    public static float[] noise(Noise type, int n, long seed) {
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
     * In-place radix-2 FFT of (re, im), length a power of two; {@code inverse} without the 1/N factor. Public because
     * the figure code's spectrogram ({@code last.plot.Spectrogram}) uses the same transform as the noise synthesis.
     */
    public static void fft(double[] re, double[] im, boolean inverse) {
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
    public static double addNoise(float[] clip, int from, int to, float[] noise, double snrDb) {
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

    // ------------------------------------------------------------------------------------------------ engines

    /** Whether the engine's program can be run here. */
    public static boolean available(Engine e) {
        try {
            version(e);
            return true;
        } catch (IllegalStateException ex) {
            return false;
        }
    }

    /**
     * The engine's version line (e.g. "eSpeak NG text-to-speech: 1.51", "flite flite-2.2-current Sep 2018"); for
     * flite also checks that {@code flite -lv} runs (its {@code --version} exits with status 1).
     */
    public static String version(Engine e) {
        String out = e == Engine.ESPEAK ? run(e, List.of("espeak-ng", "--version"), false)
                : run(e, List.of("flite", "-lv"), false) + run(e, List.of("flite", "--version"), true);
        for (String l : out.split("\n")) {
            String s = l.strip();
            if (e == Engine.ESPEAK && s.startsWith("eSpeak")) return s.replaceAll("\\s+Data at:.*", "");
            if (e == Engine.FLITE && s.startsWith("version:")) return "flite " + s.substring(8).strip().replaceAll("\\s*\\(http.*", "");
        }
        return out.strip().replaceAll("\\s+", " ");
    }

    private static String installHint(Engine e) {
        String pkg = e == Engine.ESPEAK ? "espeak-ng" : "flite";
        return pkg + " is not installed (or not on PATH); the synthesised speech set needs it: install it with"
                + " 'sudo apt-get install " + pkg + "' (Debian/Ubuntu; as root: DEBIAN_FRONTEND=noninteractive apt-get install -y " + pkg + ")";
    }

    static String run(Engine e, List<String> cmd) { return run(e, cmd, false); }

    /** Runs an engine's command and returns its output; a non-zero exit status is an error unless {@code anyExit}. */
    private static String run(Engine e, List<String> cmd, boolean anyExit) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException ex) {
            throw new IllegalStateException(installHint(e) + " [" + ex.getMessage() + "]", ex);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0 && !anyExit) throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
            return out;
        } catch (IOException ex) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), ex);
        }
    }

    /** Checks that the engines of {@code voices} run, with a message saying how to install a missing one. */
    public static String requireEngines(List<Voice> voices) {
        List<String> v = new ArrayList<>();
        for (Engine e : Engine.values())
            if (voices.stream().anyMatch(x -> x.engine() == e)) v.add(version(e));
        return String.join("; ", v);
    }

    // ------------------------------------------------------------------------------------------------ generation

    /**
     * One generated clip: voice, word (index of {@link SpeechCommands#WORDS}), take, its random choices and its
     * {@link #LENGTH} samples.
     */
    public record Clip(Voice voice, int word, int take, Params params, short[] pcm) {}

    /** Generates one clip (the engine writes to a file in {@code tmpDir}). */
    public static Clip clip(Voice v, int word, int take, long seed, Path tmpDir) {
        Params p = draw(v, word, take, seed);
        Path wav = tmpDir.resolve(v.id().replaceAll("[^A-Za-z0-9.+-]", "_") + "-" + word + "-" + take + ".wav");
        try {
            SpeechCommands.Wav w = speak(v, SpeechCommands.WORDS.get(word), p, wav);
            try {
                return new Clip(v, word, take, p, render(w.samples(), w.sampleRate(), p));
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException(v.id() + " saying '" + SpeechCommands.WORDS.get(word) + "' (" + String.join(" ",
                        command(v, SpeechCommands.WORDS.get(word), p, wav)) + "): " + ex.getMessage(), ex);
            }
        } finally {
            try { Files.deleteIfExists(wav); } catch (IOException ignored) { /* temp dir is removed afterwards */ }
        }
    }

    /**
     * Generates the clips voice-major ({@code for voice, for word, for take}) on {@code threads} threads and hands
     * them to {@code sink} in that order, at most a few per thread held at a time. The clips do not depend on the
     * thread count.
     */
    public static void generate(List<Voice> voices, List<Integer> words, int takes, long seed, int threads, Consumer<Clip> sink) {
        if (takes < 1) throw new IllegalArgumentException("clips per word per voice must be >= 1, not " + takes);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        for (int w : words)
            if (w < 0 || w >= SpeechCommands.WORDS.size()) throw new IllegalArgumentException("word index " + w + " is outside [0, 35)");
        requireEngines(voices);
        Path tmp;
        try { tmp = Files.createTempDirectory("speech-synth"); }
        catch (IOException e) { throw new UncheckedIOException("cannot create a temp directory: " + e.getMessage(), e); }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "speech-synth");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<Clip>> window = new ArrayDeque<>();
            int ahead = 4 * threads;
            for (Voice v : voices)
                for (int w : words)
                    for (int k = 0; k < takes; k++) {
                        int kk = k;
                        window.add(pool.submit(() -> clip(v, w, kk, seed, tmp)));
                        if (window.size() >= ahead) sink.accept(get(window.poll()));
                    }
            while (!window.isEmpty()) sink.accept(get(window.poll()));
        } finally {
            pool.shutdownNow();
            try { DataPaths.deleteRecursively(tmp); } catch (IOException ignored) { /* best effort */ }
        }
    }

    /** {@link #generate(List, List, int, long, int, Consumer)} into a list. */
    public static List<Clip> generate(List<Voice> voices, List<Integer> words, int takes, long seed, int threads) {
        List<Clip> out = new ArrayList<>();
        generate(voices, words, takes, seed, threads, out::add);
        return out;
    }

    private static Clip get(Future<Clip> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating speech", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    // ------------------------------------------------------------------------------------------------ cache

    private static final byte[] MAGIC = "LASTSPK\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int FORMAT = 1, DIGEST_BYTES = 32;

    /**
     * The contents of a cache file's header.
     *
     * @param recipe     {@link #RECIPE} of the generator that wrote it
     * @param seed       the seed
     * @param takes      clips per word per voice
     * @param engines    the engines' version lines
     * @param words      the class names (label = index)
     * @param voices     the voices (voice id = index)
     * @param voiceSplit the split of each voice
     * @param clipWord   label of each clip, in file order
     * @param clipVoice  voice id of each clip, in file order
     */
    public record Header(int recipe, long seed, int takes, String engines, List<String> words, List<Voice> voices,
                        SpeechCommands.Split[] voiceSplit, int[] clipWord, int[] clipVoice) {
        public int clips() { return clipWord.length; }

        /** Number of clips of each split (train, val, test). */
        public int[] counts() {
            int[] c = new int[3];
            for (int v : clipVoice) c[voiceSplit[v].ordinal()]++;
            return c;
        }
    }

    /** The cache file for these settings in {@code cacheDir}. */
    public static Path cacheFile(Path cacheDir, int takes, long seed) {
        return cacheDir.resolve("speech35synth-r" + RECIPE + "-k" + takes + "-s" + seed + ".bin");
    }

    /** {@link #prepare(Path, int, long, int, PrintStream)} on min(4, cores) threads, quietly. */
    public static Path prepare(Path cacheDir, int clipsPerWordPerVoice, long seed) {
        return prepare(cacheDir, clipsPerWordPerVoice, seed, Math.min(4, Runtime.getRuntime().availableProcessors()), null);
    }

    /**
     * Generates the full set (35 words x {@link #VOICES} x {@code clipsPerWordPerVoice}) into
     * {@link #cacheFile}, unless a valid file for the same recipe, seed and count is there (then that is returned;
     * an invalid one is replaced). The file is written to a temp file in the same directory and renamed.
     *
     * <p>Format (numbers big-endian unless said otherwise):
     * <pre>
     *   8 bytes   magic "LASTSPK\n"
     *   int       header length H
     *   H bytes   header: int format (1), int recipe, long seed, int takes, int rate (16000), int length (16000),
     *             UTF engines, int #words, UTF word..., int #voices, (UTF voice id, byte split 0/1/2)...,
     *             int #clips n, (byte word, short voice)... per clip
     *   n x 32000 clips: 16000 little-endian int16 samples each (value / 32768 = float sample), in header order
     *   32 bytes  SHA-256 of everything before it
     * </pre>
     *
     * @param log progress lines, or null
     */
    public static Path prepare(Path cacheDir, int clipsPerWordPerVoice, long seed, int threads, PrintStream log) {
        Path file = cacheFile(cacheDir, clipsPerWordPerVoice, seed);
        if (Files.isRegularFile(file)) {
            try {
                Header h = verify(file);
                if (h.recipe() == RECIPE && h.seed() == seed && h.takes() == clipsPerWordPerVoice
                        && h.voices().equals(VOICES) && h.words().equals(SpeechCommands.WORDS)) return file;
                if (log != null) log.println("replacing " + file + ": written for other settings");
            } catch (IllegalArgumentException e) {
                if (log != null) log.println("replacing invalid cache file: " + e.getMessage());
            }
        }
        List<Integer> words = new ArrayList<>();
        for (int w = 0; w < SpeechCommands.WORDS.size(); w++) words.add(w);
        write(file, VOICES, words, clipsPerWordPerVoice, seed, threads, log);
        return file;
    }

    /**
     * Generates {@code words} x {@code voices} x {@code takes} clips into {@code file} in the cache format (temp file,
     * then atomic rename); voice splits by {@link #voiceSplits}({@code voices}, seed). Returns the header.
     */
    public static Header write(Path file, List<Voice> voices, List<Integer> words, int takes, long seed, int threads, PrintStream log) {
        String engines = requireEngines(voices);
        SpeechCommands.Split[] split = voiceSplits(voices, seed);
        int n = voices.size() * words.size() * takes;
        int[] cw = new int[n], cv = new int[n];
        for (int v = 0, i = 0; v < voices.size(); v++)
            for (int w : words) for (int k = 0; k < takes; k++, i++) { cw[i] = w; cv[i] = v; }
        Header h = new Header(RECIPE, seed, takes, engines, SpeechCommands.WORDS, List.copyOf(voices), split, cw, cv);
        long t0 = System.nanoTime();
        writeFile(file, h, sink -> {
            int[] done = {0};
            generate(voices, words, takes, seed, threads, c -> {
                int i = done[0]++;
                if (!c.voice().equals(voices.get(cv[i])) || c.word() != cw[i]) throw new IllegalStateException("clip " + i + " out of order");
                sink.accept(c.pcm());
                if (log != null && (done[0] % 500 == 0 || done[0] == n))
                    log.printf(Locale.ROOT, "speech35synth: %d / %d clips (%.1f s)%n", done[0], n, (System.nanoTime() - t0) / 1e9);
            });
        });
        return h;
    }

    /**
     * Writes a cache file for header {@code h} whose clips {@code clips} hands over in header order (exactly
     * {@code h.clips()} of {@link #LENGTH} samples): temp file in the same directory, then an atomic rename.
     */
    static void writeFile(Path file, Header h, Consumer<Consumer<short[]>> clips) {
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            MessageDigest md = sha256();
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                DigestOutputStream out = new DigestOutputStream(raw, md);
                byte[] head = headerBytes(h);
                out.write(MAGIC);
                new DataOutputStream(out).writeInt(head.length);
                out.write(head);
                ByteBuffer buf = ByteBuffer.allocate(LENGTH * 2).order(ByteOrder.LITTLE_ENDIAN);
                int[] count = {0};
                clips.accept(pcm -> {
                    if (pcm.length != LENGTH) throw new IllegalArgumentException("clip " + count[0] + " has " + pcm.length + " samples, not " + LENGTH);
                    if (++count[0] > h.clips()) throw new IllegalArgumentException("more clips than the " + h.clips() + " in the header");
                    buf.clear();
                    for (short s : pcm) buf.putShort(s);
                    try { out.write(buf.array()); }
                    catch (IOException e) { throw new UncheckedIOException(e); }
                });
                if (count[0] != h.clips()) throw new IllegalArgumentException(count[0] + " clips for the " + h.clips() + " in the header");
                out.flush();
                raw.write(md.digest());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot write speech cache " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* nothing more to do */ }
        }
    }

    private static byte[] headerBytes(Header h) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(FORMAT); d.writeInt(h.recipe()); d.writeLong(h.seed()); d.writeInt(h.takes());
        d.writeInt(RATE); d.writeInt(LENGTH); d.writeUTF(h.engines());
        d.writeInt(h.words().size());
        for (String w : h.words()) d.writeUTF(w);
        d.writeInt(h.voices().size());
        for (int v = 0; v < h.voices().size(); v++) { d.writeUTF(h.voices().get(v).id()); d.writeByte(h.voiceSplit()[v].ordinal()); }
        d.writeInt(h.clips());
        for (int i = 0; i < h.clips(); i++) { d.writeByte(h.clipWord()[i]); d.writeShort(h.clipVoice()[i]); }
        d.flush();
        return b.toByteArray();
    }

    /** The three splits, the 8 kHz test variant, and the voice of every clip (indices of {@code voices}). */
    public record Splits(SequenceDataset train, SequenceDataset val, SequenceDataset test, SequenceDataset test8k,
                         List<Voice> voices, int[] trainVoice, int[] valVoice, int[] testVoice) {}

    /** {@link #load(Path)} of {@link #prepare(Path, int, long)}. */
    public static Splits load(Path cacheDir, int clipsPerWordPerVoice, long seed) {
        return load(prepare(cacheDir, clipsPerWordPerVoice, seed));
    }

    /** Checks a cache file completely (size and checksum) and returns its header. */
    public static Header verify(Path file) {
        return read(file, null);
    }

    /**
     * Reads a cache file: train/val/test as (n, 16000, 1) in file order (voice-major), names
     * {@code speech35synth/<split>}, 35 classes, and the 8 kHz test set (n, 8000, 1), every second sample
     * ({@code speech35synth-8k/test}).
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a cache file, truncated or corrupt
     */
    public static Splits load(Path file) {
        Splits[] out = new Splits[1];
        read(file, out);
        return out[0];
    }

    private static Header read(Path file, Splits[] out) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing speech cache file " + file + " (run SpeechSynth.prepare)");
        String again = "; delete it and run SpeechSynth.prepare again";
        long size;
        try { size = Files.size(file); }
        catch (IOException e) { throw new IllegalArgumentException("cannot read speech cache file " + file + ": " + e.getMessage(), e); }
        MessageDigest md = sha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new DigestInputStream(raw, md));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException(file + " is not a speech cache file (wrong magic)");
            int hl = in.readInt();
            if (hl < 0 || hl > (1 << 26)) throw new IllegalArgumentException(file + " is corrupt: header length " + hl + again);
            if (MAGIC.length + 4L + hl > size)
                throw new IllegalArgumentException(file + " is truncated: " + size + " bytes, less than its " + hl + "-byte header" + again);
            byte[] hb = new byte[hl];
            in.readFully(hb);
            Header h = parseHeader(file, hb);
            long expected = MAGIC.length + 4L + hl + (long) h.clips() * LENGTH * 2 + DIGEST_BYTES;
            if (size < expected) throw new IllegalArgumentException(file + " is truncated: " + size + " bytes, expected " + expected + again);
            if (size > expected) throw new IllegalArgumentException(file + " is corrupt: " + size + " bytes, expected " + expected + " (trailing data)" + again);
            int[] counts = h.counts();
            float[][] x = out == null ? null : new float[][]{new float[counts[0] * LENGTH], new float[counts[1] * LENGTH], new float[counts[2] * LENGTH]};
            int[][] y = new int[3][], vo = new int[3][];
            for (int s = 0; s < 3; s++) { y[s] = new int[counts[s]]; vo[s] = new int[counts[s]]; }
            int[] at = new int[3];
            byte[] b = new byte[LENGTH * 2];
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < h.clips(); i++) {
                in.readFully(b);
                int s = h.voiceSplit()[h.clipVoice()[i]].ordinal(), k = at[s]++;
                y[s][k] = h.clipWord()[i];
                vo[s][k] = h.clipVoice()[i];
                if (x != null) for (int t = 0; t < LENGTH; t++) x[s][k * LENGTH + t] = bb.getShort(2 * t) / 32768f;
            }
            byte[] digest = md.digest();
            byte[] stored = new byte[DIGEST_BYTES];
            new DataInputStream(raw).readFully(stored);
            if (!MessageDigest.isEqual(digest, stored))
                throw new IllegalArgumentException(file + " is corrupt: SHA-256 " + HexFormat.of().formatHex(digest) + " differs from the stored "
                        + HexFormat.of().formatHex(stored) + again);
            if (out != null) {
                SequenceDataset[] d = new SequenceDataset[3];
                String[] names = {"train", "val", "test"};
                for (int s = 0; s < 3; s++) {
                    if (counts[s] == 0) continue;
                    d[s] = new SequenceDataset("speech35synth/" + names[s], LENGTH, 1, x[s], y[s], null, h.words().size(), false);
                }
                SequenceDataset t8 = null;
                if (d[2] != null) {
                    float[] h8 = new float[counts[2] * (LENGTH / 2)];
                    for (int i = 0; i < counts[2]; i++) for (int t = 0; t < LENGTH / 2; t++) h8[i * (LENGTH / 2) + t] = x[2][i * LENGTH + 2 * t];
                    t8 = new SequenceDataset("speech35synth-8k/test", LENGTH / 2, 1, h8, y[2].clone(), null, h.words().size(), false);
                }
                out[0] = new Splits(d[0], d[1], d[2], t8, h.voices(), vo[0], vo[1], vo[2]);
            }
            return h;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated (" + size + " bytes)" + again, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read speech cache file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Header parseHeader(Path file, byte[] hb) throws IOException {
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(hb));
        try {
            int format = d.readInt();
            if (format != FORMAT) throw new IllegalArgumentException(file + " has cache format " + format + "; this reader knows format " + FORMAT);
            int recipe = d.readInt();
            long seed = d.readLong();
            int takes = d.readInt(), rate = d.readInt(), length = d.readInt();
            if (rate != RATE || length != LENGTH) throw new IllegalArgumentException(file + " holds clips of " + length + " samples at " + rate + " Hz; expected " + LENGTH + " at " + RATE);
            String engines = d.readUTF();
            int nw = d.readInt();
            if (nw < 1 || nw > 1000) throw new IllegalArgumentException(file + " is corrupt: " + nw + " words");
            List<String> words = new ArrayList<>();
            for (int i = 0; i < nw; i++) words.add(d.readUTF());
            int nv = d.readInt();
            if (nv < 1 || nv > 100000) throw new IllegalArgumentException(file + " is corrupt: " + nv + " voices");
            List<Voice> voices = new ArrayList<>();
            SpeechCommands.Split[] split = new SpeechCommands.Split[nv];
            for (int i = 0; i < nv; i++) {
                voices.add(Voice.parse(d.readUTF()));
                int s = d.readByte();
                if (s < 0 || s > 2) throw new IllegalArgumentException(file + " is corrupt: split " + s + " of voice " + i);
                split[i] = SpeechCommands.Split.values()[s];
            }
            int n = d.readInt();
            if (n < 0 || (long) n * 3 > hb.length) throw new IllegalArgumentException(file + " is corrupt: " + n + " clips announced in a header of " + hb.length + " bytes");
            int[] cw = new int[n], cv = new int[n];
            for (int i = 0; i < n; i++) {
                cw[i] = d.readUnsignedByte();
                cv[i] = d.readUnsignedShort();
                if (cw[i] >= nw || cv[i] >= nv) throw new IllegalArgumentException(file + " is corrupt: clip " + i + " has word " + cw[i] + ", voice " + cv[i]);
            }
            return new Header(recipe, seed, takes, engines, List.copyOf(words), List.copyOf(voices), split, cw, cv);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is corrupt: its header ends early", e);
        }
    }

    private static MessageDigest sha256() {
        try { return MessageDigest.getInstance("SHA-256"); }
        catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
    }

    /** A 64-bit seed from a string: the first 8 bytes of its SHA-256 (UTF-8). */
    static long seedOf(String s) {
        return ByteBuffer.wrap(sha256().digest(s.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /**
     * Generates (or finds) the cache and prints its sizes and the time taken:
     * {@code SpeechSynth <cacheDir> <clipsPerWordPerVoice> <seed> [threads]}.
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: SpeechSynth <cacheDir> <clipsPerWordPerVoice> <seed> [threads]");
            System.exit(2);
        }
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Math.min(4, Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        Path f = prepare(Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]), threads, System.out);
        Header h = verify(f);
        int[] c = h.counts();
        System.out.printf(Locale.ROOT, "%s: %d clips (train %d, val %d, test %d), %s; %.1f s%n", f, h.clips(), c[0], c[1], c[2],
                h.engines(), (System.nanoTime() - t0) / 1e9);
    }
}
