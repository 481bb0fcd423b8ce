package last.model;

import last.ssm.S4dInit;
import last.ssm.S5Init;

/**
 * The architecture of a deep SSM classifier (paper Tables 3-4; docs/conventions.md Sec. 1.6-1.7, 3.3).
 *
 * @param kind          S5 (MIMO) or S4D (multi-SISO)
 * @param inputDim      features per time step (1 for pixels) or vocabulary size when {@code tokens}
 * @param tokens        whether the input is token ids (one-hot + dense encoder, as S5) instead of real features
 * @param classes       number of classes
 * @param layers        number of SSM layers (L in the tables)
 * @param h             model width H
 * @param p             S5: real state dimension P (N = P/2 stored conjugate pairs); S4D: N_s per channel
 * @param blocks        S5: number of HiPPO blocks J (ignored for S4D)
 * @param bidirectional whether each SSM also runs a reverse-time scan with its own C
 * @param norm          BatchNorm over batch x time, or LayerNorm
 * @param prenorm       normalise before the SSM (true) or after the residual (false)
 * @param activation    the block after the SSM
 * @param dropout       dropout probability (masks tied over time)
 * @param pooling       mean (length-aware) or last time step
 * @param dtMin         lower end of the log-uniform step initialisation
 * @param dtMax         upper end
 * @param s5CInit       S5's C initialisation
 * @param s4dInit       S4D's A initialisation
 * @param bnMomentum    BatchNorm running-statistics momentum m (r <- m r + (1 - m) batch; S5's 0.95)
 * @param seed          seed of every parameter draw
 * @param dualEncoder   two-tower model for document matching (LRA Retrieval): a batch stacks 2B documents (the B
 *                      first sides, then the B second sides, as {@link last.data.PairDataset}); both go through the
 *                      same encoder and layers, and the decoder MLP reads [h1, h2, h1 - h2, h1 * h2]
 */
public record ModelConfig(Kind kind, int inputDim, boolean tokens, int classes, int layers, int h, int p, int blocks,
                          boolean bidirectional, Norm norm, boolean prenorm, Activation activation, double dropout,
                          Pooling pooling, double dtMin, double dtMax, S5Init.CInit s5CInit, S4dInit.Kind s4dInit,
                          double bnMomentum, long seed, boolean dualEncoder) {

    public enum Kind { S5, S4D }
    public enum Norm { BATCH, LAYER }
    /** HALF_GLU1: g = gelu(y), z = g * sigmoid(W g); HALF_GLU2: z = y * sigmoid(W gelu(y)); GELU; GLU: S4D's Linear(H, 2H) + GLU. */
    public enum Activation { HALF_GLU1, HALF_GLU2, GELU, GLU }
    public enum Pooling { MEAN, LAST }

    public ModelConfig {
        if (kind == null || norm == null || activation == null || pooling == null)
            throw new IllegalArgumentException("kind, norm, activation and pooling must be given");
        if (inputDim < 1) throw new IllegalArgumentException("inputDim must be >= 1 but is " + inputDim);
        if (classes < 2) throw new IllegalArgumentException("classes must be >= 2 but is " + classes);
        if (layers < 1) throw new IllegalArgumentException("layers must be >= 1 but is " + layers);
        if (h < 1) throw new IllegalArgumentException("h must be >= 1 but is " + h);
        if (p < 2 || p % 2 != 0) throw new IllegalArgumentException("p (state dimension) must be even and >= 2 but is " + p);
        if (kind == Kind.S5 && (blocks < 1 || p % blocks != 0 || (p / blocks) % 2 != 0))
            throw new IllegalArgumentException("blocks J must divide P = " + p + " into even blocks but is " + blocks);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1) but is " + dropout);
        if (!(bnMomentum >= 0 && bnMomentum < 1)) throw new IllegalArgumentException("bnMomentum must be in [0, 1) but is " + bnMomentum);
        if (!(dtMin > 0 && Double.isFinite(dtMin))) throw new IllegalArgumentException("dtMin must be finite and > 0 but is " + dtMin);
        if (!(dtMax >= dtMin && Double.isFinite(dtMax)))
            throw new IllegalArgumentException("dtMax must be finite and >= dtMin = " + dtMin + " but is " + dtMax);
        if (s5CInit == null) s5CInit = S5Init.CInit.LECUN_NORMAL;
        if (s4dInit == null) s4dInit = S4dInit.Kind.LEGS;
    }

    /** A small S5 classifier with S5's defaults (BatchNorm, prenorm, half_glu1, mean pooling, dt in [0.001, 0.1]). */
    public static ModelConfig s5(int inputDim, int classes, int layers, int h, int p, int blocks) {
        return builder(Kind.S5, inputDim, classes).layers(layers).h(h).p(p).blocks(blocks).build();
    }

    /** A small S4D classifier (LayerNorm, prenorm, GELU + Linear/GLU block, mean pooling, S4D-LegS init). */
    public static ModelConfig s4d(int inputDim, int classes, int layers, int h, int nS) {
        return builder(Kind.S4D, inputDim, classes).layers(layers).h(h).p(nS).blocks(1).build();
    }

    /**
     * A builder with the defaults of {@link #s5} (kind S5: BatchNorm, half_glu1) or {@link #s4d} (kind S4D: LayerNorm,
     * GLU): prenorm, no dropout, mean pooling, dt in [0.001, 0.1], LeCun-normal C, S4D-LegS, BatchNorm momentum 0.95,
     * seed 0, one block, real-valued input, one direction, one encoder. {@code layers}, {@code h} and {@code p} have
     * no default (0): {@link Builder#build} refuses them unset.
     */
    public static Builder builder(Kind kind, int inputDim, int classes) {
        Builder b = new Builder();
        b.kind = kind;
        b.inputDim = inputDim;
        b.classes = classes;
        b.norm = kind == Kind.S4D ? Norm.LAYER : Norm.BATCH;
        b.activation = kind == Kind.S4D ? Activation.GLU : Activation.HALF_GLU1;
        return b;
    }

    /** A builder holding every component of this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.kind = kind; b.inputDim = inputDim; b.tokens = tokens; b.classes = classes; b.layers = layers; b.h = h; b.p = p;
        b.blocks = blocks; b.bidirectional = bidirectional; b.norm = norm; b.prenorm = prenorm; b.activation = activation;
        b.dropout = dropout; b.pooling = pooling; b.dtMin = dtMin; b.dtMax = dtMax; b.s5CInit = s5CInit; b.s4dInit = s4dInit;
        b.bnMomentum = bnMomentum; b.seed = seed; b.dualEncoder = dualEncoder;
        return b;
    }

    /** Builds a {@link ModelConfig} one component at a time; {@link #build} validates as the constructor does. */
    public static final class Builder {
        private Kind kind;
        private int inputDim, classes, layers, h, p, blocks = 1;
        private boolean tokens, bidirectional, prenorm = true, dualEncoder;
        private Norm norm;
        private Activation activation;
        private double dropout, dtMin = 0.001, dtMax = 0.1, bnMomentum = 0.95;
        private Pooling pooling = Pooling.MEAN;
        private S5Init.CInit s5CInit = S5Init.CInit.LECUN_NORMAL;
        private S4dInit.Kind s4dInit = S4dInit.Kind.LEGS;
        private long seed;

        private Builder() {}

        public Builder kind(Kind v) { kind = v; return this; }
        public Builder inputDim(int v) { inputDim = v; return this; }
        public Builder tokens(boolean v) { tokens = v; return this; }
        public Builder classes(int v) { classes = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder h(int v) { h = v; return this; }
        public Builder p(int v) { p = v; return this; }
        public Builder blocks(int v) { blocks = v; return this; }
        public Builder bidirectional(boolean v) { bidirectional = v; return this; }
        public Builder norm(Norm v) { norm = v; return this; }
        public Builder prenorm(boolean v) { prenorm = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder pooling(Pooling v) { pooling = v; return this; }
        public Builder dt(double min, double max) { dtMin = min; dtMax = max; return this; }
        public Builder s5CInit(S5Init.CInit v) { s5CInit = v; return this; }
        public Builder s4dInit(S4dInit.Kind v) { s4dInit = v; return this; }
        public Builder bnMomentum(double v) { bnMomentum = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder dualEncoder(boolean v) { dualEncoder = v; return this; }

        /** The config; throws {@link IllegalArgumentException} as the constructor does for an invalid combination. */
        public ModelConfig build() {
            return new ModelConfig(kind, inputDim, tokens, classes, layers, h, p, blocks, bidirectional, norm, prenorm, activation,
                    dropout, pooling, dtMin, dtMax, s5CInit, s4dInit, bnMomentum, seed, dualEncoder);
        }
    }

    public ModelConfig withSeed(long v) { return toBuilder().seed(v).build(); }
    public ModelConfig withBidirectional(boolean v) { return toBuilder().bidirectional(v).build(); }
    public ModelConfig withNorm(Norm v) { return toBuilder().norm(v).build(); }
    public ModelConfig withDropout(double v) { return toBuilder().dropout(v).build(); }
    public ModelConfig withTokens(boolean v) { return toBuilder().tokens(v).build(); }
    public ModelConfig withPooling(Pooling v) { return toBuilder().pooling(v).build(); }
    public ModelConfig withActivation(Activation v) { return toBuilder().activation(v).build(); }
    public ModelConfig withDt(double min, double max) { return toBuilder().dt(min, max).build(); }
    public ModelConfig withDualEncoder(boolean v) { return toBuilder().dualEncoder(v).build(); }

    /** Stored states per layer before pruning: P/2 pairs (S5) or H * N_s/2 modes (S4D). */
    public int statesPerLayer() { return kind == Kind.S5 ? p / 2 : h * p / 2; }
}
