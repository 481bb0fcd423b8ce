package last.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import last.data.Batch;
import last.data.Batches;

/** Where batches meet the model: a {@link Batch} of plain arrays as the tensors {input, lengths or null, labels}. */
public final class BatchArrays {
    private BatchArrays() {}

    /** The batch as tensors of {@code m}: input of the batch's shape, lengths (or null), labels. */
    public static NDArray[] of(NDManager m, Batch b) {
        return new NDArray[]{m.create(b.input(), new Shape(b.shape())),
                b.lengths() == null ? null : m.create(b.lengths()), m.create(b.labels())};
    }

    /** The examples {@code idx} of {@code data} as tensors of {@code m}. */
    public static NDArray[] of(NDManager m, Batches data, int[] idx) {
        return of(m, data.batch(idx));
    }
}
