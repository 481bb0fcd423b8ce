package last.data.generate;

import last.data.SequenceDataset;
import last.data.original.SpeechCommands;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A synthesised stand-in for Speech Commands 35 (docs/data.md 1.6 and 3, "Speech keyword set design"): the 35 words of
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
 * <p><b>Cache</b>: {@link #prepare} writes the set to one numpy {@code .npz} archive (members in
 * {@code SpeechCache.prepare}; {@code np.load} reads it), written to a temp file then renamed, each member with its
 * CRC-32; {@link #load} refuses a truncated or corrupt file with a message naming it. The files are large (32,000 bytes a clip: 35 words x 117 voices x 2 takes = 8,190 clips = 262 MB,
 * per word 150 train, 26 validation and 58 test clips). Generation costs about 25 ms a clip (mostly the engine
 * process), about 3.5 minutes for that set on one core. From the shell:
 * {@code ./last cli speech-synth <cacheDir> <clipsPerWordPerVoice> <seed> [threads]}.
 */
public final class SpeechSynth {
    private SpeechSynth() {}

    // The public entry points of the speech stand-in live here; the work is done, by responsibility, in the package's
    // SpeechEngines (TTS processes), SpeechDsp (steps 2-7: trim, resample, fade, gain, noise), SpeechGenerator
    // (clips on a thread pool) and SpeechCache (the cache file format).

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
    public static List<String> command(Voice v, String text, Params p, Path wav) { return SpeechEngines.command(v, text, p, wav); }

    /** Speaks {@code text} with the engine into {@code wav} (overwritten) and returns the decoded file. */
    public static SpeechCommands.Wav speak(Voice v, String text, Params p, Path wav) { return SpeechEngines.speak(v, text, p, wav); }

    /** Whether the engine's program can be run here. */
    public static boolean available(Engine e) { return SpeechEngines.available(e); }

    /** The engine's version line (e.g. "eSpeak NG text-to-speech: 1.51", "flite flite-2.2-current Sep 2018"). */
    public static String version(Engine e) { return SpeechEngines.version(e); }

    /** Checks that the engines of {@code voices} run, with a message saying how to install a missing one. */
    public static String requireEngines(List<Voice> voices) { return SpeechEngines.requireEngines(voices); }

    static String run(Engine e, List<String> cmd) { return SpeechEngines.run(e, cmd); }

    // ------------------------------------------------------------------------------------------------ signal processing

    /**
     * Steps 2-7 of the recipe (see the class comment) on the engine's samples {@code source} at {@code sourceRate}:
     * a clip of {@link #LENGTH} 16-bit samples at {@link #RATE}.
     */
    public static short[] render(short[] source, int sourceRate, Params p) { return SpeechDsp.render(source, sourceRate, p); }

    /**
     * The sounding part [from, to) of {@code x}: from the first to the last 10 ms frame whose RMS is at least -40 dB
     * of the loudest frame, widened by one frame each side (within x).
     *
     * @throws IllegalArgumentException when x is silent
     */
    public static int[] speechExtent(float[] x, int rate) { return SpeechDsp.speechExtent(x, rate); }

    /** Resampler: zero crossings of the sinc on each side, Kaiser beta, cutoff as a share of the lower Nyquist rate. */
    public static final int ZEROS = 32;
    public static final double KAISER_BETA = 8.6, CUTOFF = 0.9;

    /**
     * Band-limited resampling from {@code rateIn} to {@code rateOut} (any ratio) by a Kaiser-windowed sinc with
     * {@link #ZEROS} zero crossings each side, Kaiser beta {@link #KAISER_BETA} and cutoff {@link #CUTOFF} x half the
     * lower rate. Output length: round(n * rateOut / rateIn).
     */
    public static float[] resample(float[] x, double rateIn, double rateOut) { return SpeechDsp.resample(x, rateIn, rateOut); }

    /** {@code n} samples of Gaussian noise with power spectrum proportional to 1/f^{@code exponent} and unit RMS. */
    public static float[] noise(Noise type, int n, long seed) { return SpeechDsp.noise(type, n, seed); }

    /**
     * In-place radix-2 FFT of (re, im), length a power of two; {@code inverse} without the 1/N factor (also used by
     * {@code last.plot.Spectrogram}).
     */
    public static void fft(double[] re, double[] im, boolean inverse) { SpeechDsp.fft(re, im, inverse); }

    /**
     * Adds {@code noise} to {@code clip} in place, scaled so that the word's power over [from, to) is {@code snrDb}
     * above the noise's mean power; returns the scale applied to the noise.
     */
    public static double addNoise(float[] clip, int from, int to, float[] noise, double snrDb) {
        return SpeechDsp.addNoise(clip, from, to, noise, snrDb);
    }

    // ------------------------------------------------------------------------------------------------ generation

    /**
     * One generated clip: voice, word (index of {@link SpeechCommands#WORDS}), take, its random choices and its
     * {@link #LENGTH} samples.
     */
    public record Clip(Voice voice, int word, int take, Params params, short[] pcm) {}

    /** Generates one clip (the engine writes to a file in {@code tmpDir}). */
    public static Clip clip(Voice v, int word, int take, long seed, Path tmpDir) { return SpeechGenerator.clip(v, word, take, seed, tmpDir); }

    /**
     * Generates the clips voice-major ({@code for voice, for word, for take}) on {@code threads} threads and hands
     * them to {@code sink} in that order. The clips do not depend on the thread count.
     */
    public static void generate(List<Voice> voices, List<Integer> words, int takes, long seed, int threads, Consumer<Clip> sink) {
        SpeechGenerator.generate(voices, words, takes, seed, threads, sink);
    }

    /** {@link #generate(List, List, int, long, int, Consumer)} into a list. */
    public static List<Clip> generate(List<Voice> voices, List<Integer> words, int takes, long seed, int threads) {
        return SpeechGenerator.generate(voices, words, takes, seed, threads);
    }

    // ------------------------------------------------------------------------------------------------ cache

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

    /** The three splits, the 8 kHz test variant, and the voice of every clip (indices of {@code voices}). */
    public record Splits(SequenceDataset train, SequenceDataset val, SequenceDataset test, SequenceDataset test8k,
                         List<Voice> voices, int[] trainVoice, int[] valVoice, int[] testVoice) {}

    /** The cache file for these settings in {@code cacheDir}. */
    public static Path cacheFile(Path cacheDir, int takes, long seed) { return SpeechCache.cacheFile(cacheDir, takes, seed); }

    /** {@link #prepare(Path, int, long, int, PrintStream)} on min(4, cores) threads, quietly. */
    public static Path prepare(Path cacheDir, int clipsPerWordPerVoice, long seed) { return SpeechCache.prepare(cacheDir, clipsPerWordPerVoice, seed); }

    /**
     * Generates the full set (35 words x {@link #VOICES} x {@code clipsPerWordPerVoice}) into {@link #cacheFile},
     * unless a valid file for the same recipe, seed and count is there (then that is returned; an invalid one is
     * replaced). Written to a temp file in the same directory and renamed; the format is documented in SpeechCache.
     *
     * @param log progress lines, or null
     */
    public static Path prepare(Path cacheDir, int clipsPerWordPerVoice, long seed, int threads, PrintStream log) {
        return SpeechCache.prepare(cacheDir, clipsPerWordPerVoice, seed, threads, log);
    }

    /**
     * Generates {@code words} x {@code voices} x {@code takes} clips into {@code file} in the cache format (temp file,
     * then atomic rename); voice splits by {@link #voiceSplits}({@code voices}, seed). Returns the header.
     */
    public static Header write(Path file, List<Voice> voices, List<Integer> words, int takes, long seed, int threads, PrintStream log) {
        return SpeechCache.write(file, voices, words, takes, seed, threads, log);
    }

    /** Writes a cache file for header {@code h} whose clips {@code clips} hands over in header order. */
    static void writeFile(Path file, Header h, Consumer<Consumer<short[]>> clips) { SpeechCache.writeFile(file, h, clips); }

    /** {@link #load(Path)} of {@link #prepare(Path, int, long)}. */
    public static Splits load(Path cacheDir, int clipsPerWordPerVoice, long seed) { return SpeechCache.load(cacheDir, clipsPerWordPerVoice, seed); }

    /** Checks a cache file completely (size and checksum) and returns its header. */
    public static Header verify(Path file) { return SpeechCache.verify(file); }

    /**
     * Reads a cache file: train/val/test as (n, 16000, 1) in file order (voice-major), names
     * {@code speech35synth/<split>}, 35 classes, and the 8 kHz test set (n, 8000, 1), every second sample
     * ({@code speech35synth-8k/test}).
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a cache file, truncated or corrupt
     */
    public static Splits load(Path file) { return SpeechCache.load(file); }

    /** A 64-bit seed from a string: the first 8 bytes of its SHA-256 (UTF-8). */
    static long seedOf(String s) {
        return ByteBuffer.wrap(SpeechCache.sha256().digest(s.getBytes(StandardCharsets.UTF_8))).getLong();
    }
}
