package last.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import last.model.S4dLayer;
import last.model.S5Layer;
import last.model.SequenceModel;
import last.model.SsmLayer;
import last.plot.Plots;
import last.prune.Pruning;
import last.score.Scores;
import last.score.StateScores;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * The paper's per-model figures of one trained checkpoint: Fig. 3 (scores per layer and the remaining state
 * dimension per layer under Global H-inf and LAST) and Fig. 4 (the poles LAST keeps in one layer). The Table 8 timings
 * are {@link last.experiment.Speed#table8(Path, List, Table, int[], int, int, int)}.
 */
public final class PruningFigures {
    private PruningFigures() {}

    /** Fig. 3's pruning ratios: 0, 20, 40, 60, 80 %. */
    public static final double[] FIG3_RATIOS = {0, 0.2, 0.4, 0.6, 0.8};

    /**
     * Fig. 3 of one model.
     *
     * @param image          the four panels: sorted scores per layer (Global H-inf, LAST), remaining state dimension
     *                       per layer at each ratio (Global H-inf, LAST)
     * @param remaining      method -> [ratio index][layer] remaining (real) state dimension, a conjugate pair counting 2
     * @param ratios         the ratios (fractions)
     * @param fullStateDim   the full per-layer state dimension (a conjugate pair counting 2)
     */
    public record Fig3(BufferedImage image, Map<String, int[][]> remaining, double[] ratios, int fullStateDim) {
        /** One line per (method, ratio): "LAST at 40%: [..]". */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (var e : remaining.entrySet())
                for (int k = 0; k < ratios.length; k++)
                    out.add(e.getKey() + " at " + Math.round(100 * ratios[k]) + "%: " + Arrays.toString(e.getValue()[k]));
            return out;
        }
    }

    /**
     * Fig. 3 (paper Sec. 5, Path-X): each layer's Global H-inf and LAST scores sorted descending (log scale), and the
     * remaining state dimension per layer when pruning {@code ratios} of all states with each. S5 states are conjugate
     * pairs and count 2, as in the paper's figure.
     */
    public static Fig3 fig3(SequenceModel model, double[] ratios) {
        var layers = model.discreteLayers();
        int perState = layers.get(0).conjSym() ? 2 : 1;
        StateScores gh = Scores.globalHInf(layers), ls = Scores.last(layers);
        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.add(Plots.scoreCurves("Global H-inf score", gh.layers(), 1e-12));
        charts.add(Plots.scoreCurves("LAST score", ls.layers(), 1e-12));
        List<String> labels = Arrays.stream(ratios).mapToObj(r -> Math.round(100 * r) + "%").toList();
        Map<String, int[][]> remaining = new LinkedHashMap<>();
        for (StateScores s : List.of(gh, ls)) {
            int[][] kept = new int[ratios.length][];
            for (int k = 0; k < ratios.length; k++)
                kept[k] = Arrays.stream(Pruning.plan(s, ratios[k]).keptPerLayer()).map(v -> perState * v).toArray();
            remaining.put(s.method(), kept);
            charts.add(Plots.keptBars(s.method() + ": remaining state dimension", labels, kept));
        }
        return new Fig3(Plots.grid(charts, 2), remaining, ratios.clone(), layers.get(0).realStateDimension());
    }

    /**
     * Fig. 4 of one layer.
     *
     * @param chart      the kept continuous-time poles at each ratio
     * @param keptPairs  states (S5: conjugate pairs) kept in the layer at each ratio
     * @param meanAbsRe  mean |Re(lambda)| of the kept poles at each ratio (claim 7: pruning keeps the poles near the
     *                   imaginary axis, the slowly decaying modes)
     * @param conjugatePairs whether a kept state is a conjugate pair (S5 with conj-sym)
     */
    public record Fig4(XYChart chart, double[] ratios, int[] keptPairs, double[] meanAbsRe, boolean conjugatePairs) {
        public List<String> lines(int layer) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < ratios.length; k++)
                out.add(String.format(java.util.Locale.ROOT, "%2.0f %%: %2d %s kept in layer %d, mean |Re(lambda)| of kept = %.3f",
                        100 * ratios[k], keptPairs[k], conjugatePairs ? "pairs" : "states", layer + 1, meanAbsRe[k]));
            return out;
        }
    }

    /**
     * Fig. 4 (paper Sec. 5): the continuous-time poles of layer {@code layer} (0-based) that LAST keeps at each ratio;
     * for S5 both members of every kept conjugate pair are drawn.
     */
    public static Fig4 fig4(SequenceModel model, int layer, double[] ratios) {
        if (layer < 0 || layer >= model.ssmLayers().size())
            throw new IllegalArgumentException("layer " + layer + " out of range: the model has " + model.ssmLayers().size() + " SSM layers");
        SsmLayer l = model.ssmLayers().get(layer);
        double[][] poles = l instanceof S5Layer s5 ? s5.continuousPoles() : ((S4dLayer) l).continuousPoles();
        boolean pairs = model.discreteLayers().get(layer).conjSym();
        StateScores scores = Scores.last(model.discreteLayers());
        Map<String, double[][]> groups = new LinkedHashMap<>();
        int[] kept = new int[ratios.length];
        double[] meanAbsRe = new double[ratios.length];
        for (int k = 0; k < ratios.length; k++) {
            int[] keep = Pruning.plan(scores, ratios[k]).keptIndices(layer);
            int m = pairs ? 2 : 1;
            double[] re = new double[m * keep.length], im = new double[m * keep.length];
            for (int j = 0; j < keep.length; j++) {
                re[m * j] = poles[0][keep[j]];
                im[m * j] = poles[1][keep[j]];
                if (pairs) { re[m * j + 1] = poles[0][keep[j]]; im[m * j + 1] = -poles[1][keep[j]]; }
            }
            groups.put(Math.round(100 * ratios[k]) + "% pruned", new double[][]{re, im});
            kept[k] = keep.length;
            meanAbsRe[k] = Arrays.stream(keep).mapToDouble(i -> Math.abs(poles[0][i])).average().orElse(Double.NaN);
        }
        XYChart chart = Plots.poles("Remaining poles of Lambda (layer " + (layer + 1) + ", LAST)", groups, false);
        return new Fig4(chart, ratios.clone(), kept, meanAbsRe, pairs);
    }
}
