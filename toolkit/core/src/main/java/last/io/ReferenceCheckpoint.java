package last.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import last.model.ModelConfig;
import last.model.SequenceModel;

/**
 * Models trained with the public reference code, in and out: S5/LAST (flax) checkpoints as msgpack or .npz, and S4D
 * (PyTorch) state_dicts as .npz. {@link #load(Path, Path)} gives a {@link SequenceModel} that scores, prunes and
 * evaluates like any model of the toolkit; {@link #save(SequenceModel, Path, Path)} writes one back (after physical
 * pruning with P, or N_s, reduced).
 *
 * <h2>S5 names (flax tree of {@code BatchClassificationModel}, lindermanlab/S5 and msgwak/LAST)</h2>
 * <table>
 * <tr><th>reference array</th><th>shape</th><th>toolkit tensor</th><th>source</th></tr>
 * <tr><td>params/encoder/encoder/kernel, bias</td><td>(in, H), (H)</td><td>encoder.W, encoder.b</td><td>s5/seq_model.py:39 nn.Dense</td></tr>
 * <tr><td>params/encoder/layers_l/seq/Lambda_re, Lambda_im</td><td>(N)</td><td>layer l.ssm.Lambda_re, Lambda_im</td><td>s5/ssm.py:154-159</td></tr>
 * <tr><td>.../seq/B</td><td>(N, H, 2) re, im last</td><td>B_re, B_im (N, H) = B~ (continuous)</td><td>s5/ssm.py:164-170</td></tr>
 * <tr><td>.../seq/C, or C1 and C2</td><td>(H, N, 2); complex_normal bidirectional C (H, 2N, 2)</td><td>C_re, C_im, C2_re, C2_im (H, N)</td><td>s5/ssm.py:186-212</td></tr>
 * <tr><td>.../seq/D</td><td>(H)</td><td>D</td><td>s5/ssm.py:215</td></tr>
 * <tr><td>.../seq/log_step</td><td>(N, 1)</td><td>log_step (N) + log(step_rescale)</td><td>s5/ssm.py:218-221</td></tr>
 * <tr><td>.../norm/scale, bias; batch_stats/.../norm/mean, var</td><td>(H)</td><td>norm.gamma, beta, running_mean, running_var</td><td>s5/layers.py:43-47</td></tr>
 * <tr><td>.../out2/kernel, bias</td><td>(H, H), (H)</td><td>glu.W, glu.b</td><td>s5/layers.py:37-41, 73-80</td></tr>
 * <tr><td>params/decoder/kernel, bias</td><td>(H, classes)</td><td>decoder.W, decoder.b</td><td>s5/seq_model.py:145</td></tr>
 * </table>
 * Both store B~ and C~ of the continuous system and discretise by ZOH per state with Delta = step_rescale exp(log_step[:, 0])
 * (s5/ssm.py:29-42, 221-225), and both output 2 Re(C~ x) for conjugate-symmetric layers (s5/ssm.py:85-86), so the
 * arrays map one to one. S5's decoder ends in {@code log_softmax} (s5/seq_model.py:177); the toolkit's logits are
 * the decoder output before it (same argmax, log_softmax(ours) = theirs).
 *
 * <h2>S4D names (state_dict of state-spaces/s4 {@code example.py} S4Model with {@code models/s4/s4d.py} S4D)</h2>
 * <table>
 * <tr><td>encoder.weight, bias</td><td>(H, in), (H)</td><td>encoder.W = weight^T, encoder.b</td><td>example.py:169</td></tr>
 * <tr><td>s4_layers.l.kernel.log_dt</td><td>(H)</td><td>log_dt</td><td>s4d.py:18-24</td></tr>
 * <tr><td>s4_layers.l.kernel.log_A_real, A_imag</td><td>(H, N/2)</td><td>log_A_real, A_imag</td><td>s4d.py:26-29, 39</td></tr>
 * <tr><td>s4_layers.l.kernel.C</td><td>(H, N/2, 2) (view_as_real)</td><td>C_re, C_im; B_re = 1, B_im = 0</td><td>s4d.py:22-23, 44-45</td></tr>
 * <tr><td>s4_layers.l.D</td><td>(H)</td><td>D</td><td>s4d.py:71, 102</td></tr>
 * <tr><td>s4_layers.l.output_linear.0.weight, bias</td><td>(2H, H, 1), (2H)</td><td>glu.W = weight[:, :, 0]^T, glu.b</td><td>s4d.py:83-86</td></tr>
 * <tr><td>norms.l.weight, bias (+ running_mean, running_var)</td><td>(H)</td><td>norm.*</td><td>example.py:179</td></tr>
 * <tr><td>decoder.weight, bias</td><td>(classes, H)</td><td>decoder.W = weight^T, decoder.b</td><td>example.py:183</td></tr>
 * </table>
 * s4d.py's kernel is {@code 2 Re sum_n C_n (exp(dt A_n) - 1)/A_n exp(dt A_n l)} (s4d.py:44-45): the toolkit's S4D kernel
 * with B = 1 folded into C. On export a B that is not 1 is folded back: C_ref = C B (same kernel).
 *
 * <p>Line numbers are those of msgwak/LAST at 0b8651a (its {@code s5/} files are lindermanlab/S5's plus the LAST score)
 * and of state-spaces/s4 at e757cef ({@code example.py}, {@code models/s4/s4d.py}).
 *
 * <p>Anything that cannot be mapped exactly is refused with a message naming it: S5 full_glu, bilinear
 * discretisation, conj_sym false, the retrieval (two-tower) decoder, Re(lambda) above -1e-4 without clip_eigs,
 * bidirectional S4D; wrong names, missing arrays, wrong shapes (including complex stored as (2, ...) instead of a
 * trailing (..., 2)) and non-finite values name the file, the array and what was expected.
 */
public final class ReferenceCheckpoint {
    private ReferenceCheckpoint() {}

    private static final Pattern S5_LAYER = Pattern.compile("^(?:params|batch_stats)/encoder/layers_(\\d+)/.*");
    private static final Pattern S4D_LAYER = Pattern.compile("^(?:s4_layers|norms)\\.(\\d+)\\..*");

    /** Loads a reference checkpoint ({@code .npz}, or flax msgpack for any other extension) with its JSON config. */
    public static SequenceModel load(Path file, Path config) { return load(file, ReferenceConfig.read(config)); }

    /** Loads a reference checkpoint with the given config. */
    public static SequenceModel load(Path file, ReferenceConfig config) {
        return fromArrays(read(file), config, file.toString());
    }

    /** The arrays of a reference file by flat name: .npz by its member names, msgpack by '/'-joined paths. */
    public static Map<String, HostArray> read(Path file) {
        return isNpz(file) ? Npz.read(file) : FlaxMsgpack.read(file);
    }

    static boolean isNpz(Path file) { return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz"); }

    /** Builds the toolkit model from reference arrays; {@code source} names the file in error messages. */
    public static SequenceModel fromArrays(Map<String, HostArray> arrays, ReferenceConfig cfg, String source) {
        return cfg.s5() ? s5(arrays, cfg, source) : s4d(arrays, cfg, source);
    }

    /** Writes {@code model} in its reference format (by the file's extension) and the config that goes with it. */
    public static void save(SequenceModel model, Path file, Path config) {
        ReferenceConfig cfg = ReferenceConfig.describe(model);
        boolean npz = isNpz(file);
        if (!cfg.s5() && !npz) throw new IllegalArgumentException("an S4D model is written as a PyTorch state_dict in .npz, not " + file.getFileName());
        Map<String, HostArray> a = toArrays(model, cfg);
        if (npz) Npz.write(file, a);
        else FlaxMsgpack.write(file, a);
        cfg.write(config);
    }

    // ------------------------------------------------------------------------------------------------- reading

    /** The arrays of one file with checks that name the file, the array and what was expected. */
    static final class Arrays {
        final Map<String, HostArray> all;
        final String source;
        final Set<String> used = new LinkedHashSet<>();

        Arrays(Map<String, HostArray> all, String source) {
            this.all = all;
            this.source = source;
        }

        boolean has(String name) { return all.containsKey(name); }

        /** The array, checked for presence, shape ({@code -1} matches any size), floating type and finiteness. */
        HostArray get(String name, String meaning, long... shape) {
            HostArray a = all.get(name);
            if (a == null) throw new IllegalArgumentException(source + ": missing array '" + name + "' (" + meaning + ")" + near(name));
            used.add(name);
            boolean ok = a.rank() == shape.length;
            for (int i = 0; ok && i < shape.length; i++) ok = shape[i] < 0 || a.shape()[i] == shape[i];
            if (!ok) {
                String hint = "";
                if (shape.length >= 2 && shape[shape.length - 1] == 2 && a.rank() == shape.length && a.shape()[0] == 2)
                    hint = "; it looks like complex values stored the other way round: the reference stores re/im as the LAST axis, "
                            + want(shape).replace("-1", "?") + ", not " + a.shapeString();
                throw new IllegalArgumentException(source + ": array '" + name + "' (" + meaning + ") has shape " + a.shapeString()
                        + " but expected " + want(shape).replace("-1", "?") + hint);
            }
            if (!a.floating()) throw new IllegalArgumentException(source + ": array '" + name + "' (" + meaning + ") is " + a.dtype() + ", not floating point");
            int bad = a.firstNonFinite();
            if (bad >= 0) throw new IllegalArgumentException(source + ": array '" + name + "' (" + meaning + ") has a non-finite value ("
                    + a.values()[bad] + ") at flat index " + bad + " of shape " + a.shapeString());
            return a;
        }

        private static String want(long[] s) { return HostArray.shapeString(s); }

        private String near(String name) {
            String leaf = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('.')) + 1);
            List<String> like = all.keySet().stream().filter(k -> k.endsWith(leaf) || k.toLowerCase().contains(leaf.toLowerCase())).limit(4).toList();
            return like.isEmpty() ? "" : "; arrays with a similar name: " + like;
        }

        /** Fails on arrays under {@code prefixes} that nothing read: a name the toolkit does not know. */
        void noneLeft(List<String> prefixes, String known) {
            List<String> left = new ArrayList<>();
            for (String k : all.keySet())
                if (!used.contains(k) && prefixes.stream().anyMatch(k::startsWith)) left.add(k);
            if (!left.isEmpty())
                throw new IllegalArgumentException(source + ": unexpected arrays " + left + " (" + known + ")");
        }
    }

    private static ModelConfig.Norm norm(ReferenceConfig cfg, boolean hasStats, String source, String statName) {
        ModelConfig.Norm n = hasStats ? ModelConfig.Norm.BATCH : ModelConfig.Norm.LAYER;
        if (cfg.norm() != null) {
            ModelConfig.Norm said = cfg.norm().equals("batch") ? ModelConfig.Norm.BATCH : ModelConfig.Norm.LAYER;
            if (said != n)
                throw new IllegalArgumentException(source + ": the config says norm \"" + cfg.norm() + "\" but the file "
                        + (hasStats ? "holds" : "lacks") + " BatchNorm running statistics ('" + statName + "')");
        }
        return n;
    }

    private static int layerCount(Set<String> names, Pattern p, String source, String what) {
        TreeSet<Integer> ls = new TreeSet<>();
        for (String k : names) {
            Matcher m = p.matcher(k);
            if (m.matches()) ls.add(Integer.parseInt(m.group(1)));
        }
        if (ls.isEmpty()) throw new IllegalArgumentException(source + ": no layers found (expected arrays named " + what + ")");
        for (int l = 0; l < ls.size(); l++)
            if (!ls.contains(l)) throw new IllegalArgumentException(source + ": layer " + l + " is missing (found layers " + ls + ")");
        return ls.size();
    }

    /** Splits a (..., 2) re/im array into its real and imaginary parts. */
    private static float[][] reIm(HostArray a) {
        int n = (int) a.size() / 2;
        float[] re = new float[n], im = new float[n];
        for (int i = 0; i < n; i++) {
            re[i] = a.values()[2 * i];
            im[i] = a.values()[2 * i + 1];
        }
        return new float[][]{re, im};
    }

    static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    private static Map<String, HostArray> normaliseS5(Map<String, HostArray> in) {
        boolean rooted = in.keySet().stream().anyMatch(k -> k.startsWith("params/"));
        if (rooted) return in;
        Map<String, HostArray> out = new LinkedHashMap<>();                 // a bare params tree
        for (var e : in.entrySet()) out.put(e.getKey().startsWith("batch_stats/") ? e.getKey() : "params/" + e.getKey(), e.getValue());
        return out;
    }

    static SequenceModel s5(Map<String, HostArray> raw, ReferenceConfig cfg, String source) {
        Arrays a = new Arrays(normaliseS5(raw), source);
        if (a.has("params/decoder/layer1/kernel"))
            throw new IllegalArgumentException(source + ": this is S5's RetrievalModel (params/decoder/layer1, two-tower AAN head); only the classification model is supported");
        HostArray encW = a.get("params/encoder/encoder/kernel", "encoder Dense kernel (in, H)", -1, -1);
        int in = (int) encW.shape()[0], h = (int) encW.shape()[1];
        HostArray encB = a.get("params/encoder/encoder/bias", "encoder Dense bias (H)", h);
        HostArray decW = a.get("params/decoder/kernel", "decoder Dense kernel (H, classes)", h, -1);
        int classes = (int) decW.shape()[1];
        HostArray decB = a.get("params/decoder/bias", "decoder Dense bias (classes)", classes);
        int layers = layerCount(a.all.keySet(), S5_LAYER, source, "params/encoder/layers_<l>/...");
        ModelConfig.Norm norm = norm(cfg, a.has("batch_stats/encoder/layers_0/norm/mean"), source, "batch_stats/encoder/layers_0/norm/mean");
        ModelConfig.Activation act = switch (cfg.activation()) {
            case "half_glu1" -> ModelConfig.Activation.HALF_GLU1;
            case "half_glu2" -> ModelConfig.Activation.HALF_GLU2;
            default -> ModelConfig.Activation.GELU;
        };
        NDManager m = NDManager.newBaseManager();
        try {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("encoder.W", m.create(encW.values(), new Shape(in, h)));
            t.put("encoder.b", m.create(encB.values(), new Shape(h)));
            int maxN = 0;
            Boolean bidir = null;
            for (int l = 0; l < layers; l++) {
                String p = "params/encoder/layers_" + l + "/", s = p + "seq/", pre = "layer" + l + ".";
                if (a.has(p + "out1/kernel"))
                    throw new IllegalArgumentException(source + ": layer " + l + " has out1 (S5's full_glu: out1(g) * sigmoid(out2(g))), which has no toolkit equivalent");
                HostArray lre = a.get(s + "Lambda_re", "Re lambda (N)", -1);
                int n = (int) lre.shape()[0];
                maxN = Math.max(maxN, n);
                HostArray lim = a.get(s + "Lambda_im", "Im lambda (N)", n);
                if (!cfg.clipEigs())
                    for (int i = 0; i < n; i++)
                        if (lre.values()[i] > -1e-4f)
                            throw new IllegalArgumentException(source + ": '" + s + "Lambda_re'[" + i + "] = " + lre.values()[i]
                                    + " > -1e-4 and clip_eigs is false: the toolkit's S5 layer always clips Re(lambda) at -1e-4, so this model cannot be mapped exactly (set \"clip_eigs\": true only if it was trained with --clip_eigs)");
                float[][] b = reIm(a.get(s + "B", "B~ = V^-1 B (N, H, 2), re/im last", n, h, 2));
                float[][] c, c2 = null;
                boolean layerBidir;
                if (a.has(s + "C1") || a.has(s + "C2")) {
                    c = reIm(a.get(s + "C1", "forward C~ of a bidirectional layer (H, N, 2)", h, n, 2));
                    c2 = reIm(a.get(s + "C2", "backward C~ of a bidirectional layer (H, N, 2)", h, n, 2));
                    layerBidir = true;
                } else {
                    HostArray cc = a.get(s + "C", "C~ = C V (H, N, 2), or (H, 2N, 2) when bidirectional with C_init complex_normal", h, -1, 2);
                    if (cc.shape()[1] == n) {
                        c = reIm(cc);
                        layerBidir = false;
                    } else if (cc.shape()[1] == 2L * n) {                 // [C1 C2] along the state axis (s5/ssm.py:186-188)
                        float[][] all = reIm(cc);
                        c = new float[][]{new float[h * n], new float[h * n]};
                        c2 = new float[][]{new float[h * n], new float[h * n]};
                        for (int r = 0; r < h; r++)
                            for (int k = 0; k < 2; k++) {
                                System.arraycopy(all[k], r * 2 * n, c[k], r * n, n);
                                System.arraycopy(all[k], r * 2 * n + n, c2[k], r * n, n);
                            }
                        layerBidir = true;
                    } else throw new IllegalArgumentException(source + ": array '" + s + "C' has shape " + cc.shapeString()
                            + " but expected (" + h + ", " + n + ", 2), or (" + h + ", " + 2 * n + ", 2) for a bidirectional layer");
                }
                if (bidir != null && bidir != layerBidir)
                    throw new IllegalArgumentException(source + ": layer " + l + " is " + (layerBidir ? "" : "not ") + "bidirectional but layer 0 is " + (bidir ? "" : "not"));
                bidir = layerBidir;
                if (cfg.bidirectional() != null && cfg.bidirectional() != layerBidir)
                    throw new IllegalArgumentException(source + ": the config says bidirectional " + cfg.bidirectional() + " but layer " + l
                            + (layerBidir ? " has two output matrices (C1/C2)" : " has one C of width N"));
                HostArray d = a.get(s + "D", "feed-through D (H)", h);
                HostArray ls = a.get(s + "log_step", "log Delta per state (N, 1), s5/ssm.py:218", n, 1);
                float[] logStep = ls.values().clone();
                if (cfg.stepRescale() != 1.0)
                    for (int i = 0; i < n; i++) logStep[i] = (float) (logStep[i] + Math.log(cfg.stepRescale()));
                String q = pre + "ssm.";
                t.put(q + "Lambda_re", m.create(lre.values(), new Shape(n)));
                t.put(q + "Lambda_im", m.create(lim.values(), new Shape(n)));
                t.put(q + "B_re", m.create(b[0], new Shape(n, h)));
                t.put(q + "B_im", m.create(b[1], new Shape(n, h)));
                t.put(q + "C_re", m.create(c[0], new Shape(h, n)));
                t.put(q + "C_im", m.create(c[1], new Shape(h, n)));
                if (c2 != null) {
                    t.put(q + "C2_re", m.create(c2[0], new Shape(h, n)));
                    t.put(q + "C2_im", m.create(c2[1], new Shape(h, n)));
                }
                t.put(q + "D", m.create(d.values(), new Shape(h)));
                t.put(q + "log_step", m.create(logStep, new Shape(n)));
                t.put(pre + "norm.gamma", m.create(a.get(p + "norm/scale", "norm scale (H)", h).values(), new Shape(h)));
                t.put(pre + "norm.beta", m.create(a.get(p + "norm/bias", "norm bias (H)", h).values(), new Shape(h)));
                if (norm == ModelConfig.Norm.BATCH) {
                    String bs = "batch_stats/encoder/layers_" + l + "/norm/";
                    t.put(pre + "norm.running_mean", m.create(a.get(bs + "mean", "BatchNorm running mean (H)", h).values(), new Shape(h)));
                    t.put(pre + "norm.running_var", m.create(a.get(bs + "var", "BatchNorm running variance (H)", h).values(), new Shape(h)));
                }
                boolean glu = act != ModelConfig.Activation.GELU;
                if (glu) {
                    t.put(pre + "glu.W", m.create(a.get(p + "out2/kernel", "GLU gate Dense kernel (H, H) of " + cfg.activation(), h, h).values(), new Shape(h, h)));
                    t.put(pre + "glu.b", m.create(a.get(p + "out2/bias", "GLU gate Dense bias (H)", h).values(), new Shape(h)));
                } else if (a.has(p + "out2/kernel"))
                    throw new IllegalArgumentException(source + ": layer " + l + " has a GLU gate (out2) but the config says activation gelu; use half_glu1 or half_glu2");
            }
            t.put("decoder.W", m.create(decW.values(), new Shape(h, classes)));
            t.put("decoder.b", m.create(decB.values(), new Shape(classes)));
            a.noneLeft(List.of("params/", "batch_stats/"), "the S5 classification model has encoder/encoder, encoder/layers_<l>/{seq,norm,out2} and decoder");
            ModelConfig c = new ModelConfig(ModelConfig.Kind.S5, in, cfg.tokens(), classes, layers, h, 2 * maxN, 1, bidir, norm,
                    cfg.prenorm(), act, 0.0, cfg.pooling().equals("mean") ? ModelConfig.Pooling.MEAN : ModelConfig.Pooling.LAST,
                    0.001, 0.1, null, null, cfg.bnMomentum(), 0L, false);
            return SequenceModel.fromTensors(c, m, t, cfg.normEps(norm));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static Map<String, HostArray> normaliseS4d(Map<String, HostArray> in) {
        if (!in.keySet().stream().allMatch(k -> k.startsWith("module."))) return in;   // nn.DataParallel's prefix
        Map<String, HostArray> out = new LinkedHashMap<>();
        for (var e : in.entrySet()) out.put(e.getKey().substring("module.".length()), e.getValue());
        return out;
    }

    static SequenceModel s4d(Map<String, HostArray> raw, ReferenceConfig cfg, String source) {
        Arrays a = new Arrays(normaliseS4d(raw), source);
        HostArray encW = a.get("encoder.weight", "encoder nn.Linear weight (H, in)", -1, -1);
        int h = (int) encW.shape()[0], in = (int) encW.shape()[1];
        HostArray encB = a.get("encoder.bias", "encoder nn.Linear bias (H)", h);
        HostArray decW = a.get("decoder.weight", "decoder nn.Linear weight (classes, H)", -1, h);
        int classes = (int) decW.shape()[0];
        HostArray decB = a.get("decoder.bias", "decoder nn.Linear bias (classes)", classes);
        int layers = layerCount(a.all.keySet(), S4D_LAYER, source, "s4_layers.<l>.* and norms.<l>.*");
        ModelConfig.Norm norm = norm(cfg, a.has("norms.0.running_mean"), source, "norms.0.running_mean");
        NDManager m = NDManager.newBaseManager();
        try {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("encoder.W", m.create(transpose(encW.values(), h, in), new Shape(in, h)));
            t.put("encoder.b", m.create(encB.values(), new Shape(h)));
            int maxM = 0;
            for (int l = 0; l < layers; l++) {
                String p = "s4_layers." + l + ".", k = p + "kernel.", pre = "layer" + l + ".", q = pre + "ssm.";
                HostArray lar = a.get(k + "log_A_real", "log(-Re A) (H, N/2)", h, -1);
                int mm = (int) lar.shape()[1];
                maxM = Math.max(maxM, mm);
                HostArray aim = a.get(k + "A_imag", "Im A (H, N/2)", h, mm);
                float[][] c = reIm(a.get(k + "C", "C as torch.view_as_real (H, N/2, 2), re/im last", h, mm, 2));
                HostArray logDt = a.get(k + "log_dt", "log Delta per channel (H)", h);
                HostArray d = a.get(p + "D", "feed-through D (H)", h);
                HostArray w = a.get(p + "output_linear.0.weight", "output Conv1d(H, 2H, 1) weight (2H, H, 1)", 2L * h, h, 1);
                HostArray wb = a.get(p + "output_linear.0.bias", "output Conv1d bias (2H)", 2L * h);
                float[] ones = new float[h * mm];
                java.util.Arrays.fill(ones, 1f);
                Shape hm = new Shape(h, mm);
                t.put(q + "log_A_real", m.create(lar.values(), hm));
                t.put(q + "A_imag", m.create(aim.values(), hm));
                t.put(q + "B_re", m.create(ones, hm));
                t.put(q + "B_im", m.create(new float[h * mm], hm));
                t.put(q + "C_re", m.create(c[0], hm));
                t.put(q + "C_im", m.create(c[1], hm));
                t.put(q + "D", m.create(d.values(), new Shape(h)));
                t.put(q + "log_dt", m.create(logDt.values(), new Shape(h)));
                String nn = "norms." + l + ".";
                t.put(pre + "norm.gamma", m.create(a.get(nn + "weight", "norm weight (H)", h).values(), new Shape(h)));
                t.put(pre + "norm.beta", m.create(a.get(nn + "bias", "norm bias (H)", h).values(), new Shape(h)));
                if (norm == ModelConfig.Norm.BATCH) {
                    t.put(pre + "norm.running_mean", m.create(a.get(nn + "running_mean", "BatchNorm running mean (H)", h).values(), new Shape(h)));
                    t.put(pre + "norm.running_var", m.create(a.get(nn + "running_var", "BatchNorm running variance (H)", h).values(), new Shape(h)));
                    a.used.add(nn + "num_batches_tracked");
                }
                t.put(pre + "glu.W", m.create(transpose(w.values(), 2 * h, h), new Shape(h, 2L * h)));
                t.put(pre + "glu.b", m.create(wb.values(), new Shape(2L * h)));
            }
            t.put("decoder.W", m.create(transpose(decW.values(), classes, h), new Shape(h, classes)));
            t.put("decoder.b", m.create(decB.values(), new Shape(classes)));
            a.noneLeft(List.of(""), "example.py's S4Model has encoder, s4_layers.<l>.{D, kernel.{log_dt, log_A_real, A_imag, C}, output_linear.0}, norms.<l> and decoder");
            ModelConfig c = new ModelConfig(ModelConfig.Kind.S4D, in, false, classes, layers, h, 2 * maxM, 1, false, norm,
                    cfg.prenorm(), ModelConfig.Activation.GLU, 0.0,
                    cfg.pooling().equals("mean") ? ModelConfig.Pooling.MEAN : ModelConfig.Pooling.LAST,
                    0.001, 0.1, null, null, cfg.bnMomentum(), 0L, false);
            return SequenceModel.fromTensors(c, m, t, cfg.normEps(norm));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------- writing

    /** The model's arrays under the reference names of {@code cfg.format()} (see the tables above). */
    public static Map<String, HostArray> toArrays(SequenceModel model, ReferenceConfig cfg) { return ReferenceWriter.toArrays(model, cfg); }
}
