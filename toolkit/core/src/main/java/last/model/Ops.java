package last.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import last.ssm.Checks;
import org.ejml.data.ZMatrixRMaj;

/** Small tensor helpers shared by the layers: FFT convolution, GELU variants, conversions to and from EJML. */
public final class Ops {
    private Ops() {}

    /**
     * Causal convolution along the last axis by FFT with zero padding to 2L (no wrap-around):
     * {@code y[..., t] = sum_{s <= t} k[..., s] u[..., t - s]}, t < L. Broadcasts k against u.
     */
    public static NDArray causalConv(NDArray k, NDArray u) {
        long len = u.getShape().get(u.getShape().dimension() - 1);
        long n = 2 * len;
        NDArray y = u.rfft(n).mul(k.rfft(n)).irfft(n);
        return y.get("..., :" + len);
    }

    /**
     * Causal convolution of a complex kernel with a complex signal given as real and imaginary parts; returns
     * {re, im}. Four real FFT products: (Kr + i Ki)(Ur + i Ui).
     */
    public static NDArray[] complexCausalConv(NDArray kRe, NDArray kIm, NDArray uRe, NDArray uIm) {
        long len = uRe.getShape().get(uRe.getShape().dimension() - 1);
        long n = 2 * len;
        NDArray fkr = kRe.rfft(n), fki = kIm.rfft(n), fur = uRe.rfft(n), fui = uIm.rfft(n);
        NDArray re = fur.mul(fkr).sub(fui.mul(fki)).irfft(n).get("..., :" + len);
        NDArray im = fui.mul(fkr).add(fur.mul(fki)).irfft(n).get("..., :" + len);
        return new NDArray[]{re, im};
    }

    /**
     * A 0-dimensional constant of {@code like}'s type and manager whose memory the engine owns.
     *
     * <p><b>Why this exists.</b> DJL's scalar overloads ({@code x.mul(2f)}, {@code x.div(c)}, {@code x.pow(3)},
     * {@code x.minimum(c)}) wrap the number in a tensor created {@code from_blob} over a Java direct buffer and close
     * it right after the call. Autograd keeps that tensor for the backward pass (the other factor of a product, the
     * divisor, the exponent, the comparison operand); once the JVM collects the buffer, backward reads freed memory:
     * wrong, non-finite or run-to-run different gradients with a finite loss, which is what made about 1 batch in 400
     * "non-finite" and training irreproducible (proof: {@code last.train.ReproducibilityTest}). Every constant in a
     * differentiable path goes through this method or the helpers below.
     */
    public static NDArray constant(NDArray like, float v) {
        return like.getManager().full(new Shape(), v, like.getDataType());
    }

    /** {@code x * c} with an engine-owned constant (safe under autograd; see {@link #constant}). */
    public static NDArray mul(NDArray x, float c) { return x.mul(constant(x, c)); }

    /** {@code x / c} with an engine-owned constant (safe under autograd; see {@link #constant}). */
    public static NDArray div(NDArray x, float c) { return x.div(constant(x, c)); }

    /** {@code x + c} with an engine-owned constant (see {@link #constant}). */
    public static NDArray add(NDArray x, float c) { return x.add(constant(x, c)); }

    /** {@code x - c} with an engine-owned constant (see {@link #constant}). */
    public static NDArray sub(NDArray x, float c) { return x.sub(constant(x, c)); }

    /** {@code min(x, c)} elementwise with an engine-owned constant (see {@link #constant}). */
    public static NDArray minimum(NDArray x, float c) { return x.minimum(constant(x, c)); }

    /** GELU, exact erf form (PyTorch default, S4D): 0.5 x (1 + erf(x / sqrt 2)). */
    public static NDArray geluErf(NDArray x) {
        return mul(x, 0.5f).mul(add(div(x, (float) Math.sqrt(2)).erf(), 1f));
    }

    /** GELU, tanh approximation (flax default, S5): 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3))). */
    public static NDArray geluTanh(NDArray x) {
        NDArray inner = mul(x.add(mul(x.square().mul(x), 0.044715f)), (float) Math.sqrt(2 / Math.PI));
        return mul(x, 0.5f).mul(add(inner.tanh(), 1f));
    }

    /**
     * Copies of a layer's named parameters (in {@code m}) with the entries unstructured pruning removes set to 0:
     * {@code B_*} by {@code mask.b()}, {@code C_*} by {@code mask.c()}, {@code C2_*} by {@code mask.c2()}, each in
     * the parameter's row-major order; the pole mask is applied by the layer itself.
     */
    static java.util.Map<String, NDArray> entryMaskedCopy(NDManager m, java.util.Map<String, NDArray> params,
                                                         last.prune.UnstructuredPlan.Layout layout,
                                                         last.prune.UnstructuredPlan.LayerMask mask) {
        if (mask.lambda().length != layout.lambda() || mask.b().length != layout.b() || mask.c().length != layout.c()
                || mask.c2().length != layout.c2())
            throw new IllegalArgumentException("entry mask does not match the layer's layout " + layout);
        java.util.Map<String, NDArray> p = new java.util.LinkedHashMap<>();
        for (var e : params.entrySet()) {
            NDArray v = e.getValue();
            NDArray copy = m.create(v.toFloatArray(), v.getShape());
            String k = e.getKey();
            boolean[] keep = k.startsWith("B_") ? mask.b() : k.startsWith("C2") ? mask.c2() : k.startsWith("C_") ? mask.c() : null;
            if (keep != null) copy = copy.mul(m.create(floats(keep), v.getShape()));
            p.put(k, copy);
        }
        return p;
    }

    /** 1 for true, 0 for false. */
    static float[] floats(boolean[] keep) {
        float[] f = new float[keep.length];
        for (int i = 0; i < keep.length; i++) f[i] = keep[i] ? 1f : 0f;
        return f;
    }

    /** A float32 tensor from doubles. */
    public static NDArray array(NDManager m, double[] v, Shape shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return m.create(f, shape);
    }

    /** {re, im} tensors (rows x cols) of a complex EJML matrix. */
    public static NDArray[] complex(NDManager m, ZMatrixRMaj z) {
        int r = z.numRows, c = z.numCols;
        double[] re = new double[r * c], im = new double[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) {
                re[i * c + j] = z.getReal(i, j);
                im[i * c + j] = z.getImag(i, j);
            }
        return new NDArray[]{array(m, re, new Shape(r, c)), array(m, im, new Shape(r, c))};
    }

    /** A complex EJML matrix from {re, im} tensors of shape (rows, cols). */
    public static ZMatrixRMaj toComplex(NDArray re, NDArray im) {
        long[] s = re.getShape().getShape();
        int r = (int) s[0], c = (int) s[1];
        double[] a = doubles(re), b = doubles(im);
        ZMatrixRMaj z = new ZMatrixRMaj(r, c);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) z.set(i, j, a[i * c + j], b[i * c + j]);
        Checks.finite("parameter " + re.getName(), z);
        return z;
    }

    /** The tensor's values as doubles. */
    public static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** A new float32 tensor (in manager {@code m}) holding the entries {@code idx} of {@code a} along {@code axis}. */
    public static NDArray select(NDManager m, NDArray a, int axis, int[] idx) {
        long[] dims = a.getShape().getShape();
        float[] src = a.toFloatArray();
        long[] out = dims.clone();
        out[axis] = idx.length;
        long inner = 1;
        for (int d = axis + 1; d < dims.length; d++) inner *= dims[d];
        long outer = 1;
        for (int d = 0; d < axis; d++) outer *= dims[d];
        float[] dst = new float[(int) (outer * idx.length * inner)];
        int k = 0;
        for (long o = 0; o < outer; o++)
            for (int j : idx) {
                if (j < 0 || j >= dims[axis]) throw new IllegalArgumentException("index " + j + " out of range [0, " + dims[axis] + ")");
                long base = (o * dims[axis] + j) * inner;
                for (long t = 0; t < inner; t++) dst[k++] = src[(int) (base + t)];
            }
        return m.create(dst, new Shape(out));
    }
}
