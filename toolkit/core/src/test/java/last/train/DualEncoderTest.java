package last.train;

import last.data.source.Retrieval;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Map;
import last.model.Checkpoint;
import last.model.ModelConfig;
import last.model.Param;
import last.model.SequenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-tower (LRA Retrieval) head: per-pair independence, padding, checkpointing, and that it learns a matching task. */
class DualEncoderTest {

    static ModelConfig config() { return ModelConfig.s5(1, 2, 1, 8, 8, 2).withDualEncoder(true).withSeed(3); }

    @Test
    void pairsAreIndependentAndPaddingIsIgnored(@TempDir Path dir) {
        Engine.getInstance().setRandomSeed(2);
        try (SequenceModel m = SequenceModel.create(config()); NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.randomNormal(new Shape(6, 10, 1));                        // 3 pairs: rows 0-2 first sides, 3-5 second
            NDArray lens = nd.create(new float[]{10, 6, 10, 10, 4, 10});
            float[] all = m.forward(x, lens, false).toFloatArray();
            assertEquals(6, all.length);                                             // (3 pairs, 2 classes)
            NDArray pair1 = x.get("1:2").concat(x.get("4:5"), 0), len1 = nd.create(new float[]{6, 4});
            float[] one = m.forward(pair1, len1, false).toFloatArray();              // pair 1 alone
            assertEquals(all[2], one[0], 1e-5);
            assertEquals(all[3], one[1], 1e-5);
            // changing padding of pair 1's first document (beyond length 6) changes nothing; changing a valid step does
            NDArray y = x.duplicate();
            y.set(new ai.djl.ndarray.index.NDIndex("1, 8, 0"), 100f);
            assertArrayEquals(all, m.forward(y, lens, false).toFloatArray(), 1e-4f);
            y.set(new ai.djl.ndarray.index.NDIndex("1, 2, 0"), 100f);
            assertNotEquals(all[2], m.forward(y, lens, false).toFloatArray()[2], 1e-3);
            var odd = assertThrows(IllegalArgumentException.class, () -> m.forward(x.get(":5"), null, false));
            assertTrue(odd.getMessage().contains("2B"), odd.getMessage());
            var bad = assertThrows(IllegalArgumentException.class, () -> m.forward(x, nd.create(new float[]{10, 10, 10}), false));
            assertTrue(bad.getMessage().contains("(2B)"), bad.getMessage());
            Checkpoint.save(m, dir, "pairs", "v1", 3, 1, Map.of(), Map.of(), null);
            try (SequenceModel back = Checkpoint.load(dir)) {
                assertTrue(back.config().dualEncoder());
                assertArrayEquals(all, back.forward(x, lens, false).toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void learnsWhetherTwoDocumentsMatch() {
        // document = a constant level +1 or -1 plus noise; label 1 when both documents have the same level: an XOR
        // of the two towers' features, which only the head's interaction terms (h1 - h2, h1 * h2) can express
        Engine.getInstance().setRandomSeed(5);
        try (SequenceModel m = SequenceModel.create(config().withNorm(ModelConfig.Norm.LAYER)); NDManager nd = NDManager.newBaseManager()) {
            AdamW opt = new AdamW(m.manager());
            var params = m.params();
            java.util.Random rnd = new java.util.Random(1);
            int b = 32, len = 8;
            double acc = 0;
            for (int step = 0; step < 150; step++) {
                float[] x = new float[2 * b * len], y = new float[b];                 // rows 0..b-1 first sides, b..2b-1 second
                for (int k = 0; k < b; k++) {
                    int s1 = rnd.nextBoolean() ? 1 : -1, s2 = rnd.nextBoolean() ? 1 : -1;
                    y[k] = s1 == s2 ? 1 : 0;
                    for (int t = 0; t < len; t++) {
                        x[k * len + t] = (float) (s1 + 0.3 * rnd.nextGaussian());
                        x[(b + k) * len + t] = (float) (s2 + 0.3 * rnd.nextGaussian());
                    }
                }
                try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray in = m.manager().create(x, new Shape(2 * b, len, 1)), lab = m.manager().create(y).toType(DataType.INT64, false);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = m.forward(in, null, true);
                        NDArray l = logits.logSoftmax(1).mul(lab.oneHot(2)).sum(new int[]{1}).neg().mean();
                        gc.backward(l);
                        if (step >= 130) acc += logits.argMax(1).toType(DataType.INT64, false).eq(lab).sum().getLong() / (double) b / 20;
                    }
                    opt.step(params, 1e-2, 1e-2, 0, 1);
                    for (Param p : params) p.array().getGradient().subi(p.array().getGradient());
                }
            }
            assertTrue(acc > 0.9, "matching accuracy over the last 20 steps " + acc);
        }
    }
}
