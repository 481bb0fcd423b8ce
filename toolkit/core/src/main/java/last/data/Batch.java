package last.data;

import java.util.Arrays;

/**
 * One batch as plain arrays, before it meets a model: the input values (row-major, of {@code shape}: (B, L, F)
 * features, (B, L) token ids, or (2B, L) token ids of both sides of a pair), the valid lengths (or null when every
 * sequence has the full length L) and the labels (B), all as floats as the engine wants them. Kept engine-free so
 * that {@code last.data} does not depend on DJL; {@code last.model.BatchArrays} makes tensors of it.
 */
public record Batch(float[] input, long[] shape, float[] lengths, float[] labels) {
    public Batch {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("batch shape " + Arrays.toString(shape) + " has a negative dimension");
            n *= d;
        }
        if (n != input.length)
            throw new IllegalArgumentException("batch shape " + Arrays.toString(shape) + " needs " + n + " values, got " + input.length);
        if (lengths != null && lengths.length != shape[0])
            throw new IllegalArgumentException("batch of " + shape[0] + " sequences has " + lengths.length + " lengths");
    }

    /** The number of examples (labels); a pair batch has two sequences per example. */
    public int size() { return labels.length; }
}
