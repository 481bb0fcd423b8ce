package last.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused (native) operators of {@link Ops} against the composite forms they replaced: outputs and gradients
 * (of a random weighted sum of the outputs, for every differentiable input) within float tolerance (1e-5 relative
 * to the tensor's scale), BatchNorm in training and inference mode including the running statistics after updates.
 */
class FusedOpsTest {
    static NDManager m;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(7);
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() { m.close(); }

    /** |a - b| <= 1e-5 (|b| + max|b|) elementwise, with a message naming the worst entry. */
    static void assertClose(NDArray a, NDArray b, String what) {
        assertEquals(b.getShape(), a.getShape(), what + " shape");
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        double scale = 0;
        for (float v : y) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < x.length; i++) {
            assertTrue(Float.isFinite(x[i]), what + " entry " + i + " is " + x[i]);
            double tol = 1e-5 * (Math.abs(y[i]) + scale);
            assertTrue(Math.abs(x[i] - y[i]) <= tol, what + " entry " + i + ": fused " + x[i] + " vs composite " + y[i]);
        }
    }

    /** Copies of the inputs that require gradients. */
    static NDArray[] leaves(NDArray... in) {
        NDArray[] out = new NDArray[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i].duplicate();
            out[i].setRequiresGradient(true);
        }
        return out;
    }

    /**
     * Output of {@code f} and gradients of sum(w * f(inputs)) for each input (which {@code f} sees as fresh leaves);
     * with {@code grad} false, only the output, computed outside a gradient collector.
     */
    static NDArray[] run(Function<NDArray[], NDArray> f, NDArray w, boolean grad, NDArray... inputs) {
        if (!grad) return new NDArray[]{f.apply(inputs)};
        NDArray[] in = leaves(inputs);
        NDArray[] out = new NDArray[in.length + 1];
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(in);
            gc.backward(y.mul(w).sum());
            out[0] = y.stopGradient().duplicate();
        }
        for (int i = 0; i < in.length; i++) out[i + 1] = in[i].getGradient().duplicate();
        return out;
    }

    static void compare(String name, Function<NDArray[], NDArray> fused, Function<NDArray[], NDArray> composite,
                        Shape outShape, NDArray... inputs) {
        NDArray w = m.randomNormal(outShape);
        for (boolean grad : new boolean[]{false, true}) {
            NDArray[] a = run(fused, w, grad, inputs), b = run(composite, w, grad, inputs);
            assertClose(a[0], b[0], name + " output");
            for (int i = 1; i < a.length; i++) assertClose(a[i], b[i], name + " gradient of input " + (i - 1));
        }
    }

    @Test
    void geluErf() {
        NDArray x = m.randomNormal(new Shape(4, 9, 16)).mul(m.full(new Shape(), 3f));
        compare("geluErf", in -> Ops.geluErf(in[0]), in -> Ops.geluErfComposite(in[0]), x.getShape(), x);
    }

    @Test
    void geluTanh() {
        NDArray x = m.randomNormal(new Shape(4, 9, 16)).mul(m.full(new Shape(), 3f));
        compare("geluTanh", in -> Ops.geluTanh(in[0]), in -> Ops.geluTanhComposite(in[0]), x.getShape(), x);
        // and it is the tanh form, not the erf one (the test can fail)
        assertTrue(Ops.geluTanh(x).sub(Ops.geluErfComposite(x)).abs().max().getFloat() > 1e-4f);
    }

    @ParameterizedTest
    @ValueSource(floats = {1e-6f, 1e-5f})
    void layerNorm(float eps) {
        NDArray x = m.randomNormal(new Shape(3, 11, 8)).mul(m.full(new Shape(), 2f)).add(m.full(new Shape(), 0.7f));
        NDArray gamma = m.randomNormal(new Shape(8)), beta = m.randomNormal(new Shape(8));
        compare("layerNorm", in -> Ops.layerNorm(in[0], in[1], in[2], eps),
                in -> Ops.layerNormComposite(in[0], in[1], in[2], eps), x.getShape(), x, gamma, beta);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void batchNorm(boolean training) {
        float mom = 0.95f, eps = 1e-5f;
        NDArray x = m.randomNormal(new Shape(4, 13, 6)).mul(m.full(new Shape(), 1.5f)).add(m.full(new Shape(), -0.4f));
        NDArray gamma = m.randomNormal(new Shape(6)), beta = m.randomNormal(new Shape(6));
        NDArray rm0 = m.randomNormal(new Shape(6)), rv0 = m.randomUniform(0.5f, 2f, new Shape(6));
        NDArray rmA = rm0.duplicate(), rvA = rv0.duplicate(), rmB = rm0.duplicate(), rvB = rv0.duplicate();
        compare("batchNorm(" + (training ? "training" : "inference") + ")",
                in -> Ops.batchNorm(in[0], in[1], in[2], rmA, rvA, mom, eps, training),
                in -> Ops.batchNormComposite(in[0], in[1], in[2], rmB, rvB, mom, eps, training), x.getShape(), x, gamma, beta);
        // compare() ran each twice: two running-statistics updates in training, none in inference
        assertClose(rmA, rmB, "running mean");
        assertClose(rvA, rvB, "running variance");
        if (training) assertTrue(rmA.sub(rm0).abs().max().getFloat() > 1e-3f, "the running mean was updated");
        else {
            assertClose(rmA, rm0, "running mean untouched");
            assertClose(rvA, rvB, "running variance untouched");
        }
    }

    @Test
    void batchNormRunningVarianceIsBiased() {
        // one channel, values {0, 2}: biased variance 1 (unbiased would be 2); momentum 0.5 from running var 0
        NDArray x = m.create(new float[]{0f, 2f}, new Shape(1, 2, 1)).duplicate();
        NDArray rm = m.zeros(new Shape(1)), rv = m.zeros(new Shape(1));
        Ops.batchNorm(x, m.ones(new Shape(1)), m.zeros(new Shape(1)), rm, rv, 0.5f, 1e-5f, true);
        assertEquals(0.5f, rm.getFloat(0), 1e-7f);
        assertEquals(0.5f, rv.getFloat(0), 1e-7f);
    }

    @Test
    void crossEntropy() {
        NDArray logits = m.randomNormal(new Shape(7, 5)).mul(m.full(new Shape(), 3f));
        NDArray y = m.create(new long[]{0, 4, 2, 2, 1, 3, 0});
        compare("crossEntropy", in -> Ops.crossEntropy(in[0], y), in -> Ops.crossEntropyComposite(in[0], y),
                new Shape(), logits);
        NDArray pick = Ops.logSoftmaxPick(logits, y.toType(DataType.FLOAT32, false));    // float labels as Batches gives
        assertClose(pick.sum().neg().div(m.full(new Shape(), 7f)), Ops.crossEntropyComposite(logits, y), "pick");
    }

    @Test
    void noGradientRecordsNoGraphEvenInsideAGradientCollector() {
        NDArray p = m.randomNormal(new Shape(4));
        p.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {   // grad mode on
            NDArray q;
            try (Ops.Scope s = Ops.noGradient()) {
                q = p.mul(p);
            }
            assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "the previous mode is restored");
            assertThrows(ai.djl.engine.EngineException.class, () -> gc.backward(q.sum()),
                    "inside noGradient nothing is recorded, so there is nothing to differentiate");
            gc.backward(p.mul(p).sum());                         // outside the scope it is (the test can fail)
        }
        assertClose(p.getGradient(), p.mul(m.full(new Shape(), 2f)), "d(p^2)/dp");
    }

    /**
     * A pruned S4D layer whose channels keep different numbers of modes skips its zero padding in the kernel
     * (S4dLayer#activeStates): output and input gradient still equal the recurrence, which never skips.
     */
    @Test
    void s4dSkipsItsPaddingExactly() {
        S4dLayer s = S4dLayer.of(m, last.ssm.S4dInit.init(last.ssm.S4dInit.Options.defaults().withH(6).withNs(8).withSeed(2)));
        int mm = s.modesPerChannel();
        boolean[] keep = new boolean[s.stateCount()];
        for (int h = 0; h < 6; h++) for (int j = 0; j <= h % mm; j++) keep[h * mm + j] = true;
        S4dLayer p = s.pruned(m, keep);
        NDArray u = m.randomNormal(new Shape(2, 40, 6));
        compare("uneven pruned S4D, FFT vs recurrence", in -> p.apply(in[0]), in -> p.applyRecurrent(in[0]), u.getShape(), u);
    }

    /** Whole models: training step and evaluation run and stay finite with each norm (fused ops in place). */
    @ParameterizedTest
    @ValueSource(strings = {"S5-BATCH", "S5-LAYER", "S4D-BATCH", "S4D-LAYER"})
    void modelsRunWithTheFusedOps(String kind) {
        String[] k = kind.split("-");
        ModelConfig c = (k[0].equals("S5") ? ModelConfig.s5(3, 4, 2, 8, 8, 2) : ModelConfig.s4d(3, 4, 2, 8, 4))
                .withNorm(ModelConfig.Norm.valueOf(k[1]));
        try (SequenceModel model = SequenceModel.create(c)) {
            NDArray u = model.manager().randomNormal(new Shape(2, 10, 3));
            NDArray y = model.manager().create(new long[]{1, 3});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = Ops.crossEntropy(model.forward(u, null, true), y);
                gc.backward(l);
                assertTrue(Float.isFinite(l.getFloat()));
            }
            for (Param p : model.params()) assertTrue(Float.isFinite(p.array().getGradient().abs().sum().getFloat()), p.name());
            assertTrue(Float.isFinite(model.forward(u, null, false).abs().sum().getFloat()));
        }
    }
}
