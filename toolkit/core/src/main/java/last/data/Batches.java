package last.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What training, evaluation and pruning sweeps read from a dataset: its size, classes and DJL batches
 * {input, lengths (or null), labels}. Implemented by {@link SequenceDataset} (one sequence per example) and
 * {@link PairDataset} (two stacked documents per example, for the two-tower Retrieval model).
 */
public interface Batches {
    String name();

    int size();

    int classes();

    /** The padded sequence length L (of each side, for pairs). */
    int length();

    /** The examples {@code idx} as {input, lengths or null, labels}. */
    NDArray[] batch(NDManager m, int[] idx);

    /** The first {@code n} examples (or all when n >= size). */
    Batches head(int n);
}
