package last.experiment;

import last.model.BatchArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import last.data.Batches;
import last.model.SequenceModel;
import last.score.StateScores;
import last.ssm.DiscreteSsm;
import org.ejml.data.ZMatrixRMaj;

/**
 * A data-driven "oracle" importance score (beyond the paper; the yardstick the parameter-only scores approximate):
 * the energy that state i of layer l actually adds to the layer's output on a calibration batch,
 * <pre>
 *   E_i = (1 / sum_b len_b) sum_b sum_(k < len_b) || f Re(C_i x_i[k]) + f Re(C2_i x'_i[k]) ||^2,
 *   x_i[k] = lambda_bar_i x_i[k-1] + B_bar_i u[k]   (x'_i the reverse-time scan of a bidirectional layer),
 * </pre>
 * with u the input the layer receives in the trained model (after encoder, residual stream and pre-norm,
 * {@link SequenceModel#ssmInputs}), f = 2 for conjugate-symmetric states and 1 otherwise. Removing state i
 * changes the layer output by exactly that signal, so E_i is the squared error its removal causes there
 * (the empirical counterpart of the H2 score, which assumes white-noise input). Thresholded globally.
 * Computed in double precision from the layers' discrete view.
 */
public final class OracleScores {
    private OracleScores() {}

    /** The method name used in sweeps. */
    public static final String NAME = "Oracle (output energy)";

    /** Scores from the first {@code samples} examples of {@code calibration} (use training or validation data, not test). */
    public static StateScores of(SequenceModel model, Batches calibration, int samples) {
        int n = Math.min(samples, calibration.size());
        if (n < 1) throw new IllegalArgumentException("the oracle score needs at least one calibration example");
        List<DiscreteSsm> layers = model.discreteLayers();
        double[][] energy = new double[layers.size()][];
        for (int l = 0; l < layers.size(); l++) energy[l] = new double[layers.get(l).stateCount()];
        long steps = 0;
        int batch = 50;
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            int[] idx = new int[b];
            for (int k = 0; k < b; k++) idx[k] = start + k;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray[] in = BatchArrays.of(model.manager(), calibration, idx);
                List<NDArray> us = model.ssmInputs(in[0], in[1]);
                int rows = (int) us.get(0).getShape().get(0), len = (int) us.get(0).getShape().get(1);
                int[] lens = new int[rows];
                float[] lf = in[1] == null ? null : in[1].toFloatArray();   // one length per row (2B for a dual encoder)
                for (int k = 0; k < rows; k++) {
                    lens[k] = lf == null ? len : (int) lf[k];
                    steps += lens[k];
                }
                for (int l = 0; l < layers.size(); l++) accumulate(layers.get(l), us.get(l).toFloatArray(), rows, len, lens, energy[l]);
            }
        }
        List<double[]> out = new ArrayList<>();
        for (double[] e : energy) {
            double[] s = new double[e.length];
            for (int i = 0; i < e.length; i++) s[i] = e[i] / steps;
            out.add(s);
        }
        return new StateScores(NAME, StateScores.Scope.GLOBAL, out);
    }

    /** Adds, per state, sum over the batch of ||contribution||^2 for inputs u (b, len, H) row-major. */
    static void accumulate(DiscreteSsm s, float[] u, int b, int len, int[] lens, double[] energy) {
        int h = s.inputs(), hOut = s.outputs();
        double f = s.conjSym() ? 2 : 1;
        boolean bi = s.bidirectional();
        ZMatrixRMaj bb = s.bBar(), c = s.c(), c2 = s.c2();
        double[] bur = new double[len], bui = new double[len], xr = new double[len], xi = new double[len];
        for (int i = 0; i < s.stateCount(); i++) {
            int[] nz = nonZero(bb, i);
            // Gram matrix of the output directions w_h = f (Re C_hi, -Im C_hi [, Re C2_hi, -Im C2_hi])
            int dim = bi ? 4 : 2;
            double[][] g = new double[dim][dim];
            for (int r = 0; r < hOut; r++) {
                double[] w = bi ? new double[]{c.getReal(r, i), -c.getImag(r, i), c2.getReal(r, i), -c2.getImag(r, i)}
                        : new double[]{c.getReal(r, i), -c.getImag(r, i)};
                for (int p = 0; p < dim; p++)
                    for (int q = 0; q < dim; q++) g[p][q] += f * f * w[p] * w[q];
            }
            double lr = s.lambdaBarRe()[i], li = s.lambdaBarIm()[i];
            for (int bi0 = 0; bi0 < b; bi0++) {
                int base = bi0 * len * h, n = lens[bi0];
                for (int k = 0; k < n; k++) {
                    double re = 0, im = 0;
                    int off = base + k * h;
                    for (int j : nz) {
                        double v = u[off + j];
                        re += bb.getReal(i, j) * v;
                        im += bb.getImag(i, j) * v;
                    }
                    bur[k] = re;
                    bui[k] = im;
                }
                double ar = 0, ai = 0;
                for (int k = 0; k < n; k++) {                     // forward scan
                    double nr = lr * ar - li * ai + bur[k], ni = lr * ai + li * ar + bui[k];
                    ar = nr;
                    ai = ni;
                    xr[k] = ar;
                    xi[k] = ai;
                }
                double e = 0;
                if (!bi) {
                    for (int k = 0; k < n; k++)
                        e += g[0][0] * xr[k] * xr[k] + 2 * g[0][1] * xr[k] * xi[k] + g[1][1] * xi[k] * xi[k];
                } else {
                    double br = 0, bim = 0;
                    for (int k = n - 1; k >= 0; k--) {               // reverse scan, combined with the forward one
                        double nr = lr * br - li * bim + bur[k], ni = lr * bim + li * br + bui[k];
                        br = nr;
                        bim = ni;
                        double[] v = {xr[k], xi[k], br, bim};
                        for (int p = 0; p < 4; p++)
                            for (int q = 0; q < 4; q++) e += g[p][q] * v[p] * v[q];
                    }
                }
                energy[i] += e;
            }
        }
    }

    private static int[] nonZero(ZMatrixRMaj bb, int i) {
        int cnt = 0;
        int[] tmp = new int[bb.numCols];
        for (int j = 0; j < bb.numCols; j++) if (bb.getReal(i, j) != 0 || bb.getImag(i, j) != 0) tmp[cnt++] = j;
        return java.util.Arrays.copyOf(tmp, cnt);
    }
}
