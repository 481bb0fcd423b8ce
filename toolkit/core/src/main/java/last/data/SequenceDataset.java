package last.data;

import java.util.Arrays;

/**
 * An in-memory sequence classification split: n sequences of length L with F features per step (or token ids
 * when {@code tokens}), integer labels, and optional valid lengths (right padding).
 *
 * @param name     e.g. "smnist/test"
 * @param length   L
 * @param features F (1 for pixels; 1 for token ids)
 * @param x        n * L * F values, row-major (sequence, time, feature)
 * @param labels   n labels in [0, classes)
 * @param lengths  n valid lengths in [1, L], or null when every sequence is full
 * @param classes  number of classes
 * @param tokens   whether x holds token ids
 */
public record SequenceDataset(String name, int length, int features, float[] x, int[] labels, int[] lengths,
                              int classes, boolean tokens) implements Batches {

    public SequenceDataset {
        if (labels.length == 0) throw new IllegalArgumentException("dataset " + name + " is empty");
        if (length < 1 || features < 1) throw new IllegalArgumentException("dataset " + name + ": bad shape L = " + length + ", F = " + features);
        if ((long) labels.length * length * features != x.length)
            throw new IllegalArgumentException("dataset " + name + ": " + x.length + " values for " + labels.length
                    + " sequences of " + length + " x " + features);
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("dataset " + name + ": label " + labels[i] + " of sequence " + i + " is outside [0, " + classes + ")");
        if (lengths != null) {
            if (lengths.length != labels.length) throw new IllegalArgumentException("dataset " + name + ": " + lengths.length + " lengths for " + labels.length + " sequences");
            for (int i = 0; i < lengths.length; i++)
                if (lengths[i] < 1 || lengths[i] > length)
                    throw new IllegalArgumentException("dataset " + name + ": length " + lengths[i] + " of sequence " + i + " is outside [1, " + length + "]");
        }
        for (int i = 0; i < x.length; i++)
            if (!Float.isFinite(x[i])) throw new IllegalArgumentException("dataset " + name + ": value " + i + " is not finite");
    }

    public int size() { return labels.length; }

    /** The first {@code n} examples (or all when n >= size). */
    public SequenceDataset head(int n) {
        if (n >= size()) return this;
        int per = length * features;
        return new SequenceDataset(name + "[:" + n + "]", length, features, Arrays.copyOf(x, n * per),
                Arrays.copyOf(labels, n), lengths == null ? null : Arrays.copyOf(lengths, n), classes, tokens);
    }

    /** The same examples under another name (names key caches and are printed next to every result). */
    public SequenceDataset withName(String newName) {
        return new SequenceDataset(newName, length, features, x, labels, lengths, classes, tokens);
    }

    /** The examples {@code idx} (in that order). */
    public SequenceDataset subset(String newName, int[] idx) {
        int per = length * features;
        float[] nx = new float[idx.length * per];
        int[] nl = new int[idx.length], len = lengths == null ? null : new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(x, idx[k] * per, nx, k * per, per);
            nl[k] = labels[idx[k]];
            if (len != null) len[k] = lengths[idx[k]];
        }
        return new SequenceDataset(newName, length, features, nx, nl, len, classes, tokens);
    }

    /** A batch of examples {@code idx}: input (B, L, F) (or (B, L) token ids), lengths (B) or null, labels (B). */
    public Batch batch(int[] idx) {
        int per = length * features;
        float[] bx = new float[idx.length * per];
        float[] bl = new float[idx.length];
        float[] by = new float[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(x, idx[k] * per, bx, k * per, per);
            by[k] = labels[idx[k]];
            bl[k] = lengths == null ? length : lengths[idx[k]];
        }
        long[] shape = tokens ? new long[]{idx.length, length} : new long[]{idx.length, length, features};
        return new Batch(bx, shape, lengths == null ? null : bl, by);
    }
}
