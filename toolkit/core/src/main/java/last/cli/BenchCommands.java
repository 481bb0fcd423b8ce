package last.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The benchmarks (not tests) as sub-commands: {@code ./last cli bench-train | bench-compare | bench-profile | bench-pruned-layer | bench-table8 | bench-norm | bench-pathfinder}. */
final class BenchCommands {
    private BenchCommands() {}

    @Command(name = "bench-train", mixinStandardHelpOptions = true, description = "Training and inference throughput of S5 and S4D stacks; no arguments = the speed issue's grid.")
    static final class Train implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "S5 or S4D") String kind;
        @Parameters(index = "1", arity = "0..1", paramLabel = "L", defaultValue = "784") int len;
        @Parameters(index = "2", arity = "0..1", paramLabel = "H", defaultValue = "64") int h;
        @Parameters(index = "3", arity = "0..1", paramLabel = "P", defaultValue = "64") int p;
        @Parameters(index = "4", arity = "0..1", paramLabel = "LAYERS", defaultValue = "4") int layers;
        @Parameters(index = "5", arity = "0..1", paramLabel = "BATCH", defaultValue = "32") int batch;
        @Parameters(index = "6", arity = "0..1", paramLabel = "STEPS", defaultValue = "4") int steps;
        @Option(names = "--json", description = "print one JSON line (read by bench-compare)") boolean json;

        @Override
        public Integer call() {
            if (kind == null) last.bench.TrainBench.runGrid();
            else {
                var r = last.bench.TrainBench.run(kind, len, h, p, layers, batch, steps);
                System.out.println(json ? r.json() : r.row());
            }
            return 0;
        }
    }

    @Command(name = "bench-compare", mixinStandardHelpOptions = true, description = "The speed issue's table rerun: S5 and S4D training step, inference and memory "
            + "per iteration against the same model in PyTorch (tools/bench_pytorch.py, when a Python with torch is found), each run in a fresh process, "
            + "alternating round by round; medians and spread.")
    static final class Compare implements Callable<Integer> {
        @Option(names = "--rounds", defaultValue = "5", description = "alternating rounds (default ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--length", defaultValue = "784", description = "L (default ${DEFAULT-VALUE})") int len;
        @Option(names = "--h", defaultValue = "64", description = "H (default ${DEFAULT-VALUE})") int h;
        @Option(names = "--p", defaultValue = "64", description = "P (default ${DEFAULT-VALUE})") int p;
        @Option(names = "--layers", defaultValue = "4", description = "layers (default ${DEFAULT-VALUE})") int layers;
        @Option(names = "--batch", defaultValue = "32", description = "batch (default ${DEFAULT-VALUE})") int batch;
        @Option(names = "--steps", defaultValue = "5", description = "timed steps per run, after 2 warm-up steps (default ${DEFAULT-VALUE})") int steps;
        @Option(names = "--threads", defaultValue = "2", description = "intra-op threads on both sides (default ${DEFAULT-VALUE})") int threads;
        @Option(names = "--script", defaultValue = "tools/bench_pytorch.py", description = "the PyTorch side (default ${DEFAULT-VALUE})") java.nio.file.Path script;

        @Override
        public Integer call() {
            last.bench.TorchComparison.run(rounds, len, h, p, layers, batch, steps, threads, script);
            return 0;
        }
    }

    @Command(name = "bench-profile", mixinStandardHelpOptions = true, description = "Where a training step's time goes: the engine's operator "
            + "profiler over a few steps of the bench-train model, self time per operator and per category (elementwise, copy/fill, FFT, matmul).")
    static final class Profile implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", defaultValue = "S5", description = "S5 or S4D") String kind;
        @Parameters(index = "1", arity = "0..1", paramLabel = "L", defaultValue = "784") int len;
        @Parameters(index = "2", arity = "0..1", paramLabel = "H", defaultValue = "64") int h;
        @Parameters(index = "3", arity = "0..1", paramLabel = "P", defaultValue = "64") int p;
        @Parameters(index = "4", arity = "0..1", paramLabel = "LAYERS", defaultValue = "4") int layers;
        @Parameters(index = "5", arity = "0..1", paramLabel = "BATCH", defaultValue = "32") int batch;
        @Parameters(index = "6", arity = "0..1", paramLabel = "STEPS", defaultValue = "3") int steps;
        @Option(names = "--top", defaultValue = "15", description = "operators listed (default ${DEFAULT-VALUE})") int top;
        @Option(names = "--trace", description = "keep the engine's Chrome trace (JSON) here") java.nio.file.Path trace;

        @Override
        public Integer call() {
            System.out.print(last.bench.StepProfile.run(kind, len, h, p, layers, batch, steps, trace).report(top));
            return 0;
        }
    }

    @Command(name = "bench-table8", mixinStandardHelpOptions = true, description = "Table 8 outside the notebooks: each checkpoint physically "
            + "pruned at LAST's reported ratio (from its committed sweeps) and at --ratios, timed against the full model in one-thread CPU time "
            + "(Speed.table8); run it twice to see whether the table survives a rerun.")
    static final class Table8 implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "CHECKPOINT", description = "checkpoint names under data/checkpoints "
                + "(default: notebook 04's pixel-level S5 checkpoints, MainCheckpoints)") java.util.List<String> names;
        @Option(names = "--ratios", split = ",", defaultValue = "50", description = "extra ratios in percent (default ${DEFAULT-VALUE})") int[] ratios;
        @Option(names = "--batch", defaultValue = "32", description = "sequences per timed pass (default ${DEFAULT-VALUE})") int batch;
        @Option(names = "--warmup", defaultValue = "1", description = "warm-up passes of each model (default ${DEFAULT-VALUE})") int warmup;
        @Option(names = "--repeats", defaultValue = "7", description = "alternating rounds (default ${DEFAULT-VALUE})") int repeats;
        @Option(names = "--out", description = "also write the table as CSV here") java.nio.file.Path out;

        @Override
        public Integer call() throws Exception {
            var root = java.nio.file.Path.of("data");
            var list = names == null || names.isEmpty()
                    ? last.experiment.MainCheckpoints.names(root.resolve("checkpoints"), root.resolve("results"),
                            java.util.List.of("smnist-s5", "psmnist-s5", "scifar-fmnist-s5"))
                    : names;
            for (String n : list)
                if (!java.nio.file.Files.isRegularFile(root.resolve("checkpoints").resolve(n).resolve("model.json")))
                    throw new IllegalArgumentException("bench-table8: no trained checkpoint data/checkpoints/" + n + " (model.json missing)");
            var sweeps = last.experiment.Sweep.loadAll(root.resolve("checkpoints"), root.resolve("results"), list, System.out);
            var t = last.experiment.Speed.table8(root.resolve("checkpoints"), list,
                    last.experiment.Reports.stack(new java.util.ArrayList<>(sweeps.values())), ratios, batch, warmup, repeats);
            System.out.println(t.printAll());
            if (out != null) last.experiment.ResultFiles.saveCsv(t, out);
            return 0;
        }
    }

    @Command(name = "bench-pruned-layer", mixinStandardHelpOptions = true, description = "Does a physically pruned S5/S4D layer cost in proportion to its size? "
            + "Interleaved medians against the ideal fixed + proportional cost.")
    static final class PrunedLayer implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", defaultValue = "S5", description = "S5 or S4D") String kind;
        @Parameters(index = "1", arity = "0..1", paramLabel = "L", defaultValue = "784") int len;
        @Parameters(index = "2", arity = "0..1", paramLabel = "H", defaultValue = "64") int h;
        @Parameters(index = "3", arity = "0..1", paramLabel = "P", defaultValue = "64") int p;
        @Parameters(index = "4", arity = "0..1", paramLabel = "BATCH", defaultValue = "32") int batch;
        @Parameters(index = "5", arity = "0..1", paramLabel = "REPS", defaultValue = "15") int reps;
        @Option(names = "--forward-only", description = "time the forward pass only (default: forward + backward)") boolean forwardOnly;
        @Option(names = "--keep", split = ",", defaultValue = "1,0.5,0.2", description = "kept fractions, must include 1 (default ${DEFAULT-VALUE})") double[] keep;

        @Override
        public Integer call() {
            last.bench.PrunedLayerBench.run(kind, len, h, p, batch, reps, !forwardOnly, keep);
            return 0;
        }
    }

    @Command(name = "bench-norm", mixinStandardHelpOptions = true, description = "The dense H-inf level-set iteration against a 10^4-point frequency sweep.")
    static final class Norm implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "N", description = "state dimensions (default 16 64 256)") int[] sizes;

        @Override
        public Integer call() {
            last.bench.NormBench.run(sizes == null || sizes.length == 0 ? new int[]{16, 64, 256} : sizes);
            return 0;
        }
    }

    @Command(name = "bench-pathfinder", mixinStandardHelpOptions = true, description = "Pathfinder/Path-X generation speed and a checksum per thread count (exit 1 when outputs differ).")
    static final class PathfinderGen implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "N32", defaultValue = "4000") int n32;
        @Parameters(index = "1", arity = "0..1", paramLabel = "N64", defaultValue = "100") int n64;
        @Parameters(index = "2", arity = "0..1", paramLabel = "N128", defaultValue = "100") int n128;
        @Parameters(index = "3", arity = "0..1", paramLabel = "THREADS", defaultValue = "2") int threads;

        @Override
        public Integer call() {
            return last.bench.PathfinderBench.run(new int[]{n32, n64, n128}, threads) ? 0 : 1;
        }
    }
}
