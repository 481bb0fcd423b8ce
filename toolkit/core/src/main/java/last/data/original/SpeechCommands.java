package last.data.original;

import last.data.SequenceDataset;
import last.data.generate.SpeechDsp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reader of the original Speech Commands v0.02 release (Warden 2018, CC BY 4.0) for the paper's Speech Commands 35
 * task at 16 kHz and 8 kHz (Table 2), for when the real recordings are at hand; they are not obtainable from the
 * registries this project may use (docs/data.md 1.6).
 *
 * <p>Expected layout (the unpacked {@code speech_commands_v0.02.tar.gz}):
 * <pre>
 *   root/&lt;word&gt;/&lt;file&gt;.wav      one folder per word, 16-bit PCM mono WAV at 16 kHz, about 1 s each
 *   root/validation_list.txt     relative paths "word/file.wav" of the validation clips
 *   root/testing_list.txt        the same for the test clips; every other clip is training data
 *   root/_background_noise_/     ignored (as are other folders starting with "_" and folders without WAVs)
 * </pre>
 * Labels index {@link #WORDS}, the 35 words sorted alphabetically (backward = 0, ..., zero = 34). S4/S5 use another
 * fixed order, {@link #S4_ORDER} (bed = 0, cat = 1, ...); the two differ by a permutation of the output rows only.
 *
 * <p>Each clip becomes {@code x[t] = s[t] / 32768} for t &lt; 16000 (16-bit samples s, zero-padded at the end when
 * shorter, cropped when longer), shape (n, 16000, 1). The 8 kHz variant takes every second sample of the same
 * clips, {@code x8[t] = x[2t]}, L = 8000 (S4/S5's {@code X[:, ::2]}, evaluated zero-shot with step_rescale 2).
 * S4/S5 then standardise each time step with training statistics, {@code (x - mu_t) / (sigma_t + 1e-5)} with the
 * unbiased sigma_t; {@link PerStep} does this. (S4/S5 divide torchaudio's [-1, 1] floats by 2^15 once more before
 * that; the standardisation removes the scale except for the 1e-5, docs/conventions.md 4.)
 */
public final class SpeechCommands {
    private SpeechCommands() {}

    /** Sample rate of the release and the clip length in samples at 16 kHz. */
    public static final int RATE = 16000, LENGTH = 16000;
    /** The 35 words of v0.02, sorted; label = index. */
    public static final List<String> WORDS = List.of("backward", "bed", "bird", "cat", "dog", "down", "eight", "five", "follow",
            "forward", "four", "go", "happy", "house", "learn", "left", "marvin", "nine", "no", "off", "on", "one", "right", "seven",
            "sheila", "six", "stop", "three", "tree", "two", "up", "visual", "wow", "yes", "zero");
    /** S4/S5's class order ({@code ALL_CLASSES} of S4's {@code sc.py}): the 16 words "bed" ... "yes", then the other 19. */
    public static final List<String> S4_ORDER = List.of("bed", "cat", "down", "five", "forward", "go", "house", "left", "marvin", "no",
            "on", "right", "sheila", "tree", "up", "visual", "yes", "backward", "bird", "dog", "eight", "follow", "four", "happy", "learn",
            "nine", "off", "one", "seven", "six", "stop", "three", "two", "wow", "zero");

    /** The official splits. */
    public enum Split { TRAIN, VAL, TEST }

    /** The label S4/S5 give to the word of label {@code label} (an index of {@link #WORDS}). */
    public static int s4Label(int label) { return S4_ORDER.indexOf(WORDS.get(label)); }

    /** A decoded WAV file: its sample rate and its 16-bit mono samples. */
    public record Wav(int sampleRate, short[] samples) {}

    /**
     * Parses a RIFF/WAVE file: the {@code fmt } chunk must declare PCM (format tag 1, or WAVE_FORMAT_EXTENSIBLE with
     * the PCM sub-format), one channel and 16 bits per sample; the {@code data} chunk holds little-endian samples.
     * Other chunks are skipped. Problems are IllegalArgumentExceptions naming the file.
     */
    public static Wav readWav(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing WAV file " + file);
        byte[] b;
        try { b = Files.readAllBytes(file); }
        catch (IOException e) { throw new IllegalArgumentException("cannot read WAV file " + file + ": " + e.getMessage(), e); }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE"))
            throw new IllegalArgumentException(file + " is not a RIFF/WAVE file (wrong magic " + (b.length < 4 ? "<short>" : "'" + tag(b, 0) + "'") + ")");
        int rate = -1;
        for (int o = 12; o < b.length; ) {
            if (o + 8 > b.length) throw new IllegalArgumentException(file + " is truncated: a chunk header at byte " + o + " is cut off");
            String id = tag(b, o);
            long size = bb.getInt(o + 4) & 0xffffffffL;
            int body = o + 8;
            if (body + size > b.length)
                throw new IllegalArgumentException(file + " is truncated: chunk '" + id + "' announces " + size + " bytes but " + (b.length - body) + " remain");
            if (id.equals("fmt ")) {
                if (size < 16) throw new IllegalArgumentException(file + ": fmt chunk of " + size + " bytes is too short");
                int format = bb.getShort(body) & 0xffff, channels = bb.getShort(body + 2) & 0xffff, bits = bb.getShort(body + 14) & 0xffff;
                if (format == 0xFFFE && size >= 26) format = bb.getShort(body + 24) & 0xffff;   // extensible: the sub-format GUID starts with the tag
                if (format != 1) throw new IllegalArgumentException(file + " is not PCM (format tag " + format + "); expected 16-bit PCM mono");
                if (channels != 1) throw new IllegalArgumentException(file + " has " + channels + " channels; expected mono");
                if (bits != 16) throw new IllegalArgumentException(file + " has " + bits + "-bit samples; expected 16-bit PCM");
                rate = bb.getInt(body + 4);
                if (rate <= 0) throw new IllegalArgumentException(file + ": fmt chunk declares a sample rate of " + rate + " Hz");
                // the redundant fields must agree, so that a changed byte in the rate cannot silently resample the clip
                int byteRate = bb.getInt(body + 8), blockAlign = bb.getShort(body + 12) & 0xffff;
                if (blockAlign != 2 || byteRate != 2L * rate)
                    throw new IllegalArgumentException(file + ": inconsistent fmt chunk (rate " + rate + " Hz, byte rate " + byteRate
                            + ", block align " + blockAlign + "; 16-bit mono needs byte rate = 2 x rate and block align 2)");
            } else if (id.equals("data")) {
                if (rate < 0) throw new IllegalArgumentException(file + ": data chunk before the fmt chunk");
                if (size % 2 != 0) throw new IllegalArgumentException(file + " is truncated: data chunk of odd size " + size + " for 16-bit samples");
                short[] s = new short[(int) (size / 2)];
                for (int i = 0; i < s.length; i++) s[i] = bb.getShort(body + 2 * i);
                checkTrailingChunks(file, b, (int) (body + size + (size & 1)));
                return new Wav(rate, s);
            }
            o = (int) (body + size + (size & 1));               // chunks are padded to even sizes
        }
        throw new IllegalArgumentException(file + (rate < 0 ? " has no fmt chunk" : " has no data chunk"));
    }

    /**
     * What follows the data chunk must be whole chunks with printable ids (LIST and the like): a data chunk whose size
     * field was changed to a smaller value would otherwise return a silently shortened clip.
     */
    private static void checkTrailingChunks(Path file, byte[] b, int o) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        while (o < b.length) {
            if (b.length - o == 1 && b[o] == 0) return;   // a pad byte
            boolean printable = o + 8 <= b.length;
            for (int i = 0; printable && i < 4; i++) printable = b[o + i] >= 0x20 && b[o + i] < 0x7f;
            long size = printable ? bb.getInt(o + 4) & 0xffffffffL : -1;
            if (!printable || o + 8 + size > b.length)
                throw new IllegalArgumentException(file + ": " + (b.length - o) + " bytes after the data chunk are not a chunk;"
                        + " the data chunk's size field does not match the file (corrupt?)");
            o = (int) (o + 8 + size + (size & 1));
        }
    }

    private static String tag(byte[] b, int o) { return new String(b, o, Math.min(4, b.length - o), StandardCharsets.ISO_8859_1); }

    /** {@code s[t] / 32768} for t &lt; length, zero-padded at the end or cropped. */
    public static float[] fixLength(short[] s, int length) {
        float[] x = new float[length];
        for (int t = 0; t < Math.min(length, s.length); t++) x[t] = s[t] / 32768f;
        return x;
    }

    /** One clip of a split: its file and label (index of {@link #WORDS}). */
    public record Clip(Path file, int label) {}

    /**
     * The clips of a split, by word (in {@link #WORDS} order) then file name; at most {@code maxPerClass} per word
     * (all when <= 0), the first in file-name order (names start with a hashed speaker id, so this is a spread of
     * speakers).
     */
    public static List<Clip> clips(Path root, Split split, int maxPerClass) {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("missing Speech Commands directory " + root);
        Set<String> val = list(root.resolve("validation_list.txt")), test = list(root.resolve("testing_list.txt"));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith("_") && !WORDS.contains(name) && !wavs(d).isEmpty())
                    throw new IllegalArgumentException(d + ": folder of WAV files for '" + name + "', which is not one of the 35 Speech Commands words");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + root + ": " + e.getMessage(), e);
        }
        List<Clip> out = new ArrayList<>();
        int folders = 0;
        for (int w = 0; w < WORDS.size(); w++) {
            Path d = root.resolve(WORDS.get(w));
            if (!Files.isDirectory(d)) continue;
            folders++;
            int k = 0;
            for (String f : wavs(d)) {
                String rel = WORDS.get(w) + "/" + f;
                Split s = val.contains(rel) ? Split.VAL : test.contains(rel) ? Split.TEST : Split.TRAIN;
                if (s != split || (maxPerClass > 0 && k >= maxPerClass)) continue;
                out.add(new Clip(d.resolve(f), w));
                k++;
            }
        }
        if (folders == 0) throw new IllegalArgumentException(root + ": no word folders (expected e.g. " + root.resolve("yes") + ")");
        if (out.isEmpty()) throw new IllegalArgumentException(root + ": no clips in the " + split.name().toLowerCase() + " split (empty split)");
        return out;
    }

    private static List<String> wavs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wav")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> list(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing split list " + file);
        try {
            Set<String> s = new HashSet<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isBlank()) s.add(l.strip());
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read split list " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A split as sequences: (n, 16000, 1) at 16 kHz, or (n, 8000, 1) with every second sample when
     * {@code eightKHz}; every file must be 16-bit PCM mono at 16 kHz. Names {@code speech35/<split>} and
     * {@code speech35-8k/<split>}. The full training split (84,843 clips) needs 5.4 GB as floats: use
     * {@code maxPerClass} on small machines.
     */
    public static SequenceDataset load(Path root, Split split, int maxPerClass, boolean eightKHz) {
        List<Clip> clips = clips(root, split, maxPerClass);
        int step = eightKHz ? 2 : 1, len = LENGTH / step;
        float[] x = new float[clips.size() * len];
        int[] y = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            Wav w = readWav(clips.get(i).file());
            if (w.sampleRate() != RATE) throw new IllegalArgumentException(clips.get(i).file() + " is sampled at " + w.sampleRate() + " Hz; expected " + RATE);
            float[] c = fixLength(w.samples(), LENGTH);
            for (int t = 0; t < len; t++) x[i * len + t] = c[t * step];
            y[i] = clips.get(i).label();
        }
        return new SequenceDataset((eightKHz ? "speech35-8k/" : "speech35/") + split.name().toLowerCase(), len, 1, x, y, null, WORDS.size(), false);
    }

    /**
     * A single-feature audio dataset at another sampling rate, band-limited: every clip goes through
     * {@link SpeechDsp#resample} (Kaiser-windowed sinc low-pass at 0.9 x the lower Nyquist frequency, so content above
     * the new Nyquist frequency is removed instead of aliased). For training below 16 kHz when 16 kHz does not fit the
     * budget; the zero-shot test at half of that rate is then {@link #halveRate} of the result (S5's {@code X[:, ::2]}).
     *
     * @param name the new dataset's name
     */
    public static SequenceDataset resampled(SequenceDataset d, int rateIn, int rateOut, String name) {
        if (d.features() != 1 || d.tokens()) throw new IllegalArgumentException("dataset " + d.name() + ": expected single-feature audio");
        if (rateIn <= 0 || rateOut <= 0) throw new IllegalArgumentException("sampling rates must be positive: " + rateIn + " -> " + rateOut);
        int l = d.length(), m = (int) Math.round((double) l * rateOut / rateIn);
        float[] x = new float[d.size() * m], clip = new float[l];
        for (int i = 0; i < d.size(); i++) {
            System.arraycopy(d.x(), i * l, clip, 0, l);
            System.arraycopy(SpeechDsp.resample(clip, rateIn, rateOut), 0, x, i * m, m);
        }
        return new SequenceDataset(name, m, 1, x, d.labels().clone(), null, d.classes(), false);
    }

    /** The 8 kHz version of a 16 kHz dataset: every second step, {@code x8[t] = x[2t]}. */
    public static SequenceDataset halveRate(SequenceDataset d) {
        if (d.features() != 1 || d.tokens()) throw new IllegalArgumentException("dataset " + d.name() + ": expected single-feature audio");
        int l = d.length(), h = (l + 1) / 2;
        float[] x = new float[d.size() * h];
        for (int i = 0; i < d.size(); i++) for (int t = 0; t < h; t++) x[i * h + t] = d.x()[i * l + 2 * t];
        return new SequenceDataset(d.name().replace("speech35/", "speech35-8k/"), h, 1, x, d.labels().clone(), null, d.classes(), false);
    }

    /**
     * S4/S5's per-time-step standardisation: for each step t the mean mu_t and the unbiased standard deviation
     * sigma_t over the training clips; {@code x' = (x - mu_t) / (sigma_t + 1e-5)}.
     */
    public record PerStep(float[] mean, float[] std) {
        public static final double EPS = 1e-5;

        /** The statistics of {@code train} (at least 2 clips). */
        public static PerStep fit(SequenceDataset train) {
            int n = train.size(), l = train.length() * train.features();
            if (n < 2) throw new IllegalArgumentException("dataset " + train.name() + ": need at least 2 clips for a standard deviation, not " + n);
            double[] s = new double[l], s2 = new double[l];
            for (int i = 0; i < n; i++) for (int t = 0; t < l; t++) s[t] += train.x()[i * l + t];
            float[] mean = new float[l], std = new float[l];
            for (int t = 0; t < l; t++) mean[t] = (float) (s[t] / n);
            for (int i = 0; i < n; i++) for (int t = 0; t < l; t++) { double d = train.x()[i * l + t] - s[t] / n; s2[t] += d * d; }
            for (int t = 0; t < l; t++) std[t] = (float) Math.sqrt(s2[t] / (n - 1));
            return new PerStep(mean, std);
        }

        /** {@code d} standardised with these statistics (same shape as the training data). */
        public SequenceDataset apply(SequenceDataset d) {
            int l = mean.length;
            if (d.length() * d.features() != l) throw new IllegalArgumentException("dataset " + d.name() + ": " + d.length() + " steps, statistics for " + l);
            float[] x = new float[d.x().length];
            for (int i = 0; i < d.size(); i++)
                for (int t = 0; t < l; t++) x[i * l + t] = (float) ((d.x()[i * l + t] - mean[t]) / (std[t] + EPS));
            return new SequenceDataset(d.name(), d.length(), d.features(), x, d.labels(), d.lengths(), d.classes(), d.tokens());
        }
    }
}
