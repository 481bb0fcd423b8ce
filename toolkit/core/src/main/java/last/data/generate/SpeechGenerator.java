package last.data.generate;

import last.data.DataPaths;
import last.data.original.SpeechCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import last.data.generate.SpeechSynth.Clip;
import last.data.generate.SpeechSynth.Params;
import last.data.generate.SpeechSynth.Voice;

/**
 * Clip generation of {@link SpeechSynth}: one clip (draw, speak, render), and many on a thread pool, handed over in
 * voice-major order whatever the thread count. Reached through {@link SpeechSynth}'s entry points of the same names.
 */
final class SpeechGenerator {
    private SpeechGenerator() {}

    /** Generates one clip (the engine writes to a file in {@code tmpDir}). */
    static Clip clip(Voice v, int word, int take, long seed, Path tmpDir) {
        Params p = SpeechSynth.draw(v, word, take, seed);
        Path wav = tmpDir.resolve(v.id().replaceAll("[^A-Za-z0-9.+-]", "_") + "-" + word + "-" + take + ".wav");
        try {
            SpeechCommands.Wav w = SpeechEngines.speak(v, SpeechCommands.WORDS.get(word), p, wav);
            try {
                return new Clip(v, word, take, p, SpeechDsp.render(w.samples(), w.sampleRate(), p));
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException(v.id() + " saying '" + SpeechCommands.WORDS.get(word) + "' (" + String.join(" ",
                        SpeechEngines.command(v, SpeechCommands.WORDS.get(word), p, wav)) + "): " + ex.getMessage(), ex);
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
    static void generate(List<Voice> voices, List<Integer> words, int takes, long seed, int threads, Consumer<Clip> sink) {
        if (takes < 1) throw new IllegalArgumentException("clips per word per voice must be >= 1, not " + takes);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        for (int w : words)
            if (w < 0 || w >= SpeechCommands.WORDS.size()) throw new IllegalArgumentException("word index " + w + " is outside [0, 35)");
        SpeechEngines.requireEngines(voices);
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
    static List<Clip> generate(List<Voice> voices, List<Integer> words, int takes, long seed, int threads) {
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

}
