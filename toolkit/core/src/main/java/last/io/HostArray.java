package last.io;

import java.util.Arrays;

/**
 * An array as it lies in a reference checkpoint file, before it becomes a tensor: its numpy dtype name, its shape
 * (row-major, numpy's C order) and its values. Floating arrays are held as float32, which is what S5/LAST (JAX
 * without x64, docs/conventions.md) and PyTorch state_dicts store; a float64 file is narrowed once, on reading.
 * Integer arrays (PyTorch's {@code num_batches_tracked}) keep their values in {@code longs}.
 *
 * @param dtype  numpy dtype name: "float32", "float64" (read only) or "int64"/"int32"
 * @param shape  dimensions, row-major
 * @param values float values (floating dtypes), else null
 * @param longs  integer values (integer dtypes), else null
 */
public record HostArray(String dtype, long[] shape, float[] values, long[] longs) {

    public HostArray {
        long n = size(shape);
        if (values != null && values.length != n)
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " needs " + n + " values but has " + values.length);
        if (longs != null && longs.length != n)
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " needs " + n + " values but has " + longs.length);
        if ((values == null) == (longs == null)) throw new IllegalArgumentException("an array holds either floats or integers");
    }

    /** A float32 array. */
    public static HostArray of(float[] values, long... shape) { return new HostArray("float32", shape.clone(), values, null); }

    /** An int64 array. */
    public static HostArray ofLongs(long[] values, long... shape) { return new HostArray("int64", shape.clone(), null, values); }

    public boolean floating() { return values != null; }

    public int rank() { return shape.length; }

    public long size() { return size(shape); }

    /** "(8, 4, 2)", numpy's way of writing a shape, for error messages. */
    public String shapeString() { return shapeString(shape); }

    public static String shapeString(long[] s) {
        if (s.length == 1) return "(" + s[0] + ",)";
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : ", ").append(s[i]);
        return b.append(')').toString();
    }

    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        return n;
    }

    /** Index of the first non-finite value, or -1. */
    public int firstNonFinite() {
        if (values == null) return -1;
        for (int i = 0; i < values.length; i++) if (!Float.isFinite(values[i])) return i;
        return -1;
    }
}
