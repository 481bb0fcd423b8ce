package last.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import last.experiment.RunConfig;
import last.experiment.Tasks;
import last.model.Checkpoint;
import last.model.SequenceModel;
import last.train.Evaluation;
import last.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The toolkit's command line: {@code train}, {@code eval}, {@code sweep}, {@code bench-train}, {@code prepare}, and the
 * generators' {@code speech-synth} and {@code pathfinder-samples} ({@link DataCommands}). Run
 * through {@code ./last cli ...}. A bad input (config, checkpoint, data file, argument) is reported as one line
 * {@code error: <message naming the file, field or value>} with exit status 2; the stack trace, useful only for a
 * bug in the toolkit, is printed only with {@code --verbose}.
 */
@Command(name = "last", mixinStandardHelpOptions = true, version = last.Toolkit.VERSION,
        description = "Deep SSMs and LAST state pruning.", subcommands = {Main.Train.class, Main.Eval.class, Main.SweepCmd.class, Main.PrepareCmd.class,
                BenchCommands.Train.class, BenchCommands.Compare.class, BenchCommands.Profile.class, BenchCommands.PrunedLayer.class, BenchCommands.Table8.class, BenchCommands.Norm.class, BenchCommands.PathfinderGen.class,
                DataCommands.SpeechSynthCmd.class, DataCommands.PathfinderSamplesCmd.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "print the stack trace of an error")
    boolean verbose;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        last.Toolkit.quietLibraryLogs();
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: what {@link #main} runs, and what tests call {@code execute} on. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (!(ex instanceof IllegalArgumentException || ex instanceof IllegalStateException || ex instanceof java.io.UncheckedIOException))
                throw ex;                                                   // a bug: keep the trace
            cmd.getErr().println("error: " + ex.getMessage());
            boolean verbose = false;
            for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) verbose |= r.hasMatchedOption("--verbose");
            if (verbose) ex.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
            return 2;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            // a mistyped argument: one line naming it, and where the usage is (not the whole usage text)
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().println("usage: ./last cli " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help");
            cmd.getErr().flush();
            return 2;
        });
        return cl;
    }

    /**
     * Refuses a checkpoint whose {@code config.json} (the run config it was trained from, or the one given) disagrees
     * with its {@code model.json} sidecar on the task or the model architecture: evaluating or pruning such a
     * checkpoint would report numbers for another task or architecture than the one named.
     */
    static void checkCheckpointMatches(Path dir, Path configFile, RunConfig c) { RunConfig.checkMatches(dir, configFile, c); }

    /**
     * Sets PyTorch's intra-op thread count before the engine starts ({@code 0} keeps the engine default, one per
     * core). One thread lets a sweep share the machine with a training run without taking both cores.
     */
    static void engineThreads(int threads) {
        if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0 (0 = one per core) but is " + threads);
        if (threads == 0) return;
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model from a run config; writes a checkpoint every epoch.")
    static final class Train implements Callable<Integer> {
        @Parameters(index = "0", description = "run config (JSON), e.g. data/configs/smnist-s5.cpu.json") Path config;
        @Option(names = "--out", required = true, description = "checkpoint directory") Path out;
        @Option(names = "--resume", description = "continue from the checkpoint in --out") boolean resume;
        @Option(names = "--eval-samples", defaultValue = "0", description = "validation examples per epoch (0 = all)") int evalSamples;
        @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads (part of what makes a run bit-reproducible; default 1)") int threads;

        @Override
        public Integer call() throws Exception {
            if (evalSamples < 0) throw new IllegalArgumentException("--eval-samples must be >= 0 (0 = all) but is " + evalSamples);
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1 but is " + threads);
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            RunConfig c = RunConfig.read(config);
            // validate everything before writing anything: a refused command leaves the directory as it was
            boolean exists = Files.isRegularFile(out.resolve("model.json"));
            if (exists && !resume)
                throw new IllegalArgumentException("a checkpoint already exists in " + out + ": add --resume to continue it, or choose another --out");
            if (resume && !exists)
                throw new IllegalArgumentException("--resume: there is no checkpoint in " + out + " (missing model.json); drop --resume to start a new run");
            if (resume && Files.isRegularFile(out.resolve("config.json"))
                    && !java.util.Arrays.equals(Files.readAllBytes(out.resolve("config.json")), Files.readAllBytes(config)))
                throw new IllegalArgumentException("--resume: " + config + " differs from the config.json the run in " + out + " started with");
            last.data.source.Prepare.verifyTask(c.task());   // the files the task reads match the manifest
            Tasks.Splits s = Tasks.load(c);
            System.out.printf("task %s: train %d, val %d, test %d (L = %d)%n", c.task(), s.train().size(), s.val().size(),
                    s.test().size(), s.train().length());
            Tasks.checkFits(c, s);
            Files.createDirectories(out);
            String command = "./last cli train " + config + " --out " + out + (evalSamples > 0 ? " --eval-samples " + evalSamples : "")
                    + " --threads " + threads;
            if (!resume) {
                Files.writeString(out.resolve("command.txt"), command + "\n");
                Files.copy(config, out.resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            var o = Trainer.train(Trainer.Run.of(SequenceModel.create(c.model()), s.train(), s.val(), c.train(), out, c.task(),
                    s.dataVersion()).withResume(resume).withEvalSamples(evalSamples));
            try (SequenceModel m = o.model()) {
                var test = Evaluation.evaluate(m, s.test(), Evaluation.batchSizeFor(s.test().length()));
                System.out.printf("test accuracy %.2f%% on %d examples (%s) after %.0f s%n", test.percent(), test.samples(),
                        s.test().name(), o.seconds());
                Files.writeString(out.resolve("test-accuracy.txt"), String.format(java.util.Locale.ROOT, "%.6f %d %s%n",
                        test.accuracy(), test.samples(), s.test().name()));
            }
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint on its task's test split.")
    static final class Eval implements Callable<Integer> {
        @Parameters(index = "0", description = "checkpoint directory") Path dir;
        @Option(names = "--config", description = "run config (default: config.json in the checkpoint directory)") Path config;
        @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (default 0: one per core)") int threads;

        @Override
        public Integer call() {
            engineThreads(threads);
            Path file = config != null ? config : dir.resolve("config.json");
            RunConfig c = RunConfig.read(file);
            checkCheckpointMatches(dir, file, c);
            last.data.source.Prepare.verifyTask(c.task());
            Tasks.Splits s = Tasks.load(c);
            try (SequenceModel m = Checkpoint.load(dir)) {
                var r = Evaluation.evaluate(m, s.test(), Evaluation.batchSizeFor(s.test().length()));
                System.out.printf("%s: accuracy %.2f%%, loss %.4f on %d examples (%s); states per layer %s%n", dir,
                        r.percent(), r.loss(), r.samples(), s.test().name(), java.util.Arrays.toString(m.statesPerLayer()));
            }
            return 0;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = "Prune a checkpoint with every method at 0, 10, ..., 90 %% and the end point; "
            + "writes the table as CSV (reused when the checkpoint and settings are unchanged).")
    static final class SweepCmd implements Callable<Integer> {
        @Parameters(index = "0", description = "checkpoint directory (with its config.json)") Path dir;
        @Option(names = "--out", description = "CSV (default: data/results/<checkpoint name>-sweep.csv)") Path out;
        @Option(names = "--samples", defaultValue = "" + last.experiment.Sweep.DEFAULT_SAMPLES, description = "test examples evaluated (first of the config's seeded test subset)") int samples;
        @Option(names = "--methods", defaultValue = "all", description = "all (every method), paper (the Fig. 2/6 curves), criteria (the paper's seven Table 6 criteria) or a comma-separated list of method names") String methods;
        @Option(names = "--ratios", description = "only these ratios in percent, e.g. 10,20,30,60 (0 is added; no end point); default: 0, 10, ..., 90 and the end point") String ratios;
        @Option(names = "--half-rate", description = "evaluate zero-shot at half the training sampling rate (audio tasks, Table 10): the half-rate test set, every step doubled (step_rescale 2); default --out data/results/<checkpoint>-halfrate-sweep.csv") boolean halfRate;
        @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (default 0: one per core; 1 leaves the other core to a training run)") int threads;

        @Override
        public Integer call() {
            engineThreads(threads);
            if (samples < 1) throw new IllegalArgumentException("--samples must be >= 1 but is " + samples);
            double[] ratioList = ratios == null ? null : last.experiment.Sweep.parseRatios(ratios);
            Path file = dir.resolve("config.json");
            RunConfig c = RunConfig.read(file);
            checkCheckpointMatches(dir, file, c);
            if (halfRate) last.experiment.Tasks.sampleRate(c.task());   // refuses a task without audio by name
            last.data.source.Prepare.verifyTask(c.task());
            Path csv = out != null ? out : Path.of("data/results", dir.getFileName() + (halfRate ? last.experiment.Sweep.HALF_RATE : "") + "-sweep.csv");
            var list = switch (methods) {
                case "all" -> last.experiment.Methods.ALL;
                case "paper" -> last.experiment.Methods.PAPER_CURVES;
                case "criteria" -> last.experiment.Claims.PAPER_CRITERIA;
                default -> last.experiment.Methods.parse(methods);
            };
            {
                var t = last.experiment.Sweep.forCheckpoint(dir, csv, list, samples, ratioList, halfRate, System.out);
                System.out.println(t.print(200));
                System.out.println("wrote " + last.Toolkit.show(csv));
            }
            return 0;
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true, description = "Fetch or generate every obtainable dataset into data/cache and write its manifest "
            + "(checksums); --verify only re-checks the cached files against the manifest.")
    static final class PrepareCmd implements Callable<Integer> {
        @Option(names = "--verify", description = "only verify the cached files against the manifest") boolean verify;
        @Option(names = "--speech", description = "also synthesise the Speech Commands stand-in (espeak-ng, flite; a few minutes)") boolean speech;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            if (!verify) {
                if (speech) last.data.source.Prepare.allWithSpeech(System.out);
                else last.data.source.Prepare.all(System.out);
            }
            last.data.source.Prepare.verify(System.out);
            System.out.printf("data preparation took %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
