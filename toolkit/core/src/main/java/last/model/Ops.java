package last.model;

import last.prune.UnstructuredPlan;
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
        NDArray fu = u.rfft(n), fk = k.rfft(n), prod = fu.mul(fk), y = prod.irfft(n);
        NDArray out = y.get("..., :" + len);
        release(prod, y);
        return out;
    }

    /**
     * Closes intermediates as soon as they are used (issue #12: DJL keeps every array alive until its manager or scope
     * closes, PyTorch frees it when unreferenced). Safe under autograd: closing the Java handle drops one reference
     * to an engine-owned tensor; the backward graph holds its own references to what it saved, and a slice keeps its
     * base. Only for arrays the engine allocated (never {@code from_blob} buffers; see {@link #constant}).
     */
    public static void release(NDArray... arrays) {
        for (NDArray a : arrays) a.close();
    }

    /**
     * Causal convolution of a complex kernel with a complex signal given as real and imaginary parts; returns
     * {re, im}. Four real FFT products: (Kr + i Ki)(Ur + i Ui).
     */
    public static NDArray[] complexCausalConv(NDArray kRe, NDArray kIm, NDArray uRe, NDArray uIm) {
        long len = uRe.getShape().get(uRe.getShape().dimension() - 1);
        long n = 2 * len;
        NDArray fkr = kRe.rfft(n), fki = kIm.rfft(n), fur = uRe.rfft(n), fui = uIm.rfft(n);
        NDArray a = fur.mul(fkr), b = fui.mul(fki), c = a.sub(b), yRe = c.irfft(n), re = yRe.get("..., :" + len);
        release(a, b, c, yRe);                                    // products and full-length outputs: not saved for backward
        NDArray e = fui.mul(fkr), f = fur.mul(fki), g = e.add(f), yIm = g.irfft(n), im = yIm.get("..., :" + len);
        release(e, f, g, yIm);
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

    /**
     * GELU, exact erf form (PyTorch default, S4D): 0.5 x (1 + erf(x / sqrt 2)).
     *
     * <p><b>Fused.</b> One native {@code torch.gelu} (erf form, which DJL binds as {@code NDArrayEx.gelu()}) instead of
     * five composite passes that each keep a temporary for backward; outputs and gradients equal
     * {@link #geluErfComposite} within float tolerance ({@code last.model.FusedOpsTest#geluErf}).
     */
    public static NDArray geluErf(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /** The composite erf GELU that {@link #geluErf} replaced: the reference of {@code FusedOpsTest}. */
    static NDArray geluErfComposite(NDArray x) {
        return mul(x, 0.5f).mul(add(div(x, (float) Math.sqrt(2)).erf(), 1f));
    }

    /**
     * GELU, tanh approximation (flax default, S5): 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3))).
     *
     * <p><b>Fewer passes.</b> DJL 0.35.1 binds only the erf form of {@code torch.gelu} (no {@code approximate='tanh'}),
     * so this stays composite, rewritten with {@code 0.5 (1 + tanh z) = sigmoid(2 z)} and
     * {@code 2 z = x (a + b x^2)}, {@code a = 2 sqrt(2/pi)}, {@code b = 0.044715 a}: six elementwise passes
     * (square, scale, shift, product, sigmoid, product) instead of nine, and no {@code 1 + tanh} cancellation for
     * negative x. Outputs and gradients equal {@link #geluTanhComposite} within float tolerance
     * ({@code last.model.FusedOpsTest#geluTanh}); constants are engine-owned ({@link #constant}).
     */
    public static NDArray geluTanh(NDArray x) {
        double a = 2 * Math.sqrt(2 / Math.PI), b = 0.044715 * a;
        NDArray twoZ = add(mul(x.square(), (float) b), (float) a).mul(x);
        return twoZ.getNDArrayInternal().sigmoid().mul(x);
    }

    /** The composite tanh GELU that {@link #geluTanh} replaced: the reference of {@code FusedOpsTest}. */
    static NDArray geluTanhComposite(NDArray x) {
        NDArray inner = mul(x.add(mul(x.square().mul(x), 0.044715f)), (float) Math.sqrt(2 / Math.PI));
        return mul(x, 0.5f).mul(add(inner.tanh(), 1f));
    }

    /**
     * LayerNorm over the last axis (H) of x (..., H): {@code (x - mean) / sqrt(var + eps) gamma + beta}, biased variance.
     *
     * <p><b>Fused.</b> One native {@code torch.layer_norm} (DJL's {@code NDArrayEx.layerNorm}) instead of about eight
     * composite passes; outputs and gradients equal {@link #layerNormComposite} within float tolerance
     * ({@code last.model.FusedOpsTest#layerNorm}).
     */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        long h = x.getShape().get(x.getShape().dimension() - 1);
        return x.getNDArrayInternal().layerNorm(x, new Shape(h), gamma, beta, eps).head();
    }

    /** The composite LayerNorm that {@link #layerNorm} replaced: the reference of {@code FusedOpsTest}. */
    static NDArray layerNormComposite(NDArray x, NDArray gamma, NDArray beta, float eps) {
        int last = x.getShape().dimension() - 1;
        NDArray mu = x.mean(new int[]{last}, true);
        NDArray var = x.sub(mu).square().mean(new int[]{last}, true);
        return x.sub(mu).div(add(var, eps).sqrt()).mul(gamma).add(beta);
    }

    /**
     * BatchNorm of x (..., H) per channel (the last axis) over all other axes (batch x time), biased variance. In
     * training it normalises with the batch statistics and updates the running ones in place,
     * {@code running = mom running + (1 - mom) batch} (biased batch variance); in inference it uses the running ones.
     *
     * <p><b>Fused.</b> One native {@code torch.batch_norm} on the (B L, H) view, whose channel axis is torch's axis 1,
     * so no transpose. Torch would update running statistics with the <i>unbiased</i> variance and its own momentum
     * convention, so it updates two scratch buffers with torch momentum 1 (they receive the batch mean and the
     * unbiased batch variance), and the model's buffers are updated here from them, scaled back to the biased
     * variance: the same running statistics as before. Outputs, gradients and running statistics equal
     * {@link #batchNormComposite} within float tolerance ({@code last.model.FusedOpsTest#batchNorm*}).
     */
    public static NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                                    float momentum, float eps, boolean training) {
        Shape shape = x.getShape();
        long h = shape.get(shape.dimension() - 1);
        NDArray flat = x.reshape(-1, h);                                          // (B*L, H), channel on axis 1
        long n = flat.getShape().get(0);
        if (training && n < 2)                                                    // unbiased variance undefined
            return batchNormComposite(x, gamma, beta, runningMean, runningVar, momentum, eps, true);
        // DJL's batchNorm: axis -1 passes the input as is (channel on axis 1); its momentum m becomes torch's 1 - m
        if (!training)
            return flat.getNDArrayInternal().batchNorm(flat, runningMean, runningVar, gamma, beta, -1, momentum, eps, false)
                    .head().reshape(shape);
        NDManager m = x.getManager();
        NDArray batchMean = m.zeros(new Shape(h), DataType.FLOAT32), batchVar = m.zeros(new Shape(h), DataType.FLOAT32);
        NDArray y = flat.getNDArrayInternal().batchNorm(flat, batchMean, batchVar, gamma, beta, -1, 0f, eps, true)
                .head().reshape(shape);                                           // torch momentum 1: scratch = batch
        runningMean.muli(constant(runningMean, momentum)).addi(mul(batchMean, 1 - momentum));
        runningVar.muli(constant(runningVar, momentum)).addi(mul(batchVar, (float) ((1 - momentum) * (n - 1) / (double) n)));
        return y;
    }

    /** The composite BatchNorm that {@link #batchNorm} replaced: the reference of {@code FusedOpsTest}. */
    static NDArray batchNormComposite(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                                      float momentum, float eps, boolean training) {
        NDArray mu, var;
        if (training) {
            NDArray flat = x.reshape(-1, x.getShape().get(x.getShape().dimension() - 1));   // (B*L, H)
            mu = flat.mean(new int[]{0});
            var = flat.sub(mu).square().mean(new int[]{0});
            runningMean.muli(constant(runningMean, momentum)).addi(mul(mu.stopGradient(), 1 - momentum));
            runningVar.muli(constant(runningVar, momentum)).addi(mul(var.stopGradient(), 1 - momentum));
        } else {
            mu = runningMean;
            var = runningVar;
        }
        return x.sub(mu).div(add(var, eps).sqrt()).mul(gamma).add(beta);
    }

    /**
     * Mean cross-entropy of logits (B, classes) against integer labels (B): {@code -mean_b log_softmax(logits)_b,y_b}.
     *
     * <p><b>Fused.</b> Native log-softmax, then a native {@code gather} of the label's entry instead of multiplying
     * by a (B, classes) one-hot and summing; the labels are copied into an engine-owned tensor first, because
     * {@code gather} keeps its index for backward and the caller's may be a view of Java memory. Loss and gradient
     * equal {@link #crossEntropyComposite} within float tolerance ({@code last.model.FusedOpsTest#crossEntropy}).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logSoftmaxPick(logits, labels).neg().mean();
    }

    /** The log-probability of each example's label (B): native log-softmax and gather (see {@link #crossEntropy}). */
    public static NDArray logSoftmaxPick(NDArray logits, NDArray labels) {
        NDArray idx = labels.toType(DataType.INT64, false).reshape(-1, 1).duplicate();     // engine-owned
        return logits.logSoftmax(1).gather(idx, 1).reshape(-1);
    }

    /** The composite cross-entropy (log-softmax times one-hot) that {@link #crossEntropy} replaced. */
    static NDArray crossEntropyComposite(NDArray logits, NDArray labels) {
        long classes = logits.getShape().get(1);
        NDArray y = labels.toType(DataType.INT64, false);
        return logits.logSoftmax(1).mul(y.oneHot((int) classes)).sum(new int[]{1}).neg().mean();
    }

    /**
     * A scope in which the engine records no autograd graph, restoring the previous mode on close. Inference
     * ({@code last.train.Evaluation}) runs in one: the parameters require gradients, and although DJL keeps torch's
     * (per-thread) grad mode off outside a {@code GradientCollector}, an evaluation called inside one would keep every
     * intermediate for a backward pass that never comes ({@code FusedOpsTest#noGradientRecordsNoGraphEvenInsideAGradientCollector}).
     * A no-op on other engines.
     */
    public static Scope noGradient() {
        if (!"PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName())) return () -> { };
        boolean previous = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        return () -> ai.djl.pytorch.jni.JniUtils.setGradMode(previous);
    }

    /** An {@link AutoCloseable} whose close throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Copies of a layer's named parameters (in {@code m}) with the entries unstructured pruning removes set to 0:
     * {@code B_*} by {@code mask.b()}, {@code C_*} by {@code mask.c()}, {@code C2_*} by {@code mask.c2()}, each in
     * the parameter's row-major order; the pole mask is applied by the layer itself.
     */
    static java.util.Map<String, NDArray> entryMaskedCopy(NDManager m, java.util.Map<String, NDArray> params,
                                                         UnstructuredPlan.Layout layout,
                                                         UnstructuredPlan.LayerMask mask) {
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
