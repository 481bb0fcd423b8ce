package last.train;

import last.model.BatchArrays;
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

    /** Sequence steps per evaluation batch ({@link #batchSizeFor}). */
    public static final int STEPS_PER_BATCH = 100 * 1024;

    /**
     * The evaluation batch size (sweeps, test accuracy of the CLI) on sequences of {@code length} steps: 100 sequences, but at most
     * {@link #STEPS_PER_BATCH} steps in all, since a batch's intermediates grow with B x L (a speech sweep at L = 4,000
     * in batches of 100 held 13 GB resident before its first row; the machine has 24 GB and a training run beside it).
     * The per-example results do not depend on the batch size (inference mode, normalisation by running statistics).
     */
    public static int batchSizeFor(int length) {
        if (length < 1) throw new IllegalArgumentException("sequence length must be >= 1 but is " + length);
        return Math.max(1, Math.min(100, STEPS_PER_BATCH / length));
    }

    /**
     * Per-example correctness (1 or 0) on the first {@code maxSamples} examples of the split (0 = all), in the split's
     * order: what a paired bootstrap interval of a pruning loss resamples ({@link last.experiment.Bootstrap}).
     */
    public static float[] correctness(SequenceModel model, Batches data, int batchSize, int maxSamples) {
        float[] out = new float[size(data, maxSamples)];
        forEachBatch(model, data, batchSize, out.length, (start, logits, y) -> {
            long[] pred = logits.argMax(1).toType(DataType.INT64, false).toLongArray(), label = y.toLongArray();
            for (int k = 0; k < pred.length; k++) out[start + k] = pred[k] == label[k] ? 1f : 0f;
        });
        return out;
    }

    /** Accuracy (0..1) of per-example correctness. */
    public static double accuracy(float[] correct) {
        double s = 0;
        for (float c : correct) s += c;
        return s / correct.length;
    }

    /** Evaluates on the first {@code maxSamples} examples of the split (0 = all). */
    public static Result evaluate(SequenceModel model, Batches data, int batchSize, int maxSamples) {
        int n = size(data, maxSamples);
        long[] correct = {0};
        double[] loss = {0};
        forEachBatch(model, data, batchSize, n, (start, logits, y) -> {
            loss[0] -= last.model.Ops.logSoftmaxPick(logits, y).sum().getFloat();   // no (B, classes) one-hot
            correct[0] += logits.argMax(1).toType(DataType.INT64, false).eq(y).sum().getLong();
        });
        return new Result((double) correct[0] / n, loss[0] / n, n);
    }

    private static int size(Batches data, int maxSamples) {
        return maxSamples > 0 ? Math.min(maxSamples, data.size()) : data.size();
    }

    /** What is done with one batch's logits (B, classes) and int64 labels (B); {@code start} is its first example. */
    private interface BatchResult {
        void accept(int start, NDArray logits, NDArray labels);
    }

    /** Inference (no gradient bookkeeping) over the first {@code n} examples in batches, intermediates freed per batch. */
    private static void forEachBatch(SequenceModel model, Batches data, int batchSize, int n, BatchResult each) {
        NDManager m = model.manager();
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            int[] idx = new int[b];
            for (int k = 0; k < b; k++) idx[k] = start + k;
            try (NDScope scope = new NDScope(); last.model.Ops.Scope noGrad = last.model.Ops.noGradient()) {
                scope.suppressNotUsedWarning();
                NDArray[] batch = BatchArrays.of(m, data, idx);
                NDArray logits = model.forward(batch[0], batch[1], false);
                each.accept(start, logits, batch[2].toType(DataType.INT64, false));
            }
        }
    }
}
