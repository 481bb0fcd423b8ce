package last.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import last.model.ModelConfig;
import last.model.SequenceModel;

/**
 * What the arrays of a reference checkpoint cannot tell about its model, as a small JSON file beside it. Sizes (H, P or
 * N_s, layers, classes, input width) and the presence of BatchNorm statistics, GLU dense layers and bidirectional C
 * matrices come from the arrays; the rest comes from here.
 *
 * <pre>{"format": "s5", "prenorm": true, "activation": "half_glu1"}</pre>
 *
 * @param format         "s5" (flax S5/LAST, lindermanlab/S5 and msgwak/LAST) or "s4d" (state-spaces/s4 {@code example.py} + {@code models/s4/s4d.py})
 * @param norm           "batch" or "layer"; null: BatchNorm when the file holds running statistics, else LayerNorm
 * @param prenorm        norm before the SSM (S5 {@code --prenorm}, s4 {@code example.py --prenorm}); required
 * @param activation     S5: "half_glu1", "half_glu2" or "gelu" ({@code --activation_fn}; "full_glu" is refused);
 *                       S4D: "glu" (GELU, Conv1d(H, 2H, 1), GLU; the default)
 * @param pooling        "mean" (S5 {@code --mode pool}, s4 example) or "last"; default "mean"
 * @param tokens         S5: the input is token ids fed one-hot to the encoder (ListOps, IMDB); default false
 * @param bidirectional  null: from the arrays (C1/C2, or a C of width 2N); if given it must agree
 * @param conjSym        S5 {@code --conj_sym}; default true (every script); false is refused
 * @param clipEigs       S5 {@code --clip_eigs}; default false. The toolkit always clips Re(lambda) at -1e-4, so false
 *                       is accepted only when every Lambda_re is already at most -1e-4
 * @param discretization S5 {@code --discretization}: "zoh" (default); "bilinear" is refused
 * @param stepRescale    S5's {@code step_rescale} (Delta = step_rescale exp(log_step)); default 1
 * @param cInit          S5 {@code --C_init}; only "complex_normal" matters: a bidirectional layer then stores one C of
 *                       shape (H, 2N, 2) instead of C1 and C2
 * @param normEps        the epsilon of the norms; default flax's (LayerNorm 1e-6, BatchNorm 1e-5) for S5 and
 *                       PyTorch's 1e-5 for S4D
 * @param bnMomentum     BatchNorm momentum, only for further training here; default 0.95 (S5's {@code --bn_momentum})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceConfig(@JsonProperty("format") String format,
                              @JsonProperty("norm") String norm,
                              @JsonProperty("prenorm") Boolean prenorm,
                              @JsonProperty("activation") String activation,
                              @JsonProperty("pooling") String pooling,
                              @JsonProperty("tokens") Boolean tokens,
                              @JsonProperty("bidirectional") Boolean bidirectional,
                              @JsonProperty("conj_sym") Boolean conjSym,
                              @JsonProperty("clip_eigs") Boolean clipEigs,
                              @JsonProperty("discretization") String discretization,
                              @JsonProperty("step_rescale") Double stepRescale,
                              @JsonProperty("c_init") String cInit,
                              @JsonProperty("norm_eps") Double normEps,
                              @JsonProperty("bn_momentum") Double bnMomentum) {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ReferenceConfig {
        if (format == null) throw new IllegalArgumentException("the reference config must name its \"format\": \"s5\" or \"s4d\"");
        format = format.toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("s5") && !format.equals("s4d"))
            throw new IllegalArgumentException("reference format \"" + format + "\" is not supported; \"s5\" and \"s4d\" are");
        boolean s5 = format.equals("s5");
        if (prenorm == null)
            throw new IllegalArgumentException("the reference config must say \"prenorm\": true or false (the arrays cannot tell)");
        if (norm != null && !Set.of("batch", "layer").contains(norm))
            throw new IllegalArgumentException("norm \"" + norm + "\" is not supported; \"batch\" and \"layer\" are");
        if (activation == null) {
            if (s5) throw new IllegalArgumentException("an S5 reference config must name its \"activation\": half_glu1, half_glu2 or gelu (the arrays cannot tell half_glu1 from half_glu2)");
            activation = "glu";
        }
        if (s5 && activation.equals("full_glu"))
            throw new IllegalArgumentException("S5 activation full_glu (out1(g) * sigmoid(out2(g)), s5/layers.py) has no toolkit equivalent; half_glu1, half_glu2 and gelu are supported");
        if (s5 && !Set.of("half_glu1", "half_glu2", "gelu").contains(activation))
            throw new IllegalArgumentException("S5 activation \"" + activation + "\" is not supported; half_glu1, half_glu2 and gelu are");
        if (!s5 && !activation.equals("glu"))
            throw new IllegalArgumentException("S4D activation \"" + activation + "\" is not supported; only \"glu\" (GELU, Conv1d(H, 2H, 1), GLU as models/s4/s4d.py) is");
        if (pooling == null) pooling = "mean";
        if (!Set.of("mean", "last").contains(pooling)) throw new IllegalArgumentException("pooling \"" + pooling + "\" is not supported; \"mean\" and \"last\" are");
        if (tokens == null) tokens = false;
        if (!s5 && tokens) throw new IllegalArgumentException("token input is supported for S5 only (one-hot into the Dense encoder)");
        if (conjSym == null) conjSym = true;
        if (!conjSym) throw new IllegalArgumentException("conj_sym false is not supported: the toolkit's S5 layer keeps P/2 conjugate pairs and outputs 2 Re(C x)");
        if (clipEigs == null) clipEigs = false;
        if (discretization == null) discretization = "zoh";
        if (!discretization.equals("zoh")) throw new IllegalArgumentException("discretization \"" + discretization + "\" is not supported; only zoh is");
        if (stepRescale == null) stepRescale = 1.0;
        if (!(stepRescale > 0) || !Double.isFinite(stepRescale)) throw new IllegalArgumentException("step_rescale must be finite and > 0 but is " + stepRescale);
        if (normEps != null && (!(normEps > 0) || !Double.isFinite(normEps))) throw new IllegalArgumentException("norm_eps must be finite and > 0 but is " + normEps);
        if (bnMomentum == null) bnMomentum = 0.95;
        if (!(bnMomentum >= 0 && bnMomentum < 1)) throw new IllegalArgumentException("bn_momentum must be in [0, 1) but is " + bnMomentum);
        if (!s5 && Boolean.TRUE.equals(bidirectional))
            throw new IllegalArgumentException("bidirectional S4D is not supported: models/s4/s4d.py has no backward kernel");
    }

    /** A minimal config: format, prenorm and activation (null for S4D); everything else by default or from the arrays. */
    public static ReferenceConfig of(String format, boolean prenorm, String activation) {
        return new ReferenceConfig(format, null, prenorm, activation, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean s5() { return format.equals("s5"); }

    /** The norm epsilon: the config's, else the reference framework's default for that norm. */
    public double normEps(ModelConfig.Norm n) {
        if (normEps != null) return normEps;
        return s5() && n == ModelConfig.Norm.LAYER ? 1e-6 : 1e-5;
    }

    /** The config that describes {@code model} in its reference format (S5: clip_eigs true, as the toolkit clips). */
    public static ReferenceConfig describe(SequenceModel model) {
        ModelConfig c = model.config();
        boolean s5 = c.kind() == ModelConfig.Kind.S5;
        String act = switch (c.activation()) {
            case HALF_GLU1 -> "half_glu1";
            case HALF_GLU2 -> "half_glu2";
            case GELU -> "gelu";
            case GLU -> "glu";
        };
        return new ReferenceConfig(s5 ? "s5" : "s4d", c.norm() == ModelConfig.Norm.BATCH ? "batch" : "layer", c.prenorm(), act,
                c.pooling() == ModelConfig.Pooling.MEAN ? "mean" : "last", c.tokens(), c.bidirectional(), true, s5 ? true : null,
                "zoh", 1.0, null, model.normEps(), c.bnMomentum());
    }

    public static ReferenceConfig read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ReferenceConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(file + ": " + cause.getMessage(), e);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown key \"" + e.getPropertyName() + "\" (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read reference config " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) java.nio.file.Files.createDirectories(dir);
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
