package last.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import last.model.ModelConfig;
import last.model.Ops;
import last.model.Param;
import last.model.SequenceModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Trainer#step} releases every forward intermediate before the backward pass (issue #12, memory), and the
 * gradients it leaves are still the loss's true gradient: checked against central finite differences of the loss,
 * an independent computation that does not use autograd.
 */
class StepMemoryTest {

    static ModelConfig config(String kind) {
        return switch (kind) {
            case "S5" -> ModelConfig.s5(1, 4, 2, 8, 8, 1).withSeed(5).withDropout(0);
            case "S5-bidirectional" -> ModelConfig.s5(1, 4, 2, 8, 8, 1).withSeed(5).withDropout(0).withBidirectional(true);
            case "S4D" -> ModelConfig.s4d(1, 4, 2, 8, 8).withSeed(5).withDropout(0);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static NDArray[] batch(NDManager m) {
        Random r = new Random(11);
        float[] x = new float[6 * 24];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return new NDArray[]{m.create(x, new Shape(6, 24, 1)), m.create(new long[]{0, 1, 2, 3, 1, 2})};
    }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S5-bidirectional", "S4D"})
    void aStepLeavesNoForwardIntermediateAlive(String kind) {
        try (SequenceModel model = SequenceModel.create(config(kind)); NDScope outer = new NDScope()) {
            outer.suppressNotUsedWarning();
            NDArray[] b = batch(model.manager());
            Trainer.step(model, b[0], null, b[1]);                      // first step: the engine's lazy state
            int before = model.manager().getManagedArrays().size();
            Trainer.Step s = Trainer.step(model, b[0], null, b[1]);
            int after = model.manager().getManagedArrays().size();
            assertTrue(Float.isFinite(s.loss()));
            // only the loss survives the step (without the forward scope 18 arrays survive: encoder, pooling, read-out,
            // logits; without the per-layer scopes of SequenceModel, over a hundred)
            assertTrue(after - before <= 2, kind + ": " + (after - before) + " arrays left alive by one step");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S5-bidirectional", "S4D"})
    void theGradientsOfAStepMatchFiniteDifferencesOfTheLoss(String kind) {
        try (SequenceModel model = SequenceModel.create(config(kind)); NDScope outer = new NDScope()) {
            outer.suppressNotUsedWarning();
            NDArray[] b = batch(model.manager());
            List<Param> params = model.params();
            Trainer.step(model, b[0], null, b[1]);
            double[][] g = new double[params.size()][];
            double gNorm2 = 0;
            for (int i = 0; i < params.size(); i++) {
                g[i] = Ops.doubles(params.get(i).array().getGradient());
                for (double v : g[i]) gNorm2 += v * v;
            }
            double gNorm = Math.sqrt(gNorm2);
            assertTrue(gNorm > 1e-3, kind + ": gradient norm " + gNorm);
            // two directions: the gradient's own (derivative = |g|) and a random unit one
            Random r = new Random(3);
            double[][] rnd = new double[params.size()][];
            double rNorm2 = 0;
            for (int i = 0; i < params.size(); i++) {
                rnd[i] = new double[g[i].length];
                for (int j = 0; j < rnd[i].length; j++) {
                    rnd[i][j] = r.nextGaussian();
                    rNorm2 += rnd[i][j] * rnd[i][j];
                }
            }
            for (double[][] dir : new double[][][]{g, rnd}) {
                double norm = dir == g ? gNorm : Math.sqrt(rNorm2), predicted = 0;
                for (int i = 0; i < params.size(); i++)
                    for (int j = 0; j < dir[i].length; j++) predicted += g[i][j] * dir[i][j] / norm;
                double eps = 1e-3;   // 3e-3 is already too coarse for S4D's log-parametrised poles (truncation)
                double lp = lossAt(model, params, dir, eps / norm, b), lm = lossAt(model, params, dir, -eps / norm, b);
                double fd = (lp - lm) / (2 * eps);
                assertEquals(predicted, fd, 0.02 * gNorm + 1e-4, kind + (dir == g ? " along the gradient" : " along a random direction"));
            }
        }
    }

    /** The training-mode loss with every parameter moved by {@code t * dir} (restored afterwards). */
    static double lossAt(SequenceModel model, List<Param> params, double[][] dir, double t, NDArray[] b) {
        shift(params, dir, t);
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            return Ops.crossEntropy(model.forward(b[0], null, true), b[1].toType(DataType.INT64, false)).getFloat();
        } finally {
            shift(params, dir, -t);
        }
    }

    static void shift(List<Param> params, double[][] dir, double t) {
        for (int i = 0; i < params.size(); i++) {
            NDArray a = params.get(i).array();
            try (NDArray d = Ops.array(a.getManager(), scaled(dir[i], t), a.getShape())) {
                a.addi(d);
            }
        }
    }

    static double[] scaled(double[] v, double t) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i] * t;
        return o;
    }
}
