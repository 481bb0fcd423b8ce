package last.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A save is all-or-nothing (issue 11.4): a crash at any step leaves a loadable checkpoint, old or new, never a mix. */
class CheckpointCrashTest {

    static final class Crash extends RuntimeException {}

    @AfterEach
    void reset() { Checkpoint.saveStep = k -> { }; }

    static Map<String, float[]> values(SequenceModel m) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        m.tensors().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    static void assertSameTensors(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aCrashAtEachStepOfASaveLeavesTheOldOrTheNewCheckpointWhole(int step, @TempDir Path dir) {
        try (SequenceModel first = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2).withSeed(1));
             SequenceModel second = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2).withSeed(2));
             ai.djl.ndarray.NDManager om = ai.djl.ndarray.NDManager.newBaseManager()) {
            Map<String, ai.djl.ndarray.NDArray> opt1 = Map.of("step", om.create(new long[]{1})), opt2 = Map.of("step", om.create(new long[]{2}));
            Checkpoint.save(first, dir, "t", "v", 0, 1, Map.of(), Map.of(), opt1);
            Checkpoint.saveStep = k -> { if (k == step) throw new Crash(); };
            assertThrows(Crash.class, () -> Checkpoint.save(second, dir, "t", "v", 0, 2, Map.of(), Map.of(), opt2));
            Checkpoint.saveStep = k -> { };
            Checkpoint.Meta meta = Checkpoint.meta(dir);
            SequenceModel expected = step == 1 ? first : second;           // the sidecar rename is the commit point
            assertEquals(step == 1 ? 1 : 2, meta.epoch());
            try (SequenceModel back = Checkpoint.load(dir); ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                assertSameTensors(values(expected), values(back));
                // the optimiser state always belongs to the same epoch as the model
                assertEquals(meta.epoch(), Checkpoint.loadOptimizer(dir, m).get("step").toLongArray()[0]);
            }
        }
    }

    @Test
    void aCorruptOptimizerStateIsRefusedByName(@TempDir Path dir) throws Exception {
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2));
             ai.djl.ndarray.NDManager om = ai.djl.ndarray.NDManager.newBaseManager()) {
            Checkpoint.save(m, dir, "t", "v", 0, 1, Map.of(), Map.of(), Map.of("step", om.create(new long[]{1})));
            Path opt = dir.resolve(Checkpoint.meta(dir).optimizerFile());
            byte[] b = Files.readAllBytes(opt);
            b[b.length / 2] ^= 1;
            Files.write(opt, b);
            var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadOptimizer(dir, om));
            assertTrue(e.getMessage().contains(opt.getFileName().toString()) && e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    /** Saves forever in a loop (the child of the kill -9 test). */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        for (int i = 1; ; i++) {
            try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2).withSeed(i))) {
                Checkpoint.save(m, dir, "t", "v", i, i, Map.of(), Map.of(), null);
            }
        }
    }

    @Test
    void killDashNineDuringSavesNeverLeavesAnUnloadableCheckpoint(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.Random rnd = new java.util.Random(5);
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CheckpointCrashTest.class.getName(),
                    dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // the first save needs a JVM and the engine started: generous on a loaded machine (60 s was once too short)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.exists(dir.resolve("model.json")) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(20);
            if (!Files.exists(dir.resolve("model.json"))) {
                p.destroyForcibly();
                fail("round " + round + ": the saving child wrote no checkpoint within 300 s (alive: " + p.isAlive() + ")");
            }
            Thread.sleep(300 + rnd.nextInt(700));
            p.destroyForcibly();                                           // SIGKILL
            p.waitFor();
            try (SequenceModel back = Checkpoint.load(dir)) {
                assertEquals(Checkpoint.meta(dir).seed(), back.config().seed(), "round " + round);
            }
        }
    }
}
