package last.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Zero-shot evaluation at another sampling rate (paper Table 10, S5's step_rescale): a model on a band-limited signal
 * and the same model with every step doubled on the signal decimated by 2 describe the same continuous-time system,
 * so their pooled outputs agree up to the discretisation error.
 */
class StepRescaleTest {

    /** (1, L, 1): a sum of two slow sinusoids (well below the Nyquist rate of the decimated signal). */
    static float[] signal(int len, int every) {
        float[] u = new float[len / every];
        for (int k = 0; k < u.length; k++) {
            double t = (double) k * every / len;
            u[k] = (float) (Math.sin(2 * Math.PI * 3 * t) + 0.5 * Math.cos(2 * Math.PI * 5 * t + 0.3));
        }
        return u;
    }

    @ParameterizedTest
    @EnumSource(ModelConfig.Kind.class)
    void doubledStepOnTheDecimatedSignalGivesNearlyTheSameOutput(ModelConfig.Kind kind) {
        ModelConfig c = (kind == ModelConfig.Kind.S5 ? ModelConfig.s5(1, 4, 2, 16, 16, 2) : ModelConfig.s4d(1, 4, 2, 16, 8))
                .withSeed(11).withDt(0.002, 0.02);
        int len = 2048;
        try (SequenceModel m = SequenceModel.create(c); SequenceModel twice = m.withStepRescale(2); NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDArray full = m.manager().create(signal(len, 1), new Shape(1, len, 1));
            NDArray half = m.manager().create(signal(len, 2), new Shape(1, len / 2, 1));
            float[] ref = m.forward(full, null, false).toFloatArray();
            float[] zeroShot = twice.forward(half, null, false).toFloatArray();
            float[] naive = m.forward(half, null, false).toFloatArray();      // same model, step not rescaled
            double errZero = dist(ref, zeroShot), errNaive = dist(ref, naive), scale = norm(ref);
            assertTrue(errZero < 0.05 * scale, kind + ": rescaled output differs by " + errZero + " (|y| " + scale + ")");
            assertTrue(errZero < errNaive / 3, kind + ": rescaling must help: " + errZero + " vs " + errNaive + " without");
        }
    }

    @ParameterizedTest
    @EnumSource(ModelConfig.Kind.class)
    void rescaleOneIsTheIdentityAndBadScalesAreRefused(ModelConfig.Kind kind) {
        ModelConfig c = kind == ModelConfig.Kind.S5 ? ModelConfig.s5(1, 4, 2, 8, 8, 2) : ModelConfig.s4d(1, 4, 2, 8, 4);
        try (SequenceModel m = SequenceModel.create(c); SequenceModel same = m.withStepRescale(1)) {
            for (var e : m.tensors().entrySet())
                assertArrayEquals(e.getValue().toFloatArray(), same.tensors().get(e.getKey()).toFloatArray(), e.getKey());
            for (double bad : new double[]{0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
                var ex = assertThrows(IllegalArgumentException.class, () -> m.withStepRescale(bad));
                assertTrue(ex.getMessage().contains("step rescale"), ex.getMessage());
            }
        }
    }

    static double dist(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    static double norm(float[] a) { return dist(a, new float[a.length]); }
}
