package last.data;

import last.data.source.Retrieval;

/**
 * What training, evaluation and pruning sweeps read from a dataset: its size, classes and batches
 * ({@link Batch}: input, lengths or null, labels, as plain arrays; {@code last.model.BatchArrays} turns one into DJL
 * tensors, so this package needs no deep-learning engine). Implemented by {@link SequenceDataset} (one sequence per example) and
 * {@link PairDataset} (two stacked documents per example, for the two-tower Retrieval model).
 */
public interface Batches {
    String name();

    int size();

    int classes();

    /** The padded sequence length L (of each side, for pairs). */
    int length();

    /** The examples {@code idx} as {input, lengths or null, labels}. */
    Batch batch(int[] idx);

    /** The first {@code n} examples (or all when n >= size). */
    Batches head(int n);
}
