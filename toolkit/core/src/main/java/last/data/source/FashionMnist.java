package last.data.source;

import last.data.SequenceDataset;
import java.nio.file.Path;

/**
 * The stand-in for sCIFAR and LRA Image (paper Table 7): Fashion-MNIST (Debian {@code dataset-fashion-mnist},
 * Zalando, MIT), zero-padded from 28 x 28 to 32 x 32 (2 px each side) and flattened row-major to L = 1024 with
 * one channel. CIFAR-10 is not obtainable from the registries this project may use (docs/data.md 1.4); the paper's
 * sCIFAR has 3 channels, this stand-in has 1.
 *
 * <p>Values are {@code (p / 255 - mean) / std}, with the statistics of {@link Norm}.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** Side of the padded image. */
    public static final int SIDE = 32;
    /** Sequence length L = 32 * 32. */
    public static final int LENGTH = SIDE * SIDE;

    /** The normalisation, i.e. which of the paper's two tasks the data stands in for. */
    public enum Norm {
        /** sCIFAR: per-channel mean/std of the (padded) training file, as S5's CIFAR normalisation. */
        SCIFAR,
        /** LRA Image: LRA's fixed grayscale statistics, mean 122.6/255, std 61.0/255. */
        LRA_IMAGE
    }

    /** LRA's grayscale mean and std on the [0, 1] scale. */
    public static final double LRA_MEAN = 122.6 / 255, LRA_STD = 61.0 / 255;

    /** The test split (10,000 images). */
    public static SequenceDataset test(Path dir, Norm norm) {
        double[] ms = stats(dir, norm);
        return load(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), norm, ms, "test");
    }

    /** The full training file (60,000 images). */
    public static SequenceDataset trainFull(Path dir, Norm norm) {
        double[] ms = stats(dir, norm);
        return load(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), norm, ms, "train");
    }

    /** Seeded class-stratified disjoint training and validation subsets of the training file (as {@link Mnist#trainVal}). */
    public static SequenceDataset[] trainVal(Path dir, Norm norm, int trainSize, int valSize, long seed) {
        SequenceDataset all = trainFull(dir, norm);
        int[][] split = Mnist.stratified(all.labels(), all.classes(), new int[]{trainSize, valSize}, seed);
        return new SequenceDataset[]{all.subset(all.name().replace("train", "train" + trainSize), split[0]),
                all.subset(all.name().replace("train", "val" + valSize), split[1])};
    }

    /** The (mean, std) on the [0, 1] scale that {@code norm} uses; for SCIFAR read from the training file in {@code dir}. */
    public static double[] stats(Path dir, Norm norm) {
        return norm == Norm.LRA_IMAGE ? new double[]{LRA_MEAN, LRA_STD}
                : meanStd(Idx.images(dir.resolve("train-images-idx3-ubyte.gz")));
    }

    /** Mean and (population) standard deviation of all pixels of the zero-padded 32 x 32 images, on the [0, 1] scale. */
    public static double[] meanStd(Idx.Images im) {
        checkSide(im);
        double s = 0, s2 = 0;
        for (byte b : im.pixels()) { double v = (b & 0xff) / 255.0; s += v; s2 += v * v; }
        double n = (double) im.n() * LENGTH;                // padding pixels are 0: they count in n only
        double mean = s / n;
        return new double[]{mean, Math.sqrt(Math.max(s2 / n - mean * mean, 0))};
    }

    static SequenceDataset load(Path images, Path labels, Norm norm, double[] meanStd, String split) {
        Idx.Images im = Idx.images(images);
        int[] y = Idx.labels(labels, 10);
        if (y.length != im.n()) throw new IllegalArgumentException(images + " has " + im.n() + " images but " + labels + " has " + y.length + " labels");
        return fromImages(im, y, meanStd, (norm == Norm.SCIFAR ? "fmnist-scifar/" : "fmnist-lra-image/") + split);
    }

    /** Pads 28 x 28 images to 32 x 32, flattens them row-major and normalises: x = (p/255 - mean) / std; shape (n, 1024, 1). */
    static SequenceDataset fromImages(Idx.Images im, int[] labels, double[] meanStd, String name) {
        checkSide(im);
        float zero = (float) ((0 - meanStd[0]) / meanStd[1]);
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) lut[v] = (float) ((v / 255.0 - meanStd[0]) / meanStd[1]);
        float[] x = new float[im.n() * LENGTH];                 // (n, 32 * 32)
        java.util.Arrays.fill(x, zero);
        int off = (SIDE - 28) / 2;
        byte[] px = im.pixels();
        for (int i = 0; i < im.n(); i++)
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++)
                    x[i * LENGTH + (r + off) * SIDE + c + off] = lut[px[(i * 28 + r) * 28 + c] & 0xff];
        return new SequenceDataset(name, LENGTH, 1, x, labels, null, 10, false);
    }

    private static void checkSide(Idx.Images im) {
        if (im.rows() != 28 || im.cols() != 28)
            throw new IllegalArgumentException("Fashion-MNIST images must be 28 x 28, not " + im.rows() + " x " + im.cols());
    }
}
