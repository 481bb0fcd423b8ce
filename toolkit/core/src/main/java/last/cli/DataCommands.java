package last.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import last.data.generate.Pathfinder;
import last.data.generate.SpeechSynth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The data generators' command-line entry points, formerly hand-parsed {@code main} methods of
 * {@link SpeechSynth} and {@link Pathfinder}: {@code speech-synth} and {@code pathfinder-samples}.
 */
final class DataCommands {
    private DataCommands() {}

    @Command(name = "speech-synth", mixinStandardHelpOptions = true, description = "Generate (or find) the synthesised Speech Commands cache and print its sizes.")
    static final class SpeechSynthCmd implements Callable<Integer> {
        @Parameters(index = "0", description = "cache directory") Path cacheDir;
        @Parameters(index = "1", description = "clips per word per voice") int clipsPerWordPerVoice;
        @Parameters(index = "2", description = "seed") long seed;
        @Parameters(index = "3", arity = "0..1", description = "threads (default: min(4, cores))") Integer threads;

        @Override
        public Integer call() {
            int t = threads != null ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
            long t0 = System.nanoTime();
            Path f = SpeechSynth.prepare(cacheDir, clipsPerWordPerVoice, seed, t, System.out);
            SpeechSynth.Header h = SpeechSynth.verify(f);
            int[] c = h.counts();
            System.out.printf(Locale.ROOT, "%s: %d clips (train %d, val %d, test %d), %s; %.1f s%n", f, h.clips(), c[0], c[1], c[2],
                    h.engines(), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "pathfinder-samples", mixinStandardHelpOptions = true, description = "Write Pathfinder sample grids (32 x 32; optionally 64 x 64 and 128 x 128) as PNG.")
    static final class PathfinderSamplesCmd implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", defaultValue = "figures/pathfinder-samples.png", description = "32 x 32 grid (PNG)") Path png32;
        @Parameters(index = "1", arity = "0..1", description = "64 x 64 grid (PNG)") Path png64;
        @Parameters(index = "2", arity = "0..1", description = "128 x 128 grid (PNG)") Path png128;

        @Override
        public Integer call() throws Exception {
            int threads = Runtime.getRuntime().availableProcessors();
            Pathfinder.writeGrid(png32, Pathfinder.images(Pathfinder.Params.PF32, 32, 1, threads), 4, 8, 4);
            if (png64 != null) Pathfinder.writeGrid(png64, Pathfinder.images(Pathfinder.Params.PF64, 8, 1, threads), 2, 4, 2);
            if (png128 != null) Pathfinder.writeGrid(png128, Pathfinder.images(Pathfinder.Params.PF128, 8, 1, threads), 2, 4, 1);
            return 0;
        }
    }
}
