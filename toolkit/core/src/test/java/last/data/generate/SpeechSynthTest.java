package last.data.generate;

import static last.data.original.Cifar10Test.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import last.data.original.SpeechCommands;
import last.data.original.SpeechCommands.Split;
import last.data.generate.SpeechSynth.Engine;
import last.data.generate.SpeechSynth.Noise;
import last.data.generate.SpeechSynth.Voice;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechSynthTest {
    @TempDir Path dir;

    private static float[] sine(double hz, double rate, int n) {
        float[] x = new float[n];
        for (int t = 0; t < n; t++) x[t] = (float) Math.sin(2 * Math.PI * hz * t / rate);
        return x;
    }

    private static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    // ------------------------------------------------------------------ pure Java: resampler, noise, mixing, rendering

    @Test
    void resamplerKeepsALowSineAndRemovesOneAboveTheNewNyquist() {
        float[] low = SpeechSynth.resample(sine(440, 22050, 22050), 22050, 16000);
        assertEquals(16000, low.length);
        float[] want = sine(440, 16000, 16000);
        double err = 0;
        for (int t = 200; t < 15800; t++) err = Math.max(err, Math.abs(low[t] - want[t]));
        assertTrue(err < 2e-3, "440 Hz sine changed by up to " + err);

        for (double hz : new double[]{8200, 9000, 10000}) {               // above 8 kHz: would alias into the band
            float[] high = SpeechSynth.resample(sine(hz, 22050, 22050), 22050, 16000);
            double r = rms(high, 200, 15800) / Math.sqrt(0.5);
            assertTrue(r < 1e-3, hz + " Hz sine kept at " + 20 * Math.log10(r) + " dB");
        }
        float[] pass = SpeechSynth.resample(sine(6000, 22050, 22050), 22050, 16000);   // inside the pass band
        assertEquals(1, rms(pass, 200, 15800) / Math.sqrt(0.5), 0.01);

        float[] up = SpeechSynth.resample(sine(1000, 8000, 8000), 8000, 16000);         // kal's 8 kHz upsampled
        assertEquals(16000, up.length);
        float[] want2 = sine(1000, 16000, 16000);
        double err2 = 0;
        for (int t = 200; t < 15800; t++) err2 = Math.max(err2, Math.abs(up[t] - want2[t]));
        assertTrue(err2 < 2e-3, "upsampled 1 kHz sine changed by up to " + err2);
        assertMessage(() -> SpeechSynth.resample(new float[3], 0, 16000), "bad rates");
    }

    @Test
    void noiseHasUnitRmsTheRequestedColourAndDependsOnlyOnTheSeed() {
        double[] want = {1 / 16.0, 1, 16};                                 // P(100-200 Hz) / P(1.6-3.2 kHz)
        for (Noise type : Noise.values()) {
            float[] a = SpeechSynth.noise(type, 16000, 7);
            assertArrayEquals(a, SpeechSynth.noise(type, 16000, 7));
            assertFalse(Arrays.equals(a, SpeechSynth.noise(type, 16000, 8)));
            assertEquals(1, rms(a, 0, a.length), 1e-4);
            double[] re = new double[16384], im = new double[16384];
            for (int i = 0; i < a.length; i++) re[i] = a[i];
            SpeechSynth.fft(re, im, false);
            double lo = band(re, im, 100, 200), hi = band(re, im, 1600, 3200);
            double ratio = lo / hi;
            assertTrue(ratio > want[type.ordinal()] / 1.6 && ratio < want[type.ordinal()] * 1.6,
                    type + ": band power ratio " + ratio + ", expected about " + want[type.ordinal()]);
        }
    }

    private static double band(double[] re, double[] im, double f0, double f1) {
        double s = 0;
        int n = re.length;
        for (int k = (int) Math.ceil(f0 * n / 16000.0); k < f1 * n / 16000.0; k++) s += re[k] * re[k] + im[k] * im[k];
        return s;
    }

    @Test
    void noiseIsAddedAtTheRequestedSnrOverTheSignalsExtent() {
        for (Noise type : Noise.values())
            for (double snr : new double[]{5, 12.5, 30}) {
                float[] clean = new float[16000];
                float[] s = sine(440, 16000, 16000);
                for (int t = 3000; t < 11000; t++) clean[t] = 0.3f * s[t];
                float[] mixed = clean.clone();
                SpeechSynth.addNoise(mixed, 3000, 11000, SpeechSynth.noise(type, 16000, 1), snr);
                float[] n = new float[16000];
                for (int t = 0; t < n.length; t++) n[t] = mixed[t] - clean[t];
                double got = 20 * Math.log10(rms(clean, 3000, 11000) / rms(n, 0, 16000));
                assertEquals(snr, got, 0.02, type + " at " + snr + " dB");
            }
        assertMessage(() -> SpeechSynth.addNoise(new float[10], 0, 10, new float[10], 10), "silent signal");
        assertMessage(() -> SpeechSynth.addNoise(new float[10], 0, 10, new float[9], 10), "9 noise samples");
    }

    /** A fake engine output: silence, a 0.4 s two-tone "word" with an envelope, silence, at 22,050 Hz. */
    private static short[] fakeWord() {
        short[] s = new short[22050];
        for (int t = 4000; t < 4000 + 8820; t++) {
            double u = (t - 4000) / 8820.0, env = Math.sin(Math.PI * u);
            s[t] = (short) (12000 * env * (0.7 * Math.sin(2 * Math.PI * 180 * t / 22050.0) + 0.3 * Math.sin(2 * Math.PI * 1200 * t / 22050.0)));
        }
        return s;
    }

    @Test
    void renderingMakesOneSecondClipsAtTheRequestedLevelAndOffset() {
        SpeechSynth.Params p = new SpeechSynth.Params(150, 50, 1.05, -6, 0.0, Noise.PINK, 30, 3);
        short[] a = SpeechSynth.render(fakeWord(), 22050, p);
        assertEquals(16000, a.length);
        assertArrayEquals(a, SpeechSynth.render(fakeWord(), 22050, p));
        float[] x = SpeechCommands.fixLength(a, 16000);
        // offset 0: the word (0.4 s / 1.05 plus margins, about 6,400 samples) starts the clip; after it only noise
        double peak = 0;
        for (int t = 0; t < 7000; t++) peak = Math.max(peak, Math.abs(x[t]));
        assertEquals(Math.pow(10, -6 / 20.0), peak, 0.05);
        assertTrue(rms(x, 8000, 16000) < rms(x, 0, 6000) / 10, "the tail should be noise 30 dB down");
        short[] late = SpeechSynth.render(fakeWord(), 22050, new SpeechSynth.Params(150, 50, 1.05, -6, 0.999, Noise.WHITE, 30, 3));
        float[] y = SpeechCommands.fixLength(late, 16000);
        assertTrue(rms(y, 0, 8000) < rms(y, 10000, 16000) / 10, "offset near 1 puts the word at the end");
        assertMessage(() -> SpeechSynth.render(new short[22050], 22050, p), "silent audio");

        short[] slow = new short[30000];                                     // a 1.3 s "word": sped up to fit, never cut
        for (int t = 0; t < slow.length; t++) slow[t] = (short) (10000 * Math.sin(Math.PI * t / slow.length) * Math.sin(2 * Math.PI * 300 * t / 22050.0));
        float[] z = SpeechCommands.fixLength(SpeechSynth.render(slow, 22050, new SpeechSynth.Params(150, 50, 0.9, -6, 0.5, Noise.BROWN, 30, 3)), 16000);
        int loudest = 0;
        for (int k = 1; k < 100; k++) if (rms(z, 160 * k, 160 * k + 160) > rms(z, 160 * loudest, 160 * loudest + 160)) loudest = k;
        assertEquals(50, loudest, 3, "the envelope's peak should stay in the middle of the clip");
    }

    // ------------------------------------------------------------------ voices and splits

    @Test
    void testVoicesAreHeldOutWholeAndValidationIsSeeded() {
        assertEquals(8 * 14 + 5, SpeechSynth.VOICES.size());
        assertEquals(SpeechSynth.VOICES.size(), SpeechSynth.VOICES.stream().map(Voice::id).distinct().count());
        Split[] s = SpeechSynth.voiceSplits(SpeechSynth.VOICES, 1);
        int[] c = new int[3];
        for (int i = 0; i < s.length; i++) {
            Voice v = SpeechSynth.VOICES.get(i);
            c[s[i].ordinal()]++;
            boolean test = v.accent().equals("en-gb-scotland") || Set.of("m4", "f3").contains(v.variant()) || v.id().equals("flite:slt");
            assertEquals(test, s[i] == Split.TEST, v.id());
            assertEquals(v, Voice.parse(v.id()));
        }
        assertArrayEquals(new int[]{75, 13, 29}, c);
        assertArrayEquals(s, SpeechSynth.voiceSplits(SpeechSynth.VOICES, 1));
        Split[] other = SpeechSynth.voiceSplits(SpeechSynth.VOICES, 2);
        assertFalse(Arrays.equals(s, other), "another seed should choose other validation voices");
        for (int i = 0; i < s.length; i++) assertEquals(s[i] == Split.TEST, other[i] == Split.TEST);
    }

    // ------------------------------------------------------------------ cache format (no engine needed)

    private static SpeechSynth.Header header(int takes) {
        List<Voice> voices = List.of(new Voice(Engine.ESPEAK, "en-us"), new Voice(Engine.ESPEAK, "en-gb-scotland"),
                new Voice(Engine.FLITE, "awb"));
        Split[] split = {Split.TRAIN, Split.TEST, Split.VAL};
        int n = voices.size() * 2 * takes;
        int[] cw = new int[n], cv = new int[n];
        for (int v = 0, i = 0; v < 3; v++) for (int w : new int[]{4, 30}) for (int k = 0; k < takes; k++, i++) { cw[i] = w; cv[i] = v; }
        return new SpeechSynth.Header(SpeechSynth.RECIPE, 5, takes, "test", SpeechCommands.WORDS, voices, split, cw, cv);
    }

    private static short[] pcm(int i) {
        short[] s = new short[16000];
        for (int t = 0; t < s.length; t++) s[t] = (short) (i * 1000 + 13 * t - 20000);
        return s;
    }

    private Path writeFake(SpeechSynth.Header h) {
        Path f = dir.resolve("fake.npz");
        SpeechSynth.writeFile(f, h, (Consumer<short[]> sink) -> { for (int i = 0; i < h.clips(); i++) sink.accept(pcm(i)); });
        return f;
    }

    @Test
    void cacheRoundTripsAndRefusesTruncatedOrCorruptFiles() throws Exception {
        SpeechSynth.Header h = header(2);
        Path f = writeFake(h);
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "the temp file should be gone"); }
        SpeechSynth.Splits d = SpeechSynth.load(f);
        assertEquals(4, d.train().size());
        assertEquals(4, d.val().size());
        assertEquals(4, d.test().size());
        assertEquals(16000, d.train().length());
        assertEquals(1, d.train().features());
        assertEquals(35, d.test().classes());
        assertEquals("speech35synth/test", d.test().name());
        assertArrayEquals(new int[]{4, 4, 30, 30}, d.test().labels());
        assertArrayEquals(new int[]{1, 1, 1, 1}, d.testVoice());
        assertArrayEquals(new int[]{2, 2, 2, 2}, d.valVoice());
        short[] p4 = pcm(4);                                   // clips 4-7 are voice 1's, the test split
        for (int t = 0; t < 16000; t++) assertEquals(p4[t] / 32768f, d.test().x()[t]);
        assertEquals(8000, d.test8k().length());
        assertEquals("speech35synth-8k/test", d.test8k().name());
        for (int t = 0; t < 8000; t++) assertEquals(d.test().x()[16000 + 2 * t], d.test8k().x()[8000 + t]);
        assertEquals(5, SpeechSynth.verify(f).seed());

        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(all, all.length - 1));
        assertMessage(() -> SpeechSynth.load(cut), "cut.npz", "truncated");
        Files.write(cut, Arrays.copyOf(all, 100));
        assertMessage(() -> SpeechSynth.load(cut), "cut.npz", "truncated");
        assertMessage(() -> SpeechSynth.verify(cut), "cut.npz", "truncated");
        byte[] flipped = all.clone();
        flipped[all.length / 2] ^= 1;                          // inside the clips
        Path bad = dir.resolve("bad.npz");
        Files.write(bad, flipped);
        assertMessage(() -> SpeechSynth.load(bad), "bad.npz", "corrupt", "'clips'", "CRC-32");
        assertMessage(() -> SpeechSynth.verify(bad), "bad.npz", "corrupt", "CRC-32");
        byte[] magic = all.clone();
        magic[0] = 'X';                                        // the first member's local zip header
        Files.write(bad, magic);
        assertMessage(() -> SpeechSynth.load(bad), "bad.npz", "corrupt");
        // an .npz of other arrays is named as such
        Path other = dir.resolve("other.npz");
        last.io.Npz.write(other, java.util.Map.of("w", last.io.HostArray.of(new float[]{1, 2}, 2)));
        assertMessage(() -> SpeechSynth.load(other), "other.npz", "not a speech cache file", "'w'");
        assertMessage(() -> SpeechSynth.load(dir.resolve("none.npz")), "missing speech cache file");
        // a failed write (too few clips) leaves the previous file as it was and no temp file behind
        assertMessage(() -> SpeechSynth.writeFile(f, h, (Consumer<short[]> sink) -> { for (int i = 0; i < 5; i++) sink.accept(pcm(i)); }),
                "5 clips for the 12 in the header");
        assertArrayEquals(all, Files.readAllBytes(f));
        try (var s = Files.list(dir)) { assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count()); }
    }

    @Test
    void aMissingEngineIsReportedWithHowToInstallIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SpeechSynth.run(Engine.ESPEAK, List.of("espeak-ng-not-installed-here", "--version")));
        assertTrue(e.getMessage().contains("apt-get install espeak-ng"), e.getMessage());
    }

    // ------------------------------------------------------------------ with the engines (skipped without them)

    @Test
    void espeakIsDeterministicForTheSameArguments() throws Exception {
        Assumptions.assumeTrue(SpeechSynth.available(Engine.ESPEAK), "espeak-ng is not installed");
        Voice v = new Voice(Engine.ESPEAK, "en-gb-x-rp+f2");
        SpeechSynth.Params p = SpeechSynth.draw(v, 16, 0, 1);
        SpeechSynth.speak(v, "marvin", p, dir.resolve("a.wav"));
        SpeechSynth.speak(v, "marvin", p, dir.resolve("b.wav"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.wav")), Files.readAllBytes(dir.resolve("b.wav")));
        assertEquals(SpeechSynth.ESPEAK_RATE, SpeechCommands.readWav(dir.resolve("a.wav")).sampleRate());
        assertTrue(SpeechSynth.version(Engine.ESPEAK).startsWith("eSpeak"), SpeechSynth.version(Engine.ESPEAK));
    }

    @Test
    void fliteIsDeterministicForTheSameArguments() throws Exception {
        Assumptions.assumeTrue(SpeechSynth.available(Engine.FLITE), "flite is not installed");
        assertTrue(SpeechSynth.version(Engine.FLITE).startsWith("flite"), SpeechSynth.version(Engine.FLITE));
        for (String name : List.of("slt", "kal")) {
            Voice v = new Voice(Engine.FLITE, name);
            SpeechSynth.Params p = SpeechSynth.draw(v, 5, 0, 1);
            SpeechSynth.speak(v, "down", p, dir.resolve("a.wav"));
            SpeechSynth.speak(v, "down", p, dir.resolve("b.wav"));
            assertArrayEquals(Files.readAllBytes(dir.resolve("a.wav")), Files.readAllBytes(dir.resolve("b.wav")), name);
            assertEquals(name.equals("kal") ? 8000 : 16000, SpeechCommands.readWav(dir.resolve("a.wav")).sampleRate());
        }
    }

    @Test
    void tinyGenerationIsDeterministicAndIndependentOfThreads() {
        Assumptions.assumeTrue(SpeechSynth.available(Engine.ESPEAK), "espeak-ng is not installed");
        List<Voice> voices = new ArrayList<>(List.of(new Voice(Engine.ESPEAK, "en-us+m3"), new Voice(Engine.ESPEAK, "en-gb-scotland")));
        if (SpeechSynth.available(Engine.FLITE)) voices.add(new Voice(Engine.FLITE, "awb"));
        List<Integer> words = List.of(0, 24, 33);                            // backward, sheila, yes
        List<SpeechSynth.Clip> a = SpeechSynth.generate(voices, words, 1, 11, 1);
        List<SpeechSynth.Clip> b = SpeechSynth.generate(voices, words, 1, 11, 2);
        assertEquals(voices.size() * 3, a.size());
        for (int i = 0; i < a.size(); i++) {
            SpeechSynth.Clip c = a.get(i);
            assertEquals(c.voice(), b.get(i).voice());
            assertEquals(c.params(), b.get(i).params());
            assertArrayEquals(c.pcm(), b.get(i).pcm(), "clip " + i + " differs between 1 and 2 threads");
            assertEquals(16000, c.pcm().length);
            float[] x = SpeechCommands.fixLength(c.pcm(), 16000);
            double r = rms(x, 0, x.length), peak = 0;
            for (float f : x) { assertTrue(Float.isFinite(f)); peak = Math.max(peak, Math.abs(f)); }
            assertTrue(r > 1e-3 && r < 0.5, c.voice().id() + " '" + SpeechCommands.WORDS.get(c.word()) + "': RMS " + r);
            assertTrue(peak > 0.05 && peak <= 1, "peak " + peak);
        }
        assertFalse(Arrays.equals(a.get(0).pcm(), SpeechSynth.generate(voices.subList(0, 1), List.of(0), 1, 12, 1).get(0).pcm()),
                "another seed should give another clip");
    }

    @Test
    void generatedCacheKeepsHeldOutVoicesOutOfTraining() {
        Assumptions.assumeTrue(SpeechSynth.available(Engine.ESPEAK), "espeak-ng is not installed");
        List<Voice> voices = List.of(new Voice(Engine.ESPEAK, "en+f1"), new Voice(Engine.ESPEAK, "en-us+m4"),
                new Voice(Engine.ESPEAK, "en-029"), new Voice(Engine.ESPEAK, "en-gb-scotland+m2"));
        Path f = dir.resolve("tiny.bin");
        SpeechSynth.Header h = SpeechSynth.write(f, voices, List.of(7, 21), 1, 3, 2, null);
        SpeechSynth.Splits d = SpeechSynth.load(f);
        assertEquals(h.clips(), d.train().size() + d.val().size() + d.test().size());
        assertEquals(4, d.test().size());                                     // en-us+m4 and en-gb-scotland+m2, 2 words each
        for (int v : d.trainVoice()) assertFalse(SpeechSynth.heldOutForTest(d.voices().get(v)), d.voices().get(v).id());
        for (int v : d.valVoice()) assertFalse(SpeechSynth.heldOutForTest(d.voices().get(v)), d.voices().get(v).id());
        for (int v : d.testVoice()) assertTrue(SpeechSynth.heldOutForTest(d.voices().get(v)), d.voices().get(v).id());
        List<SpeechSynth.Clip> again = SpeechSynth.generate(voices, List.of(7, 21), 1, 3, 1);
        int k = 0;
        for (SpeechSynth.Clip c : again)                                     // the file holds exactly the generated clips
            if (SpeechSynth.heldOutForTest(c.voice())) {
                float[] x = SpeechCommands.fixLength(c.pcm(), 16000);
                assertArrayEquals(x, Arrays.copyOfRange(d.test().x(), k * 16000, (k + 1) * 16000));
                k++;
            }
        assertEquals(4, k);
    }
}
