package last.data.generate;

import last.data.SequenceDataset;
import last.data.original.SpeechCommands;
import static last.data.generate.SpeechSynth.LENGTH;
import static last.data.generate.SpeechSynth.RATE;
import static last.data.generate.SpeechSynth.RECIPE;
import static last.data.generate.SpeechSynth.VOICES;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import last.data.generate.SpeechSynth.Header;
import last.data.generate.SpeechSynth.Splits;
import last.data.generate.SpeechSynth.Voice;
import last.io.Npz;

/**
 * The cache file of {@link SpeechSynth}: one numpy {@code .npz} archive per (recipe, takes, seed), written to a temp
 * file and renamed; every member carries the archive's CRC-32, and reading refuses a missing, truncated or corrupt
 * file with a message naming it. The members are documented at {@link #prepare(Path, int, long, int, PrintStream)};
 * Python reads the file with {@code np.load}. Reached through {@link SpeechSynth}'s entry points of the same names.
 */
final class SpeechCache {
    private SpeechCache() {}

    /** The members' format version, in {@code meta}. */
    static final int FORMAT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cache file for these settings in {@code cacheDir}. */
    static Path cacheFile(Path cacheDir, int takes, long seed) {
        return cacheDir.resolve("speech35synth-r" + RECIPE + "-k" + takes + "-s" + seed + ".npz");
    }

    /** {@link #prepare(Path, int, long, int, PrintStream)} on min(4, cores) threads, quietly. */
    static Path prepare(Path cacheDir, int clipsPerWordPerVoice, long seed) {
        return prepare(cacheDir, clipsPerWordPerVoice, seed, Math.min(4, Runtime.getRuntime().availableProcessors()), null);
    }

    /**
     * Generates the full set (35 words x {@link SpeechSynth#VOICES} x {@code clipsPerWordPerVoice}) into
     * {@link #cacheFile}, unless a valid file for the same recipe, seed and count is there (then that is returned;
     * an invalid one is replaced). The file is written to a temp file in the same directory and renamed.
     *
     * <p>Members of the archive, in this order ({@code np.load(file)} reads them):
     * <pre>
     *   meta         uint8 (k,)         UTF-8 JSON: format (2), recipe, seed, takes, rate (16000), length (16000),
     *                                   engines, words [35], voices [voice ids]
     *   word         int64 (n,)         word index (into meta.words) of every clip
     *   voice        int64 (n,)         voice index (into meta.voices) of every clip
     *   voice_split  int64 (#voices,)   0 train, 1 val, 2 test (held-out voices)
     *   clips        int16 (n, 16000)   the clips at 16 kHz (value / 32768 = float sample), in the order of word/voice
     * </pre>
     *
     * @param log progress lines, or null
     */
    static Path prepare(Path cacheDir, int clipsPerWordPerVoice, long seed, int threads, PrintStream log) {
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
     * then atomic rename); voice splits by {@link SpeechSynth#voiceSplits}({@code voices}, seed). Returns the header.
     */
    static Header write(Path file, List<Voice> voices, List<Integer> words, int takes, long seed, int threads, PrintStream log) {
        String engines = SpeechEngines.requireEngines(voices);
        SpeechCommands.Split[] split = SpeechSynth.voiceSplits(voices, seed);
        int n = voices.size() * words.size() * takes;
        int[] cw = new int[n], cv = new int[n];
        for (int v = 0, i = 0; v < voices.size(); v++)
            for (int w : words) for (int k = 0; k < takes; k++, i++) { cw[i] = w; cv[i] = v; }
        Header h = new Header(RECIPE, seed, takes, engines, SpeechCommands.WORDS, List.copyOf(voices), split, cw, cv);
        long t0 = System.nanoTime();
        writeFile(file, h, sink -> {
            int[] done = {0};
            SpeechGenerator.generate(voices, words, takes, seed, threads, c -> {
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
     * {@code h.clips()} of {@link SpeechSynth#LENGTH} samples): temp file in the same directory, then an atomic
     * rename; a failed write leaves an existing file as it was. The clips are held in memory as int16 until the
     * archive is written (2 bytes per sample: 262 MB for the full set), so that every member is stored with its
     * CRC-32 as {@code np.savez} does.
     */
    static void writeFile(Path file, Header h, Consumer<Consumer<short[]>> clips) {
        long bytes = (long) h.clips() * LENGTH * 2;
        if (bytes > Integer.MAX_VALUE - 64)
            throw new IllegalArgumentException(h.clips() + " clips (" + bytes + " bytes) exceed one .npz member; use fewer takes");
        byte[] data = new byte[(int) bytes];
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] count = {0};
        try {
            clips.accept(pcm -> {
                if (pcm.length != LENGTH) throw new IllegalArgumentException("clip " + count[0] + " has " + pcm.length + " samples, not " + LENGTH);
                if (++count[0] > h.clips()) throw new IllegalArgumentException("more clips than the " + h.clips() + " in the header");
                for (short s : pcm) buf.putShort(s);
            });
            if (count[0] != h.clips()) throw new IllegalArgumentException(count[0] + " clips for the " + h.clips() + " in the header");
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", FORMAT); meta.put("recipe", h.recipe()); meta.put("seed", h.seed()); meta.put("takes", h.takes());
            meta.put("rate", RATE); meta.put("length", LENGTH); meta.put("engines", h.engines()); meta.put("words", h.words());
            meta.put("voices", h.voices().stream().map(Voice::id).toList());
            byte[] metaBytes = JSON.writeValueAsBytes(meta);
            long[] split = new long[h.voices().size()];
            for (int v = 0; v < split.length; v++) split[v] = h.voiceSplit()[v].ordinal();
            Npz.writeRaw(file, List.of(
                    new Npz.Raw(new Npz.Member("meta", "|u1", new long[]{metaBytes.length}), metaBytes),
                    longs("word", h.clipWord()), longs("voice", h.clipVoice()), longs("voice_split", split),
                    new Npz.Raw(new Npz.Member("clips", "<i2", new long[]{h.clips(), LENGTH}), data)));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot write speech cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static Npz.Raw longs(String name, int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return longs(name, l);
    }

    private static Npz.Raw longs(String name, long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return new Npz.Raw(new Npz.Member(name, "<i8", new long[]{v.length}), b.array());
    }

    /** {@link #load(Path)} of {@link #prepare(Path, int, long)}. */
    static Splits load(Path cacheDir, int clipsPerWordPerVoice, long seed) {
        return load(prepare(cacheDir, clipsPerWordPerVoice, seed));
    }

    /** Checks a cache file completely (every member's CRC-32 and shape) and returns its header. */
    static Header verify(Path file) {
        return read(file, null);
    }

    /**
     * Reads a cache file: train/val/test as (n, 16000, 1) in file order (voice-major), names
     * {@code speech35synth/<split>}, 35 classes, and the 8 kHz test set (n, 8000, 1), every second sample
     * ({@code speech35synth-8k/test}).
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a cache file, truncated or corrupt
     */
    static Splits load(Path file) {
        Splits[] out = new Splits[1];
        read(file, out);
        return out[0];
    }

    private static final List<String> MEMBERS = List.of("meta", "word", "voice", "voice_split", "clips");

    private static Header read(Path file, Splits[] out) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing speech cache file " + file + " (run SpeechSynth.prepare)");
        String again = "; delete it and run SpeechSynth.prepare again";
        Object[] got = new Object[4];                      // meta JsonNode, word long[], voice long[], voice_split long[]
        Header[] header = {null};
        float[][][] x = {null};
        int[][] y = new int[3][], vo = new int[3][];
        int[] seen = {0};
        try {
            Npz.scan(file, (m, data) -> {
                int k = MEMBERS.indexOf(m.name());
                if (k != seen[0]) throw new IllegalArgumentException(file + " is not a speech cache file: member '" + m.name()
                        + "' where '" + (seen[0] < MEMBERS.size() ? MEMBERS.get(seen[0]) : "(end)") + "' was expected (members " + MEMBERS + ")");
                seen[0]++;
                switch (m.name()) {
                    case "meta" -> { need(file, m, "|u1", 1); got[0] = JSON.readTree(data.readAllBytes()); }
                    case "word", "voice", "voice_split" -> { need(file, m, "<i8", 1); got[k] = readLongs(data, (int) m.size()); }
                    default -> {
                        header[0] = header(file, (com.fasterxml.jackson.databind.JsonNode) got[0], (long[]) got[1], (long[]) got[2], (long[]) got[3]);
                        Header h = header[0];
                        need(file, m, "<i2", 2);
                        if (m.shape()[0] != h.clips() || m.shape()[1] != LENGTH)
                            throw new IllegalArgumentException(file + " is corrupt: clips of shape " + m.shapeString() + " for " + h.clips()
                                    + " clips of " + LENGTH + " samples");
                        int[] counts = h.counts();
                        for (int s = 0; s < 3; s++) { y[s] = new int[counts[s]]; vo[s] = new int[counts[s]]; }
                        if (out != null) x[0] = new float[][]{new float[counts[0] * LENGTH], new float[counts[1] * LENGTH], new float[counts[2] * LENGTH]};
                        int[] at = new int[3];
                        byte[] b = new byte[LENGTH * 2];
                        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                        java.io.DataInputStream in = new java.io.DataInputStream(data);
                        for (int i = 0; i < h.clips(); i++) {
                            if (out != null) in.readFully(b);          // verify only: Npz.scan skips and checks the rest
                            int s = h.voiceSplit()[h.clipVoice()[i]].ordinal(), j = at[s]++;
                            y[s][j] = h.clipWord()[i];
                            vo[s][j] = h.clipVoice()[i];
                            if (out != null) for (int t = 0; t < LENGTH; t++) x[0][s][j * LENGTH + t] = bb.getShort(2 * t) / 32768f;
                        }
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith("missing") || m.contains("is not a speech cache file") ? m : m + again, e);
        }
        if (header[0] == null) throw new IllegalArgumentException(file + " is not a speech cache file: it lacks the member '"
                + MEMBERS.get(seen[0]) + "' (members " + MEMBERS + ")");
        Header h = header[0];
        if (out != null) {
            int[] counts = h.counts();
            SequenceDataset[] d = new SequenceDataset[3];
            String[] names = {"train", "val", "test"};
            for (int s = 0; s < 3; s++) {
                if (counts[s] == 0) continue;
                d[s] = new SequenceDataset("speech35synth/" + names[s], LENGTH, 1, x[0][s], y[s], null, h.words().size(), false);
            }
            SequenceDataset t8 = null;
            if (d[2] != null) {
                float[] h8 = new float[counts[2] * (LENGTH / 2)];
                for (int i = 0; i < counts[2]; i++) for (int t = 0; t < LENGTH / 2; t++) h8[i * (LENGTH / 2) + t] = x[0][2][i * LENGTH + 2 * t];
                t8 = new SequenceDataset("speech35synth-8k/test", LENGTH / 2, 1, h8, y[2].clone(), null, h.words().size(), false);
            }
            out[0] = new Splits(d[0], d[1], d[2], t8, h.voices(), vo[0], vo[1], vo[2]);
        }
        return h;
    }

    private static void need(Path file, Npz.Member m, String descr, int rank) {
        if (!m.descr().equals(descr) || m.shape().length != rank)
            throw new IllegalArgumentException(file + " is corrupt: member '" + m.name() + "' is " + m.descr() + " " + m.shapeString()
                    + ", expected " + descr + " of rank " + rank);
    }

    private static long[] readLongs(InputStream data, int n) throws IOException {
        byte[] b = data.readNBytes(8 * n);
        if (b.length != 8 * n) throw new java.io.EOFException();
        long[] v = new long[n];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        return v;
    }

    private static Header header(Path file, com.fasterxml.jackson.databind.JsonNode meta, long[] word, long[] voice, long[] split) {
        int format = meta.path("format").asInt(-1);
        if (format != FORMAT) throw new IllegalArgumentException(file + " has cache format " + format + "; this reader knows format " + FORMAT);
        int rate = meta.path("rate").asInt(), length = meta.path("length").asInt();
        if (rate != RATE || length != LENGTH) throw new IllegalArgumentException(file + " holds clips of " + length + " samples at " + rate + " Hz; expected " + LENGTH + " at " + RATE);
        List<String> words = new ArrayList<>();
        meta.path("words").forEach(w -> words.add(w.asText()));
        List<Voice> voices = new ArrayList<>();
        meta.path("voices").forEach(v -> voices.add(Voice.parse(v.asText())));
        if (words.isEmpty() || voices.isEmpty()) throw new IllegalArgumentException(file + " is corrupt: no words or voices in its meta");
        if (split.length != voices.size()) throw new IllegalArgumentException(file + " is corrupt: " + split.length + " voice splits for " + voices.size() + " voices");
        if (word.length != voice.length) throw new IllegalArgumentException(file + " is corrupt: " + word.length + " words for " + voice.length + " voices of clips");
        SpeechCommands.Split[] sp = new SpeechCommands.Split[split.length];
        for (int v = 0; v < sp.length; v++) {
            if (split[v] < 0 || split[v] > 2) throw new IllegalArgumentException(file + " is corrupt: split " + split[v] + " of voice " + v);
            sp[v] = SpeechCommands.Split.values()[(int) split[v]];
        }
        int n = word.length;
        int[] cw = new int[n], cv = new int[n];
        for (int i = 0; i < n; i++) {
            if (word[i] < 0 || word[i] >= words.size() || voice[i] < 0 || voice[i] >= voices.size())
                throw new IllegalArgumentException(file + " is corrupt: clip " + i + " has word " + word[i] + ", voice " + voice[i]);
            cw[i] = (int) word[i];
            cv[i] = (int) voice[i];
        }
        return new Header(meta.path("recipe").asInt(), meta.path("seed").asLong(), meta.path("takes").asInt(), meta.path("engines").asText(),
                List.copyOf(words), List.copyOf(voices), sp, cw, cv);
    }

    static java.security.MessageDigest sha256() {
        try { return java.security.MessageDigest.getInstance("SHA-256"); }
        catch (java.security.NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
    }
}
