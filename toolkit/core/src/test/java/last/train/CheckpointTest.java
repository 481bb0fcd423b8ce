package last.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import last.model.Checkpoint;
import last.model.ModelConfig;
import last.model.SequenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    static Path saved(Path dir) {
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2))) {
            Checkpoint.save(m, dir, "t", "v1", 0, 1, Map.of(), Map.of(), null);
        }
        return dir;
    }

    @Test
    void roundTripKeepsEveryTensor(@TempDir Path dir) {
        try (SequenceModel m = SequenceModel.create(ModelConfig.s4d(2, 3, 2, 4, 4).withSeed(9))) {
            Checkpoint.save(m, dir, "t", "v1", 9, 3, Map.of("lr", 0.1), Map.of("acc", 0.5), null);
            try (SequenceModel back = Checkpoint.load(dir)) {
                assertEquals(m.config(), back.config());
                var a = m.tensors();
                var b = back.tensors();
                assertEquals(a.keySet(), b.keySet());
                for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
            }
        }
        assertEquals(3, Checkpoint.meta(dir).epoch());
    }

    @Test
    void truncatedTensorFileIsRefused(@TempDir Path dir) throws Exception {
        Path npz = Checkpoint.modelFile(saved(dir));
        byte[] b = Files.readAllBytes(npz);
        Files.write(npz, java.util.Arrays.copyOf(b, b.length / 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void wrongVersionAndMissingSidecarAreRefused(@TempDir Path dir) throws Exception {
        Path json = saved(dir).resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"version\" : 2", "\"version\" : 99"));
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        Files.delete(json);
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("missing model.json"), e.getMessage());
    }

    @Test
    void nanAndWrongShapeTensorsAreRefused() {
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2))) {
            var t = new java.util.LinkedHashMap<>(m.tensors());
            var nan = t.get("decoder.b").duplicate();
            nan.set(new float[]{Float.NaN, 0, 0});
            t.put("decoder.b", nan);
            var e = assertThrows(IllegalArgumentException.class, () -> SequenceModel.fromTensors(m.config(), m.manager(), t));
            assertTrue(e.getMessage().contains("decoder.b") && e.getMessage().contains("non-finite"), e.getMessage());
            var t2 = new java.util.LinkedHashMap<>(m.tensors());
            t2.put("encoder.W", m.manager().zeros(new ai.djl.ndarray.types.Shape(2, 8)));
            e = assertThrows(IllegalArgumentException.class, () -> SequenceModel.fromTensors(m.config(), m.manager(), t2));
            assertTrue(e.getMessage().contains("encoder.W") && e.getMessage().contains("shape"), e.getMessage());
        }
    }

    @Test
    void aMissingTensorIsNamed() {
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 3, 2, 8, 8, 2).withBidirectional(true))) {
            var t = new java.util.LinkedHashMap<>(m.tensors());
            t.remove("layer1.ssm.C2_re");
            var e = assertThrows(IllegalArgumentException.class, () -> SequenceModel.fromTensors(m.config(), m.manager(), t));
            assertTrue(e.getMessage().contains("C2_re"), e.getMessage());
            t.remove("layer1.ssm.C2_im");      // both gone: the layer alone looks unidirectional, the model knows better
            e = assertThrows(IllegalArgumentException.class, () -> SequenceModel.fromTensors(m.config(), m.manager(), t));
            assertTrue(e.getMessage().contains("missing tensor layer1.ssm.C2_re"), e.getMessage());
        }
    }
}
