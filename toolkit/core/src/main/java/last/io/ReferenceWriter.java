package last.io;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import last.model.ModelConfig;
import last.model.SequenceModel;

/**
 * The writing half of {@link ReferenceCheckpoint}: a toolkit model's arrays under the S5 (flax) or S4D (PyTorch
 * state_dict) reference names, the inverse of its reading tables.
 */
final class ReferenceWriter {
    private ReferenceWriter() {}

    /** The model's arrays under the reference names of {@code cfg.format()} (see {@link ReferenceCheckpoint}). */
    static Map<String, HostArray> toArrays(SequenceModel model, ReferenceConfig cfg) {
        ModelConfig c = model.config();
        if (c.dualEncoder()) throw new IllegalArgumentException("a dual-encoder (retrieval) model has no supported reference format");
        Map<String, NDArray> t = model.tensors();
        return cfg.s5() ? s5Arrays(c, t, cfg) : s4dArrays(c, t);
    }

    private static float[] v(Map<String, NDArray> t, String name) { return t.get(name).toFloatArray(); }

    private static long[] shape(Map<String, NDArray> t, String name) { return t.get(name).getShape().getShape(); }

    private static HostArray interleave(float[] re, float[] im, long... shape) {
        float[] out = new float[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            out[2 * i] = re[i];
            out[2 * i + 1] = im[i];
        }
        return HostArray.of(out, shape);
    }

    private static Map<String, HostArray> s5Arrays(ModelConfig c, Map<String, NDArray> t, ReferenceConfig cfg) {
        if (c.kind() != ModelConfig.Kind.S5) throw new IllegalArgumentException("an S4D model cannot be written in the S5 format");
        if (c.activation() == ModelConfig.Activation.GLU)
            throw new IllegalArgumentException("activation GLU (S4D's Linear(H, 2H) + GLU) has no S5 equivalent");
        Map<String, HostArray> a = new LinkedHashMap<>();
        int h = c.h();
        a.put("params/encoder/encoder/kernel", HostArray.of(v(t, "encoder.W"), shape(t, "encoder.W")));
        a.put("params/encoder/encoder/bias", HostArray.of(v(t, "encoder.b"), h));
        Map<String, HostArray> stats = new LinkedHashMap<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "params/encoder/layers_" + l + "/", s = p + "seq/", pre = "layer" + l + ".", q = pre + "ssm.";
            int n = (int) shape(t, q + "Lambda_re")[0];
            a.put(s + "Lambda_re", HostArray.of(v(t, q + "Lambda_re"), n));
            a.put(s + "Lambda_im", HostArray.of(v(t, q + "Lambda_im"), n));
            a.put(s + "B", interleave(v(t, q + "B_re"), v(t, q + "B_im"), n, h, 2));
            if (t.containsKey(q + "C2_re")) {
                HostArray c1 = interleave(v(t, q + "C_re"), v(t, q + "C_im"), h, n, 2), c2 = interleave(v(t, q + "C2_re"), v(t, q + "C2_im"), h, n, 2);
                if ("complex_normal".equals(cfg.cInit())) {
                    float[] both = new float[h * 2 * n * 2];
                    for (int r = 0; r < h; r++) {
                        System.arraycopy(c1.values(), r * n * 2, both, r * 4 * n, 2 * n);
                        System.arraycopy(c2.values(), r * n * 2, both, r * 4 * n + 2 * n, 2 * n);
                    }
                    a.put(s + "C", HostArray.of(both, h, 2L * n, 2));
                } else {
                    a.put(s + "C1", c1);
                    a.put(s + "C2", c2);
                }
            } else a.put(s + "C", interleave(v(t, q + "C_re"), v(t, q + "C_im"), h, n, 2));
            a.put(s + "D", HostArray.of(v(t, q + "D"), h));
            float[] ls = v(t, q + "log_step");
            if (cfg.stepRescale() != 1.0) for (int i = 0; i < n; i++) ls[i] = (float) (ls[i] - Math.log(cfg.stepRescale()));
            a.put(s + "log_step", HostArray.of(ls, n, 1));
            a.put(p + "norm/scale", HostArray.of(v(t, pre + "norm.gamma"), h));
            a.put(p + "norm/bias", HostArray.of(v(t, pre + "norm.beta"), h));
            if (c.norm() == ModelConfig.Norm.BATCH) {
                stats.put("batch_stats/encoder/layers_" + l + "/norm/mean", HostArray.of(v(t, pre + "norm.running_mean"), h));
                stats.put("batch_stats/encoder/layers_" + l + "/norm/var", HostArray.of(v(t, pre + "norm.running_var"), h));
            }
            if (t.containsKey(pre + "glu.W")) {
                a.put(p + "out2/kernel", HostArray.of(v(t, pre + "glu.W"), h, h));
                a.put(p + "out2/bias", HostArray.of(v(t, pre + "glu.b"), h));
            }
        }
        a.put("params/decoder/kernel", HostArray.of(v(t, "decoder.W"), h, c.classes()));
        a.put("params/decoder/bias", HostArray.of(v(t, "decoder.b"), c.classes()));
        a.putAll(stats);
        return a;
    }

    private static Map<String, HostArray> s4dArrays(ModelConfig c, Map<String, NDArray> t) {
        if (c.kind() != ModelConfig.Kind.S4D) throw new IllegalArgumentException("an S5 model cannot be written in the S4D format");
        if (c.bidirectional()) throw new IllegalArgumentException("a bidirectional S4D model has no s4d.py equivalent (no backward kernel)");
        if (c.tokens()) throw new IllegalArgumentException("an S4D model with token input has no example.py equivalent (nn.Linear encoder)");
        Map<String, HostArray> a = new LinkedHashMap<>();
        int h = c.h(), in = c.inputDim();
        a.put("encoder.weight", HostArray.of(ReferenceCheckpoint.transpose(v(t, "encoder.W"), in, h), h, in));
        a.put("encoder.bias", HostArray.of(v(t, "encoder.b"), h));
        for (int l = 0; l < c.layers(); l++) {
            String p = "s4_layers." + l + ".", k = p + "kernel.", pre = "layer" + l + ".", q = pre + "ssm.";
            long[] hm = shape(t, q + "log_A_real");
            int mm = (int) hm[1];
            float[] br = v(t, q + "B_re"), bi = v(t, q + "B_im"), cr = v(t, q + "C_re"), ci = v(t, q + "C_im");
            float[] outR = cr.clone(), outI = ci.clone();
            for (int i = 0; i < br.length; i++)
                if (br[i] != 1f || bi[i] != 0f) {                 // fold B into C: C B b_bar = (C B) b_bar with B = 1
                    outR[i] = (float) ((double) cr[i] * br[i] - (double) ci[i] * bi[i]);
                    outI[i] = (float) ((double) cr[i] * bi[i] + (double) ci[i] * br[i]);
                }
            a.put(p + "D", HostArray.of(v(t, q + "D"), h));
            a.put(k + "log_dt", HostArray.of(v(t, q + "log_dt"), h));
            a.put(k + "log_A_real", HostArray.of(v(t, q + "log_A_real"), h, mm));
            a.put(k + "A_imag", HostArray.of(v(t, q + "A_imag"), h, mm));
            a.put(k + "C", interleave(outR, outI, h, mm, 2));
            a.put(p + "output_linear.0.weight", HostArray.of(ReferenceCheckpoint.transpose(v(t, pre + "glu.W"), h, 2 * h), 2L * h, h, 1));
            a.put(p + "output_linear.0.bias", HostArray.of(v(t, pre + "glu.b"), 2L * h));
        }
        for (int l = 0; l < c.layers(); l++) {
            String nn = "norms." + l + ".", pre = "layer" + l + ".";
            a.put(nn + "weight", HostArray.of(v(t, pre + "norm.gamma"), h));
            a.put(nn + "bias", HostArray.of(v(t, pre + "norm.beta"), h));
            if (c.norm() == ModelConfig.Norm.BATCH) {
                a.put(nn + "running_mean", HostArray.of(v(t, pre + "norm.running_mean"), h));
                a.put(nn + "running_var", HostArray.of(v(t, pre + "norm.running_var"), h));
                a.put(nn + "num_batches_tracked", HostArray.ofLongs(new long[]{0}));
            }
        }
        a.put("decoder.weight", HostArray.of(ReferenceCheckpoint.transpose(v(t, "decoder.W"), h, c.classes()), c.classes(), h));
        a.put("decoder.bias", HostArray.of(v(t, "decoder.b"), c.classes()));
        return a;
    }
}
