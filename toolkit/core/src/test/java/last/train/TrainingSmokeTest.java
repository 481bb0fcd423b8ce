package last.train;

import last.model.BatchArrays;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import last.data.SequenceDataset;
import last.data.generate.Synthetic;
import last.model.Checkpoint;
import last.model.ModelConfig;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.score.Scores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainingSmokeTest {

    static final SequenceDataset TRAIN = Synthetic.sinusoids("sin/train", 768, 64, 4, 0.8, 1);
    static final SequenceDataset TEST = Synthetic.sinusoids("sin/test", 256, 64, 4, 0.8, 2);

    static ModelConfig config(ModelConfig.Kind kind) {
        return kind == ModelConfig.Kind.S5 ? ModelConfig.s5(1, 4, 2, 16, 16, 2).withSeed(3)
                : ModelConfig.s4d(1, 4, 2, 16, 8).withSeed(3);
    }

    @ParameterizedTest
    @EnumSource(ModelConfig.Kind.class)
    void smokeTrainingBeatsChanceClearly(ModelConfig.Kind kind, @TempDir Path dir) {
        var out = new ByteArrayOutputStream();
        var cfg = new TrainConfig(4, 32, 4e-3, 2e-3, 0.01, 0.5, 1.0, 7, 0);
        var o = Trainer.train(SequenceModel.create(config(kind)), TRAIN, TEST, cfg, dir, "sinusoids", "synthetic-v1",
                false, 0, new PrintStream(out));
        try (SequenceModel m = o.model()) {
            assertTrue(o.validation().accuracy() > 0.6, kind + " accuracy " + o.validation().accuracy() + "\n" + out);
            assertTrue(Files.readAllLines(dir.resolve("train-log.csv")).size() == 5);
            assertEquals(4, Checkpoint.meta(dir).epoch());
            // the checkpoint reproduces the trained model's evaluation exactly
            try (SequenceModel back = Checkpoint.load(dir)) {
                assertEquals(Evaluation.evaluate(m, TEST, 64).accuracy(), Evaluation.evaluate(back, TEST, 64).accuracy(), 0);
            }
            // physically pruned model = masked model on real data
            PruningPlan plan = Pruning.plan(Scores.last(m.discreteLayers()), 0.5);
            try (SequenceModel masked = m.masked(plan); SequenceModel small = m.pruned(plan); NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                NDArray[] b = BatchArrays.of(m.manager(), TEST, new int[]{0, 1, 2, 3, 4, 5, 6, 7});
                NDArray a = masked.forward(b[0], null, false), c = small.forward(b[0], null, false);
                assertTrue(a.sub(c).abs().max().getFloat() < 1e-4, "pruned vs masked logits");
                assertTrue(small.parameterCount() < m.parameterCount() || kind == ModelConfig.Kind.S4D);
            }
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void resumeContinuesFromTheLastEpochAndExistingCheckpointsAreNotOverwritten(@TempDir Path dir) {
        var out = new ByteArrayOutputStream();
        var cfg2 = new TrainConfig(2, 64, 4e-3, 2e-3, 0.01, 0, 0, 7, 256);
        var cfg3 = new TrainConfig(3, 64, 4e-3, 2e-3, 0.01, 0, 0, 7, 256);
        Trainer.train(SequenceModel.create(config(ModelConfig.Kind.S5)), TRAIN, TEST, cfg2, dir, "t", "v", false, 64, new PrintStream(out)).model().close();
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.train(SequenceModel.create(config(ModelConfig.Kind.S5)),
                TRAIN, TEST, cfg3, dir, "t", "v", false, 64, new PrintStream(out)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        Trainer.train(SequenceModel.create(config(ModelConfig.Kind.S5)), TRAIN, TEST, cfg3, dir, "t", "v", true, 64, new PrintStream(out)).model().close();
        assertTrue(out.toString().contains("resumed from"), out.toString());
        assertEquals(3, Checkpoint.meta(dir).epoch());
    }

    @Test
    void nonFiniteBatchesAreSkippedAndARunawayRunStopsWithAClearError(@TempDir Path dir) {
        // an absurd learning rate blows the parameters up after the first step: every later batch has a non-finite
        // loss, is skipped (never applied), and after MAX_CONSECUTIVE_SKIPS in a row the run stops as diverged
        var out = new ByteArrayOutputStream();
        var cfg = new TrainConfig(1, 32, 1e30, 1e30, 0, 0, 0, 7, 0);
        var e = assertThrows(IllegalStateException.class, () -> Trainer.train(SequenceModel.create(config(ModelConfig.Kind.S5)),
                TRAIN, TEST, cfg, dir, "sinusoids", "synthetic-v1", false, 0, new PrintStream(out)));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("in a row"), e.getMessage());
        assertTrue(out.toString().contains("batch skipped"), out.toString());
        assertFalse(Files.exists(dir.resolve("model.json")), "no checkpoint of a diverged epoch is written");
    }

    @Test
    void zeroGradientsClearsNaNEntriesSoTrainingCanContinue() {
        try (SequenceModel m = SequenceModel.create(config(ModelConfig.Kind.S5)); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            var params = m.params();
            NDArray w = params.get(0).array();
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(w.mul(Float.NaN).sum());
            }
            assertTrue(Float.isNaN(w.getGradient().toFloatArray()[0]), "the gradient is NaN before zeroing");
            Trainer.zeroGradients(params);
            for (var p : params) for (float g : p.array().getGradient().toFloatArray()) assertEquals(0f, g);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(w.mul(2f).sum());
            }
            for (float g : w.getGradient().toFloatArray()) assertEquals(2f, g, 0f);
        }
    }
}
