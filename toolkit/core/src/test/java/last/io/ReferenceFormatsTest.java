package last.io;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import last.data.SequenceDataset;
import last.model.ModelConfig;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.prune.PruningPlan;
import last.score.Scores;
import last.score.StateScores;
import last.train.Evaluation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reference formats against an independent numpy implementation of the reference equations (fixtures written by
 * tools/reference_fixtures.py): logits to 1e-5, LAST scores equal to the LAST code's formula, bit-identical round
 * trips, and errors that name the array and what was expected.
 */
class ReferenceFormatsTest {
    static final Path DIR = Path.of("src/test/resources/reference");
    static Map<String, HostArray> expected;
    static NDManager m;
    @TempDir Path tmp;

    @BeforeAll
    static void setUp() {
        expected = Npz.read(DIR.resolve("expected.npz"));
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() { m.close(); }

    static NDArray x() {
        HostArray a = expected.get("x");
        return m.create(a.values(), new Shape(a.shape()));
    }

    static void close(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], tol, what + "[" + i + "]");
    }

    static float[] logits(SequenceModel model) { return model.forward(x(), null, false).toFloatArray(); }

    static float[] flat(StateScores s) {
        int n = s.totalStates(), k = 0;
        float[] out = new float[n];
        for (double[] l : s.layers()) for (double v : l) out[k++] = (float) v;
        return out;
    }

    // ------------------------------------------------------------------------------------------ equivalence

    @ParameterizedTest
    @ValueSource(strings = {"s5_uni.msgpack", "s5_uni.npz"})
    void s5MatchesTheReferenceEquations(String file) {
        try (SequenceModel model = ReferenceCheckpoint.load(DIR.resolve(file), DIR.resolve("s5_uni.json"))) {
            assertEquals(ModelConfig.Kind.S5, model.config().kind());
            assertEquals(ModelConfig.Norm.BATCH, model.config().norm());
            assertArrayEquals(new int[]{4, 4}, model.statesPerLayer());
            close(expected.get("s5_uni.logits").values(), logits(model), 1e-5, file + " logits");
            close(expected.get("s5_uni.last").values(), flat(Scores.last(model.discreteLayers())), 1e-5, file + " LAST");
        }
    }

    @Test
    void msgpackAndNpzGiveTheSameTensors() {
        try (SequenceModel a = ReferenceCheckpoint.load(DIR.resolve("s5_uni.msgpack"), DIR.resolve("s5_uni.json"));
             SequenceModel b = ReferenceCheckpoint.load(DIR.resolve("s5_uni.npz"), DIR.resolve("s5_uni.json"))) {
            assertBitIdentical(a, b);
        }
    }

    @Test
    void bidirectionalS5MatchesTheReferenceEquations() {
        try (SequenceModel model = ReferenceCheckpoint.load(DIR.resolve("s5_bidir.npz"), DIR.resolve("s5_bidir.json"))) {
            assertTrue(model.config().bidirectional());
            assertFalse(model.config().prenorm());
            assertEquals(1e-6, model.normEps());
            close(expected.get("s5_bidir.logits").values(), logits(model), 1e-5, "logits");
            close(expected.get("s5_bidir.last").values(),
                    flat(Scores.last(model.discreteLayers(), Scores.BidirectionalC.REFERENCE_CODE)), 1e-5, "LAST (reference code)");
            close(expected.get("s5_bidir.last_sq").values(), flat(Scores.last(model.discreteLayers())), 1e-5, "LAST (paper)");
        }
    }

    @Test
    void complexNormalBidirectionalStoresOneWideC() {
        var a = new LinkedHashMap<>(ReferenceCheckpoint.read(DIR.resolve("s5_bidir.npz")));
        for (int l = 0; l < 2; l++) {                                            // C = [C1 C2] (H, 2N, 2), s5/ssm.py:186-188
            String s = "params/encoder/layers_" + l + "/seq/";
            HostArray c1 = a.remove(s + "C1"), c2 = a.remove(s + "C2");
            float[] both = new float[c1.values().length * 2];
            for (int r = 0; r < 4; r++) {
                System.arraycopy(c1.values(), r * 8, both, r * 16, 8);
                System.arraycopy(c2.values(), r * 8, both, r * 16 + 8, 8);
            }
            a.put(s + "C", HostArray.of(both, 4, 8, 2));
        }
        ReferenceConfig cfg = new ReferenceConfig("s5", "layer", false, "half_glu2", null, null, null, null, null, null, null,
                "complex_normal", null, null);
        try (SequenceModel model = ReferenceCheckpoint.fromArrays(a, cfg, "wide-C")) {
            close(expected.get("s5_bidir.logits").values(), logits(model), 1e-5, "logits");
            Map<String, HostArray> back = ReferenceCheckpoint.toArrays(model, cfg);
            assertArrayEquals(a.get("params/encoder/layers_1/seq/C").values(), back.get("params/encoder/layers_1/seq/C").values());
        }
    }

    @Test
    void s4dMatchesTheReferenceEquations() {
        try (SequenceModel model = ReferenceCheckpoint.load(DIR.resolve("s4d.npz"), DIR.resolve("s4d.json"))) {
            assertEquals(ModelConfig.Kind.S4D, model.config().kind());
            assertEquals(1e-5, model.normEps());                                  // PyTorch's LayerNorm
            assertArrayEquals(new int[]{16, 16}, model.statesPerLayer());
            close(expected.get("s4d.logits").values(), logits(model), 1e-5, "logits");
            close(expected.get("s4d.last").values(), flat(Scores.last(model.discreteLayers())), 1e-5, "LAST");
        }
    }

    // ------------------------------------------------------------------------------------------ prune and export

    @ParameterizedTest
    @ValueSource(strings = {"s5_uni.msgpack|s5_uni.json|out.msgpack", "s5_bidir.npz|s5_bidir.json|out.npz", "s4d.npz|s4d.json|out.npz"})
    void prunedModelsGoBackPhysicallySmaller(String spec) {
        String[] s = spec.split("\\|");
        try (SequenceModel model = ReferenceCheckpoint.load(DIR.resolve(s[0]), DIR.resolve(s[1]))) {
            PruningPlan plan = Pruning.plan(Scores.last(model.discreteLayers()), 0.5);
            try (SequenceModel masked = model.masked(plan); SequenceModel pruned = model.pruned(plan)) {
                float[] want = logits(masked);
                close(want, logits(pruned), 1e-5, "pruned vs masked");
                Path out = tmp.resolve(s[2]), cfg = tmp.resolve("out.json");
                ReferenceCheckpoint.save(pruned, out, cfg);
                Map<String, HostArray> arrays = ReferenceCheckpoint.read(out);
                String lambda = model.config().kind() == ModelConfig.Kind.S5 ? "params/encoder/layers_0/seq/Lambda_re" : "s4_layers.0.kernel.log_A_real";
                long before = ReferenceCheckpoint.read(DIR.resolve(s[0])).get(lambda).size(), after = arrays.get(lambda).size();
                assertTrue(after < before, lambda + " has " + after + " entries after pruning, " + before + " before");
                try (SequenceModel back = ReferenceCheckpoint.load(out, cfg)) {
                    close(want, logits(back), 1e-5, "reloaded pruned model vs masked");
                    assertArrayEquals(pruned.statesPerLayer(), back.statesPerLayer());
                }
                var data = new SequenceDataset("x", 12, 2, expected.get("x").values(), new int[]{0, 2}, null, 3, false);
                assertEquals(Evaluation.evaluate(masked, data, 2).accuracy(), Evaluation.evaluate(pruned, data, 2).accuracy());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ round trips

    static void assertBitIdentical(SequenceModel a, SequenceModel b) {
        Map<String, NDArray> ta = a.tensors(), tb = b.tensors();
        assertEquals(ta.keySet(), tb.keySet());
        for (var e : ta.entrySet()) {
            assertEquals(e.getValue().getShape(), tb.get(e.getKey()).getShape(), e.getKey());
            float[] x = e.getValue().toFloatArray(), y = tb.get(e.getKey()).toFloatArray();
            for (int i = 0; i < x.length; i++)
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), e.getKey() + "[" + i + "]");
        }
        assertEquals(a.normEps(), b.normEps());
        assertEquals(a.config().norm(), b.config().norm());
        assertEquals(a.config().activation(), b.config().activation());
        assertEquals(a.config().prenorm(), b.config().prenorm());
        assertEquals(a.config().bidirectional(), b.config().bidirectional());
    }

    @ParameterizedTest
    @ValueSource(strings = {"uni.msgpack", "bidir.msgpack", "uni.npz", "bidir.npz", "layer-gelu.npz", "half2-last.msgpack"})
    void oursToS5AndBackIsBitIdentical(String name) {
        ModelConfig c = ModelConfig.s5(3, 5, 2, 6, 8, 2).withSeed(11).withBidirectional(name.startsWith("bidir"));
        if (name.startsWith("layer")) c = c.withNorm(ModelConfig.Norm.LAYER).withActivation(ModelConfig.Activation.GELU);
        if (name.startsWith("half2")) c = c.withActivation(ModelConfig.Activation.HALF_GLU2).withPooling(ModelConfig.Pooling.LAST);
        try (SequenceModel ours = SequenceModel.create(c)) {
            Path dir = Path.of("target/reference-export");                 // kept for tools/reference_fixtures.py --check
            Path f = dir.resolve(name), cfg = dir.resolve(name + ".json");
            ReferenceCheckpoint.save(ours, f, cfg);
            try (SequenceModel back = ReferenceCheckpoint.load(f, cfg)) {
                assertBitIdentical(ours, back);
                assertEquals(c.pooling(), back.config().pooling());
            }
        }
    }

    @Test
    void s4dRoundTripsAreBitIdentical() {
        Map<String, HostArray> ref = Npz.read(DIR.resolve("s4d.npz"));
        try (SequenceModel ours = ReferenceCheckpoint.load(DIR.resolve("s4d.npz"), DIR.resolve("s4d.json"))) {
            Map<String, HostArray> again = ReferenceCheckpoint.toArrays(ours, ReferenceConfig.describe(ours));
            assertEquals(ref.keySet(), again.keySet());                           // reference -> ours -> reference
            for (var e : ref.entrySet()) {
                assertArrayEquals(e.getValue().shape(), again.get(e.getKey()).shape(), e.getKey());
                assertArrayEquals(e.getValue().values(), again.get(e.getKey()).values(), e.getKey());
            }
            Path f = tmp.resolve("s4d.npz"), cfg = tmp.resolve("s4d.json");
            ReferenceCheckpoint.save(ours, f, cfg);                                   // ours -> reference -> ours
            try (SequenceModel back = ReferenceCheckpoint.load(f, cfg)) {
                assertBitIdentical(ours, back);
            }
        }
    }

    @Test
    void aFreshS4dModelFoldsBIntoC() {
        try (SequenceModel ours = SequenceModel.create(ModelConfig.s4d(2, 3, 2, 4, 8).withSeed(5))) {
            Path f = tmp.resolve("fresh.npz"), cfg = tmp.resolve("fresh.json");
            ReferenceCheckpoint.save(ours, f, cfg);
            try (SequenceModel back = ReferenceCheckpoint.load(f, cfg)) {
                close(logits(ours), logits(back), 1e-5, "B folded into C");
            }
        }
    }

    @Test
    void s4dWithBatchNormRoundTrips() {
        ModelConfig c = ModelConfig.s4d(2, 3, 2, 4, 8).withSeed(6).withNorm(ModelConfig.Norm.BATCH);
        try (SequenceModel fresh = SequenceModel.create(c)) {
            Path f = tmp.resolve("bn.npz"), cfg = tmp.resolve("bn.json");
            ReferenceCheckpoint.save(fresh, f, cfg);
            assertEquals("int64", Npz.read(f).get("norms.1.num_batches_tracked").dtype());
            try (SequenceModel once = ReferenceCheckpoint.load(f, cfg)) {         // B folded into C once
                assertEquals(ModelConfig.Norm.BATCH, once.config().norm());
                ReferenceCheckpoint.save(once, f, cfg);
                try (SequenceModel twice = ReferenceCheckpoint.load(f, cfg)) {
                    assertBitIdentical(once, twice);
                }
            }
        }
    }

    @Test
    void stepRescaleScalesDelta() {
        ReferenceConfig twice = new ReferenceConfig("s5", null, true, "half_glu1", null, null, null, null, null, null, 2.0, null, null, null);
        Map<String, HostArray> a = ReferenceCheckpoint.read(DIR.resolve("s5_uni.npz"));
        try (SequenceModel model = ReferenceCheckpoint.fromArrays(a, twice, "s5_uni.npz")) {
            var layer = model.discreteLayers().get(0);
            float[] re = a.get("params/encoder/layers_0/seq/Lambda_re").values(), ls = a.get("params/encoder/layers_0/seq/log_step").values();
            for (int i = 0; i < re.length; i++)                                  // |lambda_bar| = exp(Re(lambda) 2 Delta)
                assertEquals(Math.exp(re[i] * 2 * Math.exp(ls[i])), layer.poleRadius(i), 1e-6, "state " + i);
            float[] back = ReferenceCheckpoint.toArrays(model, twice).get("params/encoder/layers_0/seq/log_step").values();
            close(ls, back, 1e-6, "log_step written back without the rescale");
        }
    }

    @Test
    void npzBytesAreReproducible() {
        Map<String, HostArray> a = Npz.read(DIR.resolve("s4d.npz"));
        assertArrayEquals(Npz.bytes(a), Npz.bytes(a));
    }

    // ------------------------------------------------------------------------------------------ bad files

    static Map<String, HostArray> s5Arrays() { return new LinkedHashMap<>(ReferenceCheckpoint.read(DIR.resolve("s5_uni.npz"))); }

    static String failure(Map<String, HostArray> arrays, ReferenceConfig cfg) {
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceCheckpoint.fromArrays(arrays, cfg, "bad.npz").close());
        return e.getMessage();
    }

    static final ReferenceConfig S5 = ReferenceConfig.of("s5", true, "half_glu1");

    @Test
    void wrongNameIsNamed() {
        var a = s5Arrays();
        a.put("params/encoder/layers_1/seq/Lambda_real", a.remove("params/encoder/layers_1/seq/Lambda_re"));
        String msg = failure(a, S5);
        assertTrue(msg.contains("bad.npz") && msg.contains("missing array 'params/encoder/layers_1/seq/Lambda_re'"), msg);
        assertTrue(msg.contains("Lambda_real"), msg);                              // the near miss is shown
    }

    @Test
    void unknownArrayIsNamed() {
        var a = s5Arrays();
        a.put("params/encoder/layers_0/seq/E", HostArray.of(new float[]{1}, 1));
        String msg = failure(a, S5);
        assertTrue(msg.contains("unexpected arrays [params/encoder/layers_0/seq/E]"), msg);
    }

    @Test
    void missingArrayIsNamed() {
        var a = s5Arrays();
        a.remove("batch_stats/encoder/layers_1/norm/var");
        String msg = failure(a, S5);
        assertTrue(msg.contains("missing array 'batch_stats/encoder/layers_1/norm/var' (BatchNorm running variance (H))"), msg);
    }

    @Test
    void complexStoredTheOtherWayRoundIsNamed() {
        var a = s5Arrays();
        HostArray b = a.get("params/encoder/layers_0/seq/B");                   // (4, 4, 2) -> (2, 4, 4)
        float[] t = new float[b.values().length];
        for (int i = 0; i < 16; i++) for (int k = 0; k < 2; k++) t[k * 16 + i] = b.values()[2 * i + k];
        a.put("params/encoder/layers_0/seq/B", HostArray.of(t, 2, 4, 4));
        String msg = failure(a, S5);
        assertTrue(msg.contains("array 'params/encoder/layers_0/seq/B'") && msg.contains("has shape (2, 4, 4) but expected (4, 4, 2)")
                && msg.contains("other way round"), msg);
    }

    @Test
    void nanIsNamed() {
        var a = s5Arrays();
        HostArray c = a.get("params/encoder/layers_1/seq/C");
        float[] v = c.values().clone();
        v[5] = Float.NaN;
        a.put("params/encoder/layers_1/seq/C", HostArray.of(v, c.shape()));
        String msg = failure(a, S5);
        assertTrue(msg.contains("array 'params/encoder/layers_1/seq/C'") && msg.contains("non-finite value (NaN) at flat index 5"), msg);
    }

    @Test
    void s4dComplexTheOtherWayRoundAndMissingAreNamed() {
        var a = new LinkedHashMap<>(Npz.read(DIR.resolve("s4d.npz")));
        a.put("s4_layers.1.kernel.C", HostArray.of(new float[32], 2, 4, 4));
        ReferenceConfig s4d = ReferenceConfig.of("s4d", true, null);
        String msg = failure(a, s4d);
        assertTrue(msg.contains("'s4_layers.1.kernel.C'") && msg.contains("expected (4, 4, 2)") && msg.contains("other way round"), msg);
        a.remove("s4_layers.1.kernel.C");
        assertTrue(failure(a, s4d).contains("missing array 's4_layers.1.kernel.C'"));
    }

    @Test
    void unmappableModelsAreRefusedByName() {
        var a = s5Arrays();
        a.put("params/encoder/layers_0/out1/kernel", a.get("params/encoder/layers_0/out2/kernel"));
        assertTrue(failure(a, S5).contains("full_glu"));
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceConfig.of("s5", true, "full_glu"));
        assertTrue(e.getMessage().contains("full_glu"));
        var b = s5Arrays();
        b.put("params/encoder/layers_0/seq/Lambda_re", HostArray.of(new float[]{-0.5f, 0.01f, -0.2f, -0.3f}, 4));
        String msg = failure(b, S5);
        assertTrue(msg.contains("Lambda_re'[1]") && msg.contains("clip_eigs"), msg);
        assertTrue(failure(s5Arrays(), ReferenceConfig.of("s5", true, "gelu")).contains("out2"));
    }

    @Test
    void badConfigsAreNamed() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new ReferenceConfig("s5", null, true, "half_glu1", null, null, null, null, null, "bilinear", null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceConfig("s5", null, true, "half_glu1", null, null, null, false, null, null, null, null, null, null));
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"format\": \"s5\", \"prenorm\": true, \"activation\": \"half_glu1\", \"prenrom\": 1}");
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceConfig.read(f));
        assertTrue(e.getMessage().contains("prenrom"), e.getMessage());
        Files.writeString(f, "{\"format\": \"s5\", \"activation\": \"half_glu1\"}");
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceConfig.read(f));
        assertTrue(e.getMessage().contains("prenorm"), e.getMessage());
    }

    @Test
    void aFileThatIsNotACheckpointIsNamed() throws Exception {
        Path f = tmp.resolve("junk.msgpack");
        Files.write(f, new byte[]{1, 2, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceCheckpoint.read(f));
        assertTrue(e.getMessage().contains("junk.msgpack"), e.getMessage());
        Path g = tmp.resolve("junk.npz");
        Files.write(g, new byte[]{1, 2, 3});
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceCheckpoint.read(g));
        assertTrue(e.getMessage().contains("junk.npz"), e.getMessage());
    }

    @Test
    void exportRefusesWhatHasNoReferenceForm() {
        try (SequenceModel bidirS4d = SequenceModel.create(ModelConfig.s4d(2, 3, 1, 4, 4).withBidirectional(true))) {
            var e = assertThrows(IllegalArgumentException.class, () -> ReferenceCheckpoint.save(bidirS4d, tmp.resolve("b.npz"), tmp.resolve("b.json")));
            assertTrue(e.getMessage().contains("bidirectional"), e.getMessage());
        }
    }
}
