package last.train;

import last.model.BatchArrays;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import last.data.SequenceDataset;
import last.data.generate.Synthetic;
import last.model.ModelConfig;
import last.model.Ops;
import last.model.Param;
import last.model.SequenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root cause of the sporadic non-finite gradients (issue 11.5): DJL's scalar overloads ({@code x.mul(2f)}) create the
 * scalar {@code from_blob} over a Java direct buffer and close it after the call, while autograd keeps it for the
 * backward pass; after a garbage collection the backward reads freed memory. These tests run a thread that collects
 * garbage and fills fresh direct buffers with junk all the time, which turned that race into a certainty.
 */
class ReproducibilityTest {

    /** Collects garbage and recycles direct memory as fast as it can, until closed. */
    static final class GcPressure implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 14);
                while (b.remaining() >= 4) b.putFloat(1e30f);
                try { Thread.sleep(1); } catch (InterruptedException e) { return; }
            }
        }, "gc-pressure");

        GcPressure() { thread.setDaemon(true); thread.start(); }

        @Override
        public void close() throws InterruptedException { stop.set(true); thread.join(); }
    }

    @Test
    void engineOwnedConstantsGiveTheRightGradientUnderGarbageCollection() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); GcPressure gc = new GcPressure()) {
            for (int trial = 0; trial < 20; trial++) {
                NDArray x = m.create(new float[]{1f, 2f, 3f, 4f});
                x.setRequiresGradient(true);
                try (var g = Engine.getInstance().newGradientCollector()) {
                    NDArray y = Ops.div(Ops.mul(x, 3f), 0.5f).mul(Ops.minimum(x, 10f));   // 6 x^2
                    Thread.sleep(3);                                                       // let a collection happen
                    g.backward(y.sum());
                }
                float[] grad = x.getGradient().toFloatArray();
                for (int i = 0; i < 4; i++) assertEquals(12f * (i + 1), grad[i], 1e-4f, "trial " + trial + ", entry " + i);
            }
        }
    }

    @Test
    void modelGradientsAreBitIdenticalWithAndWithoutGarbageCollectionPressure() throws Exception {
        for (ModelConfig.Kind kind : ModelConfig.Kind.values()) {
            List<float[]> quiet = gradients(kind), stressed;
            try (GcPressure gc = new GcPressure()) {
                stressed = gradients(kind);
            }
            for (int i = 0; i < quiet.size(); i++) assertArrayEquals(quiet.get(i), stressed.get(i), kind + " parameter " + i);
        }
    }

    private static List<float[]> gradients(ModelConfig.Kind kind) throws InterruptedException {
        SequenceDataset data = Synthetic.sinusoids("sin", 64, 48, 4, 0.8, 1);
        try (SequenceModel model = SequenceModel.create(TrainingSmokeTest.config(kind)); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] b = BatchArrays.of(model.manager(), data, java.util.stream.IntStream.range(0, 16).toArray());
            try (var g = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(b[0], b[1], true);
                NDArray y = b[2].toType(DataType.INT64, false);
                NDArray l = logits.logSoftmax(1).mul(y.oneHot(4)).sum(new int[]{1}).neg().mean();
                for (int k = 0; k < 5; k++) { System.gc(); Thread.sleep(2); }
                g.backward(l);
            }
            List<float[]> out = new ArrayList<>();
            for (Param p : model.params()) out.add(p.array().getGradient().toFloatArray());
            Trainer.zeroGradients(model.params());
            return out;
        }
    }

    @Test
    void sameConfigSeedAndThreadsGiveBitIdenticalLogAndWeights(@TempDir Path tmp) throws Exception {
        SequenceDataset train = Synthetic.sinusoids("sin/train", 384, 48, 4, 0.8, 1);
        SequenceDataset val = Synthetic.sinusoids("sin/val", 128, 48, 4, 0.8, 2);
        TrainConfig cfg = new TrainConfig(2, 32, 4e-3, 2e-3, 0.01, 0.5, 1.0, 7, 0);
        String[] logs = new String[2];
        List<java.util.Map<String, float[]>> weights = new ArrayList<>();
        try (GcPressure gc = new GcPressure()) {
            for (int run = 0; run < 2; run++) {
                Path dir = tmp.resolve("run" + run);
                var o = Trainer.train(SequenceModel.create(TrainingSmokeTest.config(ModelConfig.Kind.S5)), train, val, cfg,
                        dir, "sinusoids", "synthetic-v1", false, 0, new PrintStream(OutputStream.nullOutputStream()));
                o.model().close();
                // everything but the wall-clock column
                logs[run] = String.join("\n", Files.readAllLines(dir.resolve("train-log.csv")).stream()
                        .map(l -> l.substring(0, l.lastIndexOf(','))).toList());
                try (SequenceModel back = last.model.Checkpoint.load(dir)) {
                    java.util.Map<String, float[]> w = new java.util.TreeMap<>();
                    back.tensors().forEach((k, v) -> w.put(k, v.toFloatArray()));
                    weights.add(w);
                }
            }
        }
        assertEquals(logs[0], logs[1], "train-log.csv of two runs");
        assertEquals(weights.get(0).keySet(), weights.get(1).keySet());
        for (String k : weights.get(0).keySet())
            assertArrayEquals(weights.get(0).get(k), weights.get(1).get(k), "tensor " + k + " of two runs (bit-identical)");
    }
}
