package last.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import last.data.Batches;
import last.model.SequenceModel;

/** Accuracy and loss of a model on a split (inference: running BatchNorm statistics, no dropout, no gradients). */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param accuracy fraction of correctly classified examples (0..1)
     * @param loss     mean cross-entropy
     * @param samples  number of examples evaluated
     */
    public record Result(double accuracy, double loss, int samples) {
        /** Accuracy in percent. */
        public double percent() { return 100 * accuracy; }
    }

    /** Evaluates on the whole split. */
    public static Result evaluate(SequenceModel model, Batches data, int batchSize) {
        return evaluate(model, data, batchSize, 0);
    }

    /** Evaluates on the first {@code maxSamples} examples of the split (0 = all). */
    public static Result evaluate(SequenceModel model, Batches data, int batchSize, int maxSamples) {
        int n = maxSamples > 0 ? Math.min(maxSamples, data.size()) : data.size();
        long correct = 0;
        double loss = 0;
        NDManager m = model.manager();
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            int[] idx = new int[b];
            for (int k = 0; k < b; k++) idx[k] = start + k;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray[] batch = data.batch(m, idx);
                NDArray logits = model.forward(batch[0], batch[1], false);
                NDArray logp = logits.logSoftmax(1);
                NDArray y = batch[2].toType(DataType.INT64, false);
                loss -= logp.mul(y.oneHot(data.classes())).sum().getFloat();
                correct += logits.argMax(1).toType(DataType.INT64, false).eq(y).sum().getLong();
            }
        }
        return new Result((double) correct / n, loss / n, n);
    }
}
