package last.data;

import last.data.source.Retrieval;

/**
 * A pair classification split for a two-tower model (LRA Retrieval, paper Table 2): example i is the token
 * sequence {@code first[i]} and the token sequence {@code second[i]}, both right-padded to the same L with valid
 * lengths, and one label. Both sides are token-id {@link SequenceDataset}s carrying the pair labels, so their
 * checks (shape, labels, lengths) apply to each side.
 *
 * @param name   e.g. "retrieval-imdb1024/train"
 * @param first  side 1 (n, L) token ids with lengths
 * @param second side 2 (n, L) token ids with lengths, the same labels
 */
public record PairDataset(String name, SequenceDataset first, SequenceDataset second) implements Batches {

    public PairDataset {
        if (first.size() != second.size())
            throw new IllegalArgumentException("pair dataset " + name + ": " + first.size() + " first sides but " + second.size() + " second sides");
        if (first.length() != second.length() || first.features() != 1 || second.features() != 1)
            throw new IllegalArgumentException("pair dataset " + name + ": sides must be single-feature sequences of one length, not "
                    + first.length() + " x " + first.features() + " and " + second.length() + " x " + second.features());
        if (!first.tokens() || !second.tokens()) throw new IllegalArgumentException("pair dataset " + name + ": both sides must hold token ids");
        if (first.classes() != second.classes() || !java.util.Arrays.equals(first.labels(), second.labels()))
            throw new IllegalArgumentException("pair dataset " + name + ": the two sides carry different labels");
    }

    public int size() { return first.size(); }

    /** L, the padded length of each side. */
    public int length() { return first.length(); }

    public int[] labels() { return first.labels(); }

    public int classes() { return first.classes(); }

    /** The first {@code n} pairs (or all when n >= size). */
    public PairDataset head(int n) {
        return n >= size() ? this : new PairDataset(name + "[:" + n + "]", first.head(n), second.head(n));
    }

    /** The pairs {@code idx} (in that order). */
    public PairDataset subset(String newName, int[] idx) {
        return new PairDataset(newName, first.subset(newName + "#1", idx), second.subset(newName + "#2", idx));
    }

    /**
     * A batch of pairs {@code idx} as S5's AAN loader stacks it: token ids (2B, L) with the B first sides then the
     * B second sides, their lengths (2B), and the labels (B).
     */
    public Batch batch(int[] idx) {
        int b = idx.length, l = length();
        float[] x = new float[2 * b * l], len = new float[2 * b], y = new float[b];
        for (int k = 0; k < b; k++) {
            System.arraycopy(first.x(), idx[k] * l, x, k * l, l);
            System.arraycopy(second.x(), idx[k] * l, x, (b + k) * l, l);
            len[k] = first.lengths() == null ? l : first.lengths()[idx[k]];
            len[b + k] = second.lengths() == null ? l : second.lengths()[idx[k]];
            y[k] = labels()[idx[k]];
        }
        return new Batch(x, new long[]{2L * b, l}, len, y);
    }
}
