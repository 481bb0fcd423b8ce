package last.data.generate;

import last.data.SequenceDataset;
import last.data.original.SpeechCommands;
import static last.data.generate.SpeechSynth.LENGTH;
import static last.data.generate.SpeechSynth.RATE;
import static last.data.generate.SpeechSynth.RECIPE;
import static last.data.generate.SpeechSynth.VOICES;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import last.data.generate.SpeechSynth.Header;
import last.data.generate.SpeechSynth.Splits;
import last.data.generate.SpeechSynth.Voice;

/**
 * The cache file of {@link SpeechSynth}: one binary file per (recipe, takes, seed), written to a temp file and renamed,
 * with a SHA-256 trailer; reading refuses a truncated or corrupt file with a message naming it. The format is
 * documented at {@link #prepare(Path, int, long, int, PrintStream)}. Reached through {@link SpeechSynth}'s entry
 * points of the same names.
 */
final class SpeechCache {
    private SpeechCache() {}

    private static final byte[] MAGIC = "LASTSPK\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int FORMAT = 1, DIGEST_BYTES = 32;

    /** The cache file for these settings in {@code cacheDir}. */
    static Path cacheFile(Path cacheDir, int takes, long seed) {
        return cacheDir.resolve("speech35synth-r" + RECIPE + "-k" + takes + "-s" + seed + ".bin");
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
     * {@code h.clips()} of {@link SpeechSynth#LENGTH} samples): temp file in the same directory, then an atomic rename.
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


    /** {@link #load(Path)} of {@link #prepare(Path, int, long)}. */
    static Splits load(Path cacheDir, int clipsPerWordPerVoice, long seed) {
        return load(prepare(cacheDir, clipsPerWordPerVoice, seed));
    }

    /** Checks a cache file completely (size and checksum) and returns its header. */
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

    static MessageDigest sha256() {
        try { return MessageDigest.getInstance("SHA-256"); }
        catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
    }
}
