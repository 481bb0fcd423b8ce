package last.data.original;

import last.data.SequenceDataset;
import last.data.source.FashionMnist;
import last.data.source.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of the original CIFAR-10 binary release ({@code cifar-10-binary.tar.gz}, Krizhevsky 2009), for sCIFAR
 * and LRA Image (paper Table 2, Table 7) when the real files are at hand. CIFAR-10 is not obtainable from the
 * registries this project may use (docs/data.md 1.4); {@link FashionMnist} is the stand-in otherwise.
 *
 * <p>Layout: a directory holding {@code data_batch_1.bin} ... {@code data_batch_5.bin} (50,000 training images)
 * and {@code test_batch.bin} (10,000), either directly or in its {@code cifar-10-batches-bin/} subdirectory.
 * Each file is a sequence of 3,073-byte records: one label byte in [0, 10), then 3,072 pixel bytes, the
 * 32 x 32 red plane, then the green plane, then the blue plane, each row-major.
 *
 * <p>Sequences follow S5 ({@code docs/conventions.md} 4), pixels in row-major order, L = 1024:
 * <ul>
 *   <li>{@link Variant#SCIFAR}: 3 features per step, {@code x[t, c] = (p_c(t)/255 - mean_c) / std_c} with S5's
 *       mean (0.4914, 0.4822, 0.4465) and std (0.247, 0.243, 0.261);</li>
 *   <li>{@link Variant#LRA_IMAGE}: 1 feature, the PIL "L" luma {@code g = (19595 R + 38470 G + 7471 B + 2^15) >> 16}
 *       (ITU-R 601-2 weights 0.299, 0.587, 0.114 in 16-bit fixed point, rounded), then
 *       {@code x = (g/255 - 122.6/255) / (61.0/255)}.</li>
 * </ul>
 */
public final class Cifar10 {
    private Cifar10() {}

    /** Image side, sequence length L = 32 * 32, bytes per record (1 label + 3 * 1024 pixels). */
    public static final int SIDE = 32, LENGTH = SIDE * SIDE, RECORD = 1 + 3 * LENGTH;
    /** The ten classes, index = label. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    /** S5's per-channel (R, G, B) mean and std on the [0, 1] scale. */
    public static final double[] MEAN = {0.4914, 0.4822, 0.4465}, STD = {0.247, 0.243, 0.261};
    /** LRA's grayscale mean and std on the [0, 1] scale (as {@link FashionMnist#LRA_MEAN}). */
    public static final double LRA_MEAN = 122.6 / 255, LRA_STD = 61.0 / 255;

    /** Which of the paper's two CIFAR tasks the sequences are for. */
    public enum Variant {
        /** sCIFAR: colour, 3 features per step, per-channel normalisation. */
        SCIFAR,
        /** LRA Image: grayscale, 1 feature per step, LRA's fixed statistics. */
        LRA_IMAGE
    }

    /**
     * Raw images.
     *
     * @param pixels n * 3072 bytes, per image the R, G and B planes of 32 x 32 (the file's own order)
     * @param labels n labels in [0, 10)
     */
    public record Images(byte[] pixels, int[] labels) {
        public int n() { return labels.length; }

        /** Pixel value 0..255 of channel {@code ch} (0 R, 1 G, 2 B) at row r, column c. */
        public int pixel(int image, int ch, int r, int c) { return pixels[image * 3 * LENGTH + ch * LENGTH + r * SIDE + c] & 0xff; }
    }

    /** The five training files (50,000 images) of {@code dir}, in file order. */
    public static Images readTrain(Path dir) {
        Path d = batches(dir);
        List<Path> files = new ArrayList<>();
        for (int k = 1; k <= 5; k++) files.add(d.resolve("data_batch_" + k + ".bin"));
        return read(files);
    }

    /** {@code test_batch.bin} (10,000 images) of {@code dir}. */
    public static Images readTest(Path dir) { return read(List.of(batches(dir).resolve("test_batch.bin"))); }

    /** The records of the given files, concatenated in order. */
    public static Images read(List<Path> files) {
        List<Images> parts = new ArrayList<>();
        int n = 0;
        for (Path f : files) { Images im = read(f); parts.add(im); n += im.n(); }
        if (parts.size() == 1) return parts.get(0);
        byte[] px = new byte[n * 3 * LENGTH];
        int[] y = new int[n];
        int k = 0;
        for (Images im : parts) {
            System.arraycopy(im.pixels(), 0, px, k * 3 * LENGTH, im.pixels().length);
            System.arraycopy(im.labels(), 0, y, k, im.n());
            k += im.n();
        }
        return new Images(px, y);
    }

    /** One binary batch file; a missing, empty or truncated file or a label outside [0, 10) is an IllegalArgumentException naming the file. */
    public static Images read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing CIFAR-10 file " + file);
        byte[] b;
        try { b = Files.readAllBytes(file); }
        catch (IOException e) { throw new IllegalArgumentException("cannot read CIFAR-10 file " + file + ": " + e.getMessage(), e); }
        if (b.length == 0) throw new IllegalArgumentException(file + ": no records (empty split)");
        if (b.length % RECORD != 0)
            throw new IllegalArgumentException(file + " is truncated or not a CIFAR-10 binary batch: " + b.length
                    + " bytes is not a multiple of the record size " + RECORD + " (1 label + 3072 pixels)");
        int n = b.length / RECORD;
        byte[] px = new byte[n * 3 * LENGTH];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = b[i * RECORD] & 0xff;
            if (y[i] >= 10) throw new IllegalArgumentException(file + ": label " + y[i] + " of record " + i + " is outside [0, 10)");
            System.arraycopy(b, i * RECORD + 1, px, i * 3 * LENGTH, 3 * LENGTH);
        }
        return new Images(px, y);
    }

    /** The PIL "L" conversion: {@code (19595 R + 38470 G + 7471 B + 2^15) >> 16}, in 0..255. */
    public static int gray(int r, int g, int b) { return (19595 * r + 38470 * g + 7471 * b + (1 << 15)) >> 16; }

    /** Normalised sequences of {@code im}: shape (n, 1024, 3) for SCIFAR, (n, 1024, 1) for LRA_IMAGE (see the class comment). */
    public static SequenceDataset toDataset(String name, Images im, Variant v) {
        int n = im.n();
        byte[] px = im.pixels();
        if (v == Variant.SCIFAR) {
            float[][] lut = new float[3][256];
            for (int c = 0; c < 3; c++) for (int p = 0; p < 256; p++) lut[c][p] = (float) ((p / 255.0 - MEAN[c]) / STD[c]);
            float[] x = new float[n * LENGTH * 3];              // (n, 1024, 3)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < 3; c++)
                    for (int t = 0; t < LENGTH; t++) x[(i * LENGTH + t) * 3 + c] = lut[c][px[(i * 3 + c) * LENGTH + t] & 0xff];
            return new SequenceDataset(name, LENGTH, 3, x, im.labels().clone(), null, 10, false);
        }
        float[] lut = new float[256];
        for (int p = 0; p < 256; p++) lut[p] = (float) ((p / 255.0 - LRA_MEAN) / LRA_STD);
        float[] x = new float[n * LENGTH];                      // (n, 1024)
        for (int i = 0; i < n; i++) {
            int o = i * 3 * LENGTH;
            for (int t = 0; t < LENGTH; t++)
                x[i * LENGTH + t] = lut[gray(px[o + t] & 0xff, px[o + LENGTH + t] & 0xff, px[o + 2 * LENGTH + t] & 0xff)];
        }
        return new SequenceDataset(name, LENGTH, 1, x, im.labels().clone(), null, 10, false);
    }

    /** The test split (10,000 images), named {@code scifar/test} or {@code lra-image/test}. */
    public static SequenceDataset test(Path dir, Variant v) { return toDataset(prefix(v) + "test", readTest(dir), v); }

    /** The full training split (50,000 images). */
    public static SequenceDataset trainFull(Path dir, Variant v) { return toDataset(prefix(v) + "train", readTrain(dir), v); }

    /** Seeded class-stratified disjoint training and validation subsets of the training files (S5: 45,000 / 5,000), as {@link Mnist#trainVal}. */
    public static SequenceDataset[] trainVal(Path dir, Variant v, int trainSize, int valSize, long seed) {
        SequenceDataset all = trainFull(dir, v);
        int[][] split = Mnist.stratified(all.labels(), all.classes(), new int[]{trainSize, valSize}, seed);
        return new SequenceDataset[]{all.subset(prefix(v) + "train" + trainSize, split[0]), all.subset(prefix(v) + "val" + valSize, split[1])};
    }

    private static String prefix(Variant v) { return v == Variant.SCIFAR ? "scifar/" : "lra-image/"; }

    /** {@code dir}, or its {@code cifar-10-batches-bin} subdirectory when the files are there (the archive's layout). */
    private static Path batches(Path dir) {
        Path sub = dir.resolve("cifar-10-batches-bin");
        return !Files.isRegularFile(dir.resolve("test_batch.bin")) && Files.isDirectory(sub) ? sub : dir;
    }
}
