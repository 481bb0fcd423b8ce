package last.model;

import last.prune.UnstructuredPlan;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import last.prune.PruningPlan;
import last.ssm.DiscreteSsm;
import last.ssm.S4dInit;
import last.ssm.S5Init;

/**
 * A deep SSM classifier on DJL (docs/conventions.md Sec. 1.6-1.7 and 3.3):
 * <pre>
 *   x = Encoder(u)                               (B, L, H)   linear, or one-hot + dense for tokens
 *   repeat layers:  skip = x; [Norm]; y = SSM(x); z = Block(y); x = skip + z; [Norm if post-norm]
 *   h = Pool(x)                                  (B, H)      length-aware mean, or last step
 *   logits = Decoder(h)                          (B, classes)
 * </pre>
 * Block is S5's half_glu1/half_glu2 (tanh GELU + sigmoid gate) or GELU, or S4D's GELU + Linear(H, 2H) + GLU (erf
 * GELU); dropout masks are tied over time. BatchNorm normalises over batch x time with biased variance and keeps
 * running statistics for evaluation.
 *
 * <p>The model exposes its layers' discrete systems ({@link #discreteLayers()}) for every score of the paper, and
 * can be pruned: {@link #masked(PruningPlan)} zeroes pruned states as the reference code does, {@link #pruned}
 * physically removes them (same outputs).
 *
 * <p>The model owns an NDManager; close the model to free its tensors.
 */
public final class SequenceModel implements AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> dense;      // encoder, norms, blocks, decoder (trainable)
    private final Map<String, NDArray> buffers;    // BatchNorm running statistics (not trainable)
    private final List<SsmLayer> ssm;
    /** The epsilon added to the variance by the norms (see {@link #defaultNormEps}). */
    private final double normEps;

    private SequenceModel(ModelConfig config, NDManager manager, Map<String, NDArray> dense,
                          Map<String, NDArray> buffers, List<SsmLayer> ssm) {
        this(config, manager, dense, buffers, ssm, defaultNormEps(config));
    }

    private SequenceModel(ModelConfig config, NDManager manager, Map<String, NDArray> dense,
                          Map<String, NDArray> buffers, List<SsmLayer> ssm, double normEps) {
        if (!(normEps > 0) || !Double.isFinite(normEps))
            throw new IllegalArgumentException("the norm epsilon must be finite and > 0 but is " + normEps);
        this.normEps = normEps;
        this.config = config;
        this.manager = manager;
        this.dense = dense;
        this.buffers = buffers;
        this.ssm = List.copyOf(ssm);
        for (NDArray a : dense.values()) a.setRequiresGradient(true);
    }

    /** A freshly initialised model (all draws from {@code config.seed()}). */
    public static SequenceModel create(ModelConfig c) {
        NDManager m = NDManager.newBaseManager();
        Random rnd = new Random(c.seed());
        Map<String, NDArray> dense = new LinkedHashMap<>(), buffers = new LinkedHashMap<>();
        int h = c.h();
        dense.put("encoder.W", lecun(m, rnd, c.inputDim(), h));
        dense.put("encoder.b", m.zeros(new Shape(h)));
        List<SsmLayer> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String pre = "layer" + l + ".";
            dense.put(pre + "norm.gamma", m.ones(new Shape(h)));
            dense.put(pre + "norm.beta", m.zeros(new Shape(h)));
            if (c.norm() == ModelConfig.Norm.BATCH) {
                buffers.put(pre + "norm.running_mean", m.zeros(new Shape(h)));
                buffers.put(pre + "norm.running_var", m.ones(new Shape(h)));
            }
            long seed = c.seed() * 1_000_003L + l;
            if (c.kind() == ModelConfig.Kind.S5) {
                layers.add(S5Layer.of(m, S5Init.init(new S5Init.Options(c.p(), c.blocks(), h, true, c.s5CInit(),
                        c.bidirectional(), c.dtMin(), c.dtMax(), seed))));
            } else {
                layers.add(S4dLayer.of(m, S4dInit.init(new S4dInit.Options(h, c.p(), c.s4dInit(), c.bidirectional(),
                        c.dtMin(), c.dtMax(), seed))));
            }
            switch (c.activation()) {
                case HALF_GLU1, HALF_GLU2 -> {
                    dense.put(pre + "glu.W", lecun(m, rnd, h, h));
                    dense.put(pre + "glu.b", m.zeros(new Shape(h)));
                }
                case GLU -> {
                    dense.put(pre + "glu.W", lecun(m, rnd, h, 2 * h));
                    dense.put(pre + "glu.b", m.zeros(new Shape(2 * h)));
                }
                case GELU -> { }
            }
        }
        if (c.dualEncoder()) {                                  // LRA's two-tower head: MLP on [h1, h2, h1-h2, h1*h2]
            dense.put("decoder.W1", lecun(m, rnd, 4 * h, h));
            dense.put("decoder.b1", m.zeros(new Shape(h)));
        }
        dense.put("decoder.W", lecun(m, rnd, h, c.classes()));
        dense.put("decoder.b", m.zeros(new Shape(c.classes())));
        return new SequenceModel(c, m, dense, buffers, layers);
    }

    /**
     * Rebuilds a model from named tensors (checkpoint loading). Names: {@code encoder.*}, {@code layer<l>.norm.*},
     * {@code layer<l>.ssm.<param>}, {@code layer<l>.glu.*}, {@code decoder.*}. Every tensor must be present,
     * finite and of a consistent shape; the error names the first one that is not.
     */
    public static SequenceModel fromTensors(ModelConfig c, NDManager m, Map<String, NDArray> t) {
        return fromTensors(c, m, t, defaultNormEps(c));
    }

    /**
     * The epsilon the norms add to the variance unless a checkpoint says otherwise: flax's defaults, which S5 and
     * LAST use (LayerNorm 1e-6, BatchNorm 1e-5; docs/conventions.md Sec. 1.6).
     */
    public static double defaultNormEps(ModelConfig c) { return c.norm() == ModelConfig.Norm.LAYER ? 1e-6 : 1e-5; }

    /**
     * As {@link #fromTensors(ModelConfig, NDManager, Map)} with the norms' epsilon given: a model trained elsewhere
     * may use another one (PyTorch's {@code nn.LayerNorm} adds 1e-5, flax's 1e-6), and the outputs depend on it.
     */
    public static SequenceModel fromTensors(ModelConfig c, NDManager m, Map<String, NDArray> t, double normEps) {
        for (var e : t.entrySet()) {
            float[] v = e.getValue().toFloatArray();
            for (int i = 0; i < v.length; i++)
                if (!Float.isFinite(v[i])) throw new IllegalArgumentException("tensor " + e.getKey() + " has a non-finite entry at " + i + " (" + v[i] + ")");
        }
        SequenceModel ref = create(c);  // expected names and dense shapes
        try {
            Map<String, NDArray> dense = new LinkedHashMap<>(), buffers = new LinkedHashMap<>();
            for (var e : ref.dense.entrySet()) dense.put(e.getKey(), expect(t, e.getKey(), e.getValue().getShape()));
            for (var e : ref.buffers.entrySet()) buffers.put(e.getKey(), expect(t, e.getKey(), e.getValue().getShape()));
            List<SsmLayer> layers = new ArrayList<>();
            for (int l = 0; l < c.layers(); l++) {
                String pre = "layer" + l + ".ssm.";
                Map<String, NDArray> p = new LinkedHashMap<>();
                for (var e : t.entrySet()) if (e.getKey().startsWith(pre)) p.put(e.getKey().substring(pre.length()), e.getValue());
                if (p.isEmpty()) throw new IllegalArgumentException("no SSM parameters for layer " + l + " (" + pre + "*)");
                try {
                    layers.add(c.kind() == ModelConfig.Kind.S5 ? S5Layer.fromParams(p, true) : S4dLayer.fromParams(p));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("layer " + l + ": " + ex.getMessage(), ex);
                }
            }
            for (int l = 0; l < c.layers(); l++) {                      // every SSM parameter the architecture needs
                String pre = "layer" + l + ".ssm.";
                for (Param p : ref.ssm.get(l).params())
                    if (!t.containsKey(pre + p.name())) throw new IllegalArgumentException("missing tensor " + pre + p.name());
            }
            long known = dense.size() + buffers.size() + layers.stream().mapToLong(s -> s.params().size()).sum();
            if (known != t.size()) {
                List<String> extra = new ArrayList<>(t.keySet());
                extra.removeAll(dense.keySet());
                extra.removeAll(buffers.keySet());
                extra.removeIf(k -> k.matches("layer\\d+\\.ssm\\..*"));
                throw new IllegalArgumentException("unexpected tensors " + extra);
            }
            return new SequenceModel(c, m, dense, buffers, layers, normEps);
        } finally {
            ref.close();
        }
    }

    private static NDArray expect(Map<String, NDArray> t, String name, Shape shape) {
        NDArray a = t.get(name);
        if (a == null) throw new IllegalArgumentException("missing tensor " + name);
        if (!a.getShape().equals(shape))
            throw new IllegalArgumentException("tensor " + name + " has shape " + a.getShape() + " but the model expects " + shape);
        return a;
    }

    private static NDArray lecun(NDManager m, Random rnd, int fanIn, int fanOut) {
        float[] w = new float[fanIn * fanOut];
        double sd = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < w.length; i++) {
            double g;
            do g = rnd.nextGaussian(); while (Math.abs(g) > 2);   // truncated normal on [-2, 2] sd
            w[i] = (float) (g * sd / 0.87962566103423978);
        }
        return m.create(w, new Shape(fanIn, fanOut));
    }

    public ModelConfig config() { return config; }

    public NDManager manager() { return manager; }

    /** The epsilon the norms add to the variance. */
    public double normEps() { return normEps; }

    /** The SSM layers. */
    public List<SsmLayer> ssmLayers() { return ssm; }

    /** Each layer's discrete system (Lambda_bar, B_bar, C, D) in double precision: the input of every score. */
    public List<DiscreteSsm> discreteLayers() { return ssm.stream().map(SsmLayer::discrete).toList(); }

    /** Stored states per layer (conjugate pairs for S5, (channel, mode) pairs for S4D). */
    public int[] statesPerLayer() { return ssm.stream().mapToInt(SsmLayer::stateCount).toArray(); }

    /** Every trainable parameter with its full name and optimiser group. */
    public List<Param> params() {
        List<Param> out = new ArrayList<>();
        for (var e : dense.entrySet()) out.add(new Param(e.getKey(), e.getValue(), Param.Group.REGULAR));
        for (int l = 0; l < ssm.size(); l++)
            for (Param p : ssm.get(l).params()) out.add(new Param("layer" + l + ".ssm." + p.name(), p.array(), p.group()));
        return out;
    }

    /** Every tensor to save: parameters and BatchNorm running statistics, by name. */
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Param p : params()) out.put(p.name(), p.array());
        out.putAll(buffers);
        return out;
    }

    /** The number of trainable scalars. */
    public long parameterCount() { return params().stream().mapToLong(p -> p.array().size()).sum(); }

    /**
     * Logits (B, classes) for a batch.
     *
     * @param input    (B, L) token ids (int or float) when {@code config.tokens()}, else (B, L, inputDim) floats
     * @param lengths  (B) valid lengths for length-aware mean pooling, or null when every sequence is full
     * @param training whether to use batch statistics (and update running ones) and dropout
     */
    public NDArray forward(NDArray input, NDArray lengths, boolean training) {
        return forward(input, lengths, training, null);
    }

    /**
     * The input u (B, L, H) that each SSM layer receives (after the encoder, the residual stream and the
     * pre-norm) in inference mode, one tensor per layer: what a data-driven score needs to measure what each
     * state actually contributes. For a dual encoder the rows are the input's 2B stacked documents.
     */
    public List<NDArray> ssmInputs(NDArray input, NDArray lengths) {
        List<NDArray> out = new java.util.ArrayList<>();
        forward(input, lengths, false, out);
        return out;
    }

    private NDArray forward(NDArray input, NDArray lengths, boolean training, List<NDArray> ssmInputs) {
        if (!config.dualEncoder()) {
            NDArray pooled = body(input, lengths, training, ssmInputs);
            return pooled.matMul(dense.get("decoder.W")).add(dense.get("decoder.b"));
        }
        // two-tower (S5's AAN batch layout, last.data.PairDataset): input (2B, L[, F]) holds the B first documents,
        // then the B second ones, lengths (2B) in the same order; all run through the shared body as one batch
        long rows = input.getShape().get(0), b = rows / 2;
        if (rows % 2 != 0)
            throw new IllegalArgumentException("a dual-encoder batch must stack 2B documents (first sides, then second sides) but has " + rows + " rows");
        if (lengths != null && (lengths.getShape().dimension() != 1 || lengths.getShape().get(0) != rows))
            throw new IllegalArgumentException("dual-encoder lengths must be (2B) = (" + rows + ") but are " + lengths.getShape());
        NDArray both = input, lens = lengths;
        NDArray pooled = body(both, lens, training, ssmInputs);                            // (2B, H)
        NDArray h1 = pooled.get(":" + b), h2 = pooled.get(b + ":");
        NDArray feat = NDArrays.concat(new ai.djl.ndarray.NDList(h1, h2, h1.sub(h2), h1.mul(h2)), 1);  // (B, 4H)
        NDArray hid = Ops.geluTanh(feat.matMul(dense.get("decoder.W1")).add(dense.get("decoder.b1")));
        return hid.matMul(dense.get("decoder.W")).add(dense.get("decoder.b"));
    }

    /** Encoder, SSM layers and pooling: (B, H). */
    private NDArray body(NDArray input, NDArray lengths, boolean training, List<NDArray> ssmInputs) {
        NDArray x;
        if (config.tokens()) {
            x = input.toType(DataType.INT64, false).oneHot(config.inputDim()).toType(DataType.FLOAT32, false);
        } else {
            if (input.getShape().dimension() != 3 || input.getShape().get(2) != config.inputDim())
                throw new IllegalArgumentException("input must be (B, L, " + config.inputDim() + ") but is " + input.getShape());
            x = input.toType(DataType.FLOAT32, false);
        }
        x = x.matMul(dense.get("encoder.W")).add(dense.get("encoder.b"));                  // (B,L,H)
        for (int l = 0; l < ssm.size(); l++) x = layer(l, x, training, ssmInputs);
        NDArray pooled;
        if (config.pooling() == ModelConfig.Pooling.LAST) {
            pooled = x.get(":, -1, :");
        } else if (lengths == null) {
            pooled = x.mean(new int[]{1});
        } else {
            long len = x.getShape().get(1);
            NDArray t = x.getManager().arange(0f, (float) len).expandDims(0);              // (1,L)
            NDArray lf = lengths.toType(DataType.FLOAT32, false).expandDims(1);           // (B,1)
            NDArray mask = t.lt(lf).toType(DataType.FLOAT32, false).expandDims(2);       // (B,L,1)
            pooled = x.mul(mask).sum(new int[]{1}).div(lf);
        }
        return pooled;
    }

    /**
     * One residual block (norm, SSM, activation / GLU, skip) in its own {@link NDScope}: every array the block creates
     * is closed when it ends, except its output (and the SSM input when {@code ssmInputs} collects it), which move to
     * the enclosing scope. Under autograd this is safe (the backward graph holds its own references to what it saved)
     * and it is what keeps the memory of a training step near PyTorch's (issue #12): DJL otherwise keeps every
     * intermediate of every layer alive until the step's scope closes, PyTorch frees each as soon as it is unreferenced.
     */
    private NDArray layer(int l, NDArray input, boolean training, List<NDArray> ssmInputs) {
        String pre = "layer" + l + ".";
        NDArray x, ssmIn;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            ssmIn = config.prenorm() ? norm(pre, input, training) : input;
            NDArray z = block(pre, ssm.get(l).apply(ssmIn), training);
            x = input.add(z);
            if (!config.prenorm()) x = norm(pre, x, training);
            NDScope.unregister(x);
            if (ssmInputs != null) NDScope.unregister(ssmIn);
        }
        NDScope.register(x);                                     // now owned by the enclosing scope (if any)
        if (ssmInputs != null) {
            if (ssmIn != input) NDScope.register(ssmIn);
            ssmInputs.add(ssmIn);
        }
        return x;
    }

    /**
     * The layer's norm: LayerNorm over H, or BatchNorm per channel over batch x time (running statistics updated in
     * training, used in inference). Both are single native operators ({@link Ops#layerNorm}, {@link Ops#batchNorm}),
     * numerically equal to the composite forms they replaced ({@code last.model.FusedOpsTest}).
     */
    private NDArray norm(String pre, NDArray x, boolean training) {
        NDArray gamma = dense.get(pre + "norm.gamma"), beta = dense.get(pre + "norm.beta");
        if (config.norm() == ModelConfig.Norm.LAYER) return Ops.layerNorm(x, gamma, beta, (float) normEps);
        return Ops.batchNorm(x, gamma, beta, buffers.get(pre + "norm.running_mean"), buffers.get(pre + "norm.running_var"),
                (float) config.bnMomentum(), (float) normEps, training);
    }

    private NDArray block(String pre, NDArray y, boolean training) {
        switch (config.activation()) {
            case GELU:
                return dropout(Ops.geluTanh(y), training);
            case HALF_GLU1: {
                NDArray g = dropout(Ops.geluTanh(y), training);
                NDArray gate = g.matMul(dense.get(pre + "glu.W")).add(dense.get(pre + "glu.b")).getNDArrayInternal().sigmoid();
                return dropout(g.mul(gate), training);
            }
            case HALF_GLU2: {
                NDArray g = dropout(Ops.geluTanh(y), training);
                NDArray gate = g.matMul(dense.get(pre + "glu.W")).add(dense.get(pre + "glu.b")).getNDArrayInternal().sigmoid();
                return dropout(y.mul(gate), training);
            }
            case GLU: {
                NDArray g = dropout(Ops.geluErf(y), training);
                NDArray v = g.matMul(dense.get(pre + "glu.W")).add(dense.get(pre + "glu.b"));   // (B,L,2H)
                long h = config.h();
                NDArray a = v.get("..., :" + h), b = v.get("..., " + h + ":");
                return dropout(a.mul(b.getNDArrayInternal().sigmoid()), training);
            }
            default:
                throw new IllegalStateException();
        }
    }

    private NDArray dropout(NDArray x, boolean training) {
        double p = config.dropout();
        if (!training || p == 0) return x;
        long[] s = x.getShape().getShape();
        NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(s[0], 1, s[2])).gte((float) p)
                .toType(DataType.FLOAT32, false);
        keep = Ops.div(keep, (float) (1 - p));                    // tied over time
        return x.mul(keep);
    }

    /**
     * The same model with every SSM step multiplied by {@code scale}: what S5 calls {@code step_rescale}, for
     * zero-shot evaluation at another sampling rate without retraining (paper Table 10: a model trained at 16 kHz,
     * evaluated at 8 kHz with {@code scale = 2}). A continuous-time SSM sampled at step Delta describes the same
     * system at step 2 Delta; only the discretisation (ZOH) changes. Implemented exactly as
     * {@code log Delta + log(scale)} on the stored log steps ({@code log_step} of S5, {@code log_dt} of S4D), so the
     * rescaled model is an ordinary model: it can be scored, pruned, evaluated and saved. A new model in its own manager.
     */
    public SequenceModel withStepRescale(double scale) {
        if (!(scale > 0) || !Double.isFinite(scale))
            throw new IllegalArgumentException("step rescale must be a positive finite number but is " + scale);
        NDManager m = NDManager.newBaseManager();
        try {
            Map<String, NDArray> t = new LinkedHashMap<>();
            float shift = (float) Math.log(scale);
            for (var e : tensors().entrySet()) {
                float[] v = e.getValue().toFloatArray();
                if (e.getKey().endsWith(".ssm.log_step") || e.getKey().endsWith(".ssm.log_dt"))
                    for (int i = 0; i < v.length; i++) v[i] += shift;
                t.put(e.getKey(), m.create(v, e.getValue().getShape()));
            }
            return fromTensors(config, m, t);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** The model with the plan's pruned states masked (B_bar_i = 0, C_i = 0), as the reference implementation prunes. */
    public SequenceModel masked(PruningPlan plan) { return copyWith(plan, true); }

    /** The model with the plan's pruned states physically removed: smaller, same outputs as {@link #masked}. */
    public SequenceModel pruned(PruningPlan plan) { return copyWith(plan, false); }

    /** Each SSM layer's removable entries, for {@link UnstructuredPlan#random}. */
    public List<UnstructuredPlan.Layout> layouts() { return ssm.stream().map(SsmLayer::layout).toList(); }

    /** The model with individual SSM entries removed (unstructured pruning, paper Table 5). */
    public SequenceModel entryMasked(UnstructuredPlan plan) {
        if (plan.layers().size() != ssm.size())
            throw new IllegalArgumentException("the plan has " + plan.layers().size() + " layers but the model has " + ssm.size());
        NDManager m = NDManager.newBaseManager();
        List<SsmLayer> layers = new ArrayList<>();
        for (int l = 0; l < ssm.size(); l++) {
            try {
                layers.add(ssm.get(l).entryMasked(m, plan.layers().get(l)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + l + ": " + e.getMessage(), e);
            }
        }
        return new SequenceModel(config, m, copy(m, dense), copy(m, buffers), layers, normEps);
    }

    private SequenceModel copyWith(PruningPlan plan, boolean mask) {
        if (plan.layerCount() != ssm.size())
            throw new IllegalArgumentException("the plan has " + plan.layerCount() + " layers but the model has " + ssm.size());
        NDManager m = NDManager.newBaseManager();
        Map<String, NDArray> d = copy(m, dense), b = copy(m, buffers);
        List<SsmLayer> layers = new ArrayList<>();
        for (int l = 0; l < ssm.size(); l++) {
            try {
                layers.add(mask ? ssm.get(l).masked(m, plan.mask(l)) : ssm.get(l).pruned(m, plan.mask(l)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + l + ": " + e.getMessage(), e);
            }
        }
        return new SequenceModel(config, m, d, b, layers, normEps);
    }

    private static Map<String, NDArray> copy(NDManager m, Map<String, NDArray> src) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (var e : src.entrySet()) out.put(e.getKey(), m.create(e.getValue().toFloatArray(), e.getValue().getShape()));
        return out;
    }

    @Override
    public void close() { manager.close(); }
}
