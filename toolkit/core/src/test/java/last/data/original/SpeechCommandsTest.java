package last.data.original;

import last.data.SequenceDataset;
import static last.data.original.Cifar10Test.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SpeechCommandsTest {
    @TempDir Path root;

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).put(body);
        return b.array();
    }

    private static byte[] fmt(int format, int channels, int rate, int bits) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) format).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits).array();
    }

    /** A WAV file: RIFF header, the given chunks, {@code cut} bytes removed from the end. */
    static Path wav(Path file, int cut, byte[]... chunks) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] c : chunks) body.write(c);
        byte[] all = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes(StandardCharsets.ISO_8859_1))
                .putInt(body.size()).put(body.toByteArray()).array();
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Arrays.copyOf(all, all.length - cut));
        return file;
    }

    private static byte[] pcm(short[] s) {
        ByteBuffer b = ByteBuffer.allocate(2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : s) b.putShort(v);
        return b.array();
    }

    /** A 16 kHz PCM16 mono clip of n samples, s[t] = (seed * 1000 + 7 t) mod 65536 as a signed short. */
    public static Path clip(Path file, int n, int seed) throws Exception {
        return wav(file, 0, chunk("fmt ", fmt(1, 1, 16000, 16)), chunk("LIST", new byte[]{1, 2, 3}), chunk("data", pcm(samples(n, seed))));
    }

    static short[] samples(int n, int seed) {
        short[] s = new short[n];
        for (int t = 0; t < n; t++) s[t] = (short) (seed * 1000 + 7 * t);
        return s;
    }

    @Test
    void wordsAreTheSorted35AndTheS4OrderIsAPermutation() {
        List<String> sorted = new ArrayList<>(SpeechCommands.WORDS);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, SpeechCommands.WORDS);
        assertEquals(35, new java.util.HashSet<>(SpeechCommands.WORDS).size());
        assertEquals(new java.util.HashSet<>(SpeechCommands.WORDS), new java.util.HashSet<>(SpeechCommands.S4_ORDER));
        assertEquals(0, SpeechCommands.WORDS.indexOf("backward"));
        assertEquals(34, SpeechCommands.WORDS.indexOf("zero"));
        assertEquals(0, SpeechCommands.s4Label(1));                          // bed
        assertEquals(17, SpeechCommands.s4Label(0));                         // backward
    }

    @Test
    void parsesPcm16MonoSkippingOtherChunks() throws Exception {
        Path f = clip(root.resolve("a.wav"), 5, 3);
        SpeechCommands.Wav w = SpeechCommands.readWav(f);
        assertEquals(16000, w.sampleRate());
        assertArrayEquals(new short[]{3000, 3007, 3014, 3021, 3028}, w.samples());
        // extreme values and odd-sized chunk padding
        Path g = wav(root.resolve("b.wav"), 0, chunk("junk", new byte[]{9}), chunk("fmt ", fmt(1, 1, 16000, 16)),
                chunk("data", pcm(new short[]{Short.MIN_VALUE, -1, 0, Short.MAX_VALUE})));
        assertArrayEquals(new float[]{-1f, -1f / 32768, 0f, 32767f / 32768, 0f, 0f}, SpeechCommands.fixLength(SpeechCommands.readWav(g).samples(), 6));
        assertArrayEquals(new float[]{-1f, -1f / 32768}, SpeechCommands.fixLength(SpeechCommands.readWav(g).samples(), 2));
    }

    @Test
    void refusesWhatIsNotPcm16MonoNamingTheFile() throws Exception {
        byte[] data = chunk("data", pcm(samples(4, 1)));
        assertMessage(() -> SpeechCommands.readWav(root.resolve("none.wav")), "none.wav", "missing");
        Files.writeString(root.resolve("t.wav"), "RIFX....WAVE");
        assertMessage(() -> SpeechCommands.readWav(root.resolve("t.wav")), "t.wav", "not a RIFF/WAVE");
        wav(root.resolve("f.wav"), 0, chunk("fmt ", fmt(3, 1, 16000, 32)), data);
        assertMessage(() -> SpeechCommands.readWav(root.resolve("f.wav")), "f.wav", "not PCM (format tag 3)");
        wav(root.resolve("s.wav"), 0, chunk("fmt ", fmt(1, 2, 16000, 16)), data);
        assertMessage(() -> SpeechCommands.readWav(root.resolve("s.wav")), "s.wav", "2 channels; expected mono");
        wav(root.resolve("8.wav"), 0, chunk("fmt ", fmt(1, 1, 16000, 8)), data);
        assertMessage(() -> SpeechCommands.readWav(root.resolve("8.wav")), "8.wav", "8-bit");
        wav(root.resolve("c.wav"), 3, chunk("fmt ", fmt(1, 1, 16000, 16)), data);
        assertMessage(() -> SpeechCommands.readWav(root.resolve("c.wav")), "c.wav", "truncated");
        wav(root.resolve("d.wav"), 0, chunk("fmt ", fmt(1, 1, 16000, 16)));
        assertMessage(() -> SpeechCommands.readWav(root.resolve("d.wav")), "d.wav", "no data chunk");
        wav(root.resolve("o.wav"), 0, data, chunk("fmt ", fmt(1, 1, 16000, 16)));
        assertMessage(() -> SpeechCommands.readWav(root.resolve("o.wav")), "o.wav", "before the fmt chunk");
    }

    /** yes/{a,b,c}.wav, backward/{a,b}.wav, zero/a.wav, _background_noise_/n.wav; val yes/b, test zero/a and backward/b. */
    private void writeRelease() throws Exception {
        clip(root.resolve("yes/a.wav"), 16000, 1);
        clip(root.resolve("yes/b.wav"), 12000, 2);                            // short: zero-padded
        clip(root.resolve("yes/c.wav"), 17000, 3);                            // long: cropped
        clip(root.resolve("backward/a.wav"), 16000, 4);
        clip(root.resolve("backward/b.wav"), 16000, 5);
        clip(root.resolve("zero/a.wav"), 16000, 6);
        clip(root.resolve("_background_noise_/n.wav"), 100, 7);
        Files.createDirectories(root.resolve("processed_data"));
        Files.writeString(root.resolve("validation_list.txt"), "yes/b.wav\n");
        Files.writeString(root.resolve("testing_list.txt"), "zero/a.wav\nbackward/b.wav\n");
    }

    @Test
    void splitsByTheOfficialListsAndPadsTo16000() throws Exception {
        writeRelease();
        SequenceDataset tr = SpeechCommands.load(root, SpeechCommands.Split.TRAIN, 0, false);
        assertEquals("speech35/train", tr.name());
        assertEquals(16000, tr.length());
        assertEquals(35, tr.classes());
        assertArrayEquals(new int[]{0, 33, 33}, tr.labels());                 // backward/a, yes/a, yes/c
        short[] c = samples(16000, 3);
        for (int t = 0; t < 16000; t++) assertEquals(c[t] / 32768f, tr.x()[2 * 16000 + t]);
        SequenceDataset va = SpeechCommands.load(root, SpeechCommands.Split.VAL, 0, false);
        assertArrayEquals(new int[]{33}, va.labels());
        short[] b = samples(12000, 2);
        assertEquals(b[11999] / 32768f, va.x()[11999]);
        for (int t = 12000; t < 16000; t++) assertEquals(0f, va.x()[t]);
        SequenceDataset te = SpeechCommands.load(root, SpeechCommands.Split.TEST, 0, false);
        assertArrayEquals(new int[]{0, 34}, te.labels());
        assertArrayEquals(new int[]{0, 33}, SpeechCommands.load(root, SpeechCommands.Split.TRAIN, 1, false).labels());
    }

    @Test
    void eightKilohertzTakesEverySecondSample() throws Exception {
        writeRelease();
        SequenceDataset a = SpeechCommands.load(root, SpeechCommands.Split.TRAIN, 0, false);
        SequenceDataset h = SpeechCommands.load(root, SpeechCommands.Split.TRAIN, 0, true);
        assertEquals("speech35-8k/train", h.name());
        assertEquals(8000, h.length());
        for (int i = 0; i < 3; i++) for (int t = 0; t < 8000; t++) assertEquals(a.x()[i * 16000 + 2 * t], h.x()[i * 8000 + t]);
        SequenceDataset h2 = SpeechCommands.halveRate(a);
        assertArrayEquals(h.x(), h2.x());
        assertEquals(h.name(), h2.name());
    }

    @Test
    void resamplingToFourKilohertzKeepsTheBandAndRemovesWhatWouldAlias() {
        // two clips of 16,000 samples at 16 kHz: a 500 Hz tone (inside the 4 kHz band) and a 3 kHz tone (above 2 kHz,
        // which plain decimation by 4 would fold down to 1 kHz)
        int n = 16000;
        float[] x = new float[2 * n];
        for (int t = 0; t < n; t++) {
            x[t] = (float) Math.sin(2 * Math.PI * 500 * t / 16000.0);
            x[n + t] = (float) Math.sin(2 * Math.PI * 3000 * t / 16000.0);
        }
        SequenceDataset d = new SequenceDataset("speech35synth/test", n, 1, x, new int[]{3, 7}, null, 35, false);
        SequenceDataset r = SpeechCommands.resampled(d, 16000, 4000, "speech35synth-4k/test");
        assertEquals(4000, r.length());
        assertEquals("speech35synth-4k/test", r.name());
        assertArrayEquals(new int[]{3, 7}, r.labels());
        double inBand = 0, alias = 0, err = 0;
        for (int t = 200; t < 3800; t++) {   // away from the zero-padded edges
            double expected = Math.sin(2 * Math.PI * 500 * t / 4000.0);
            err = Math.max(err, Math.abs(r.x()[t] - expected));
            inBand += r.x()[t] * r.x()[t];
            alias += r.x()[4000 + t] * r.x()[4000 + t];
        }
        assertTrue(err < 1e-3, "500 Hz passes unchanged, max error " + err);
        assertTrue(alias < 1e-6 * inBand, "3 kHz is removed, energy ratio " + alias / inBand);
        assertThrows(IllegalArgumentException.class, () -> SpeechCommands.resampled(d, 16000, 0, "x"));
    }

    @Test
    void perStepStandardisationUsesUnbiasedTrainStatistics() {
        SequenceDataset tr = new SequenceDataset("speech35/train", 2, 1, new float[]{1, 10, 3, 10, 5, 16}, new int[]{0, 1, 2}, null, 35, false);
        SpeechCommands.PerStep p = SpeechCommands.PerStep.fit(tr);
        assertArrayEquals(new float[]{3, 12}, p.mean());
        assertArrayEquals(new float[]{2, (float) Math.sqrt(12)}, p.std(), 1e-6f);
        SequenceDataset te = p.apply(new SequenceDataset("speech35/test", 2, 1, new float[]{7, 12}, new int[]{4}, null, 35, false));
        assertEquals(4 / (2 + 1e-5), te.x()[0], 1e-6);
        assertEquals(0, te.x()[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> SpeechCommands.PerStep.fit(tr.head(1)));
    }

    @Test
    void rejectsBadLayoutsNamingThePath() throws Exception {
        assertMessage(() -> SpeechCommands.clips(root.resolve("nope"), SpeechCommands.Split.TRAIN, 0), "nope", "missing");
        assertMessage(() -> SpeechCommands.clips(root, SpeechCommands.Split.TRAIN, 0), "validation_list.txt", "missing");
        Files.writeString(root.resolve("validation_list.txt"), "");
        Files.writeString(root.resolve("testing_list.txt"), "");
        assertMessage(() -> SpeechCommands.clips(root, SpeechCommands.Split.TRAIN, 0), "no word folders");
        clip(root.resolve("yes/a.wav"), 10, 1);
        assertMessage(() -> SpeechCommands.clips(root, SpeechCommands.Split.TEST, 0), "test split", "empty split");
        wav(root.resolve("yes/b.wav"), 0, chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("data", pcm(samples(4, 1))));
        assertMessage(() -> SpeechCommands.load(root, SpeechCommands.Split.TRAIN, 0, false), "b.wav", "8000 Hz");
        clip(root.resolve("yess/a.wav"), 10, 1);
        assertMessage(() -> SpeechCommands.clips(root, SpeechCommands.Split.TRAIN, 0), "yess", "not one of the 35");
    }
}
