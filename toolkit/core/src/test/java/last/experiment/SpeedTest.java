package last.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import last.model.ModelConfig;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.score.Scores;
import org.junit.jupiter.api.Test;

class SpeedTest {
    static NDArray[] batch(SequenceModel m, int b, int len) {
        NDArray x = m.manager().randomNormal(new Shape(b, len, 1));
        NDArray lengths = m.manager().full(new Shape(b), len, ai.djl.ndarray.types.DataType.INT64);
        return new NDArray[]{x, lengths, m.manager().zeros(new Shape(b), ai.djl.ndarray.types.DataType.INT64)};
    }

    @Test
    void timesBothModelsInCpuTimeAndRestoresTheThreadCount() {
        try (SequenceModel full = SequenceModel.create(ModelConfig.s5(1, 3, 2, 16, 32, 2).withSeed(3))) {
            var plan = Pruning.plan(Scores.last(full.discreteLayers()), 0.75);
            try (SequenceModel pruned = full.pruned(plan)) {
                int before = JniUtils.getNumThreads();
                var t = Speed.compare(full, pruned, batch(full, 8, 512), 1, 5);
                assertEquals(before, JniUtils.getNumThreads(), "the intra-op thread count is restored");
                assertTrue(t.fullMs() > 0 && t.prunedMs() > 0 && t.fullWallMs() > 0 && t.prunedWallMs() > 0, t.toString());
                assertTrue(t.speedupLo() <= t.speedup() && t.speedup() <= t.speedupHi(), t.toString());
                assertEquals(5, t.repeats());
                // a quarter of the states: fewer bytes, and (CPU time, so not at the mercy of other processes) not slower
                assertTrue(t.memoryRatio() < 1, t.toString());
                assertTrue(t.speedup() > 1, "a model with a quarter of its states should not be slower: " + t);
            }
        }
    }

    @Test
    void rejectsTooFewRepeatsAndNegativeWarmup() {
        try (SequenceModel full = SequenceModel.create(ModelConfig.s5(1, 3, 1, 4, 8, 1))) {
            NDArray[] b = batch(full, 2, 16);
            var e = assertThrows(IllegalArgumentException.class, () -> Speed.compare(full, full, b, 0, 2));
            assertTrue(e.getMessage().contains("repeats"));
            e = assertThrows(IllegalArgumentException.class, () -> Speed.compare(full, full, b, -1, 3));
            assertTrue(e.getMessage().contains("warmup"));
        }
    }
}
