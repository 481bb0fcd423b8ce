package last.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import last.model.Param;
import last.model.S4dLayer;
import last.model.S5Layer;
import last.model.SsmLayer;
import last.ssm.S4dInit;
import last.ssm.S5Init;

/**
 * Benchmark (not a test): does a pruned SSM layer cost in proportion to its size? Times one layer's forward (and
 * forward + backward) with a fraction of its states physically removed ({@link SsmLayer#pruned}), the fractions
 * interleaved round-robin in a rotating order, and reports medians next to the ideal
 * {@code fixed + kept * (full - fixed)}, the fixed part extrapolated to zero states from the full layer and
 * the same layer with one state.
 *
 * <p>With one intra-op thread ({@code -Dai.djl.pytorch.num_threads=1}) the engine computes on the calling thread,
 * so the thread's CPU time is reported: on a loaded machine it is far steadier than wall time.
 *
 * <p>Run: {@code ./last cli bench-pruned-layer [S5|S4D] [L] [H] [P] [batch] [reps] [--forward-only] [--keep 1,0.5,0.2]}.
 */
public final class PrunedLayerBench {
    private PrunedLayerBench() {}

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /**
     * Times one {@code kind} (S5 or S4D) layer of width {@code h} and state dimension {@code p} on (batch, L, H) inputs at
     * each kept fraction of {@code keep} (must include 1.0), {@code reps} interleaved repeats, forward (+ backward when
     * {@code grad}); prints one line per fraction.
     */
    public static void run(String kind, int len, int h, int p, int batch, int reps, boolean grad, double[] keep) {
        if (!kind.equalsIgnoreCase("S5") && !kind.equalsIgnoreCase("S4D"))
            throw new IllegalArgumentException("bench-pruned-layer: kind must be S5 or S4D but is '" + kind + "'");
        for (double k : keep)
            if (!(k > 0 && k <= 1)) throw new IllegalArgumentException("bench-pruned-layer: kept fraction out of range (0, 1]: " + k);
        indexOf(keep, 1.0);
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            SsmLayer full = kind.equalsIgnoreCase("S5")
                    ? S5Layer.of(m, S5Init.init(new S5Init.Options(p, 1, h, true, S5Init.CInit.LECUN_NORMAL, false, 0.001, 0.1, 3)))
                    : S4dLayer.of(m, S4dInit.init(new S4dInit.Options(h, p, S4dInit.Kind.LEGS, false, 0.001, 0.1, 3)));
            int n = full.stateCount();
            double[] fr = new double[keep.length + 1];
            System.arraycopy(keep, 0, fr, 0, keep.length);
            fr[keep.length] = 1.0 / n;                                   // the fixed part: one state
            SsmLayer[] layers = new SsmLayer[fr.length];
            for (int i = 0; i < fr.length; i++) {
                int k = Math.max(1, (int) Math.round(n * fr[i]));
                if (k >= n) {
                    layers[i] = full;
                    continue;
                }
                boolean[] mask = new boolean[n];
                for (int j = 0; j < k; j++) mask[(int) ((long) j * n / k)] = true;   // spread over channels (S4D)
                layers[i] = full.pruned(m, mask);
            }
            double[][] wall = new double[fr.length][reps], cpu = new double[fr.length][reps];
            for (int r = -2; r < reps; r++)
                for (int j = 0; j < fr.length; j++) {
                    int i = Math.floorMod(j + r, fr.length);
                    double[] t = once(m, layers[i], batch, len, h, grad);
                    if (r >= 0) {
                        wall[i][r] = t[0];
                        cpu[i][r] = t[1];
                    }
                }
            // fixed part: the line through the full layer and the one-state layer, at zero states
            double oneCpu = median(cpu[fr.length - 1]), fullCpu = median(cpu[indexOf(fr, 1.0)]);
            double fixedCpu = (oneCpu - fullCpu / n) / (1 - 1.0 / n);
            for (int i = 0; i < fr.length; i++) {
                double ideal = fixedCpu + layers[i].stateCount() / (double) n * (fullCpu - fixedCpu);
                System.out.printf(Locale.ROOT, "%s L=%d H=%d states %3d/%d %s | wall %7.2f ms | cpu %7.2f ms | ideal %7.2f ms | cpu/ideal %.2f%n",
                        kind, len, h, layers[i].stateCount(), n, grad ? "fwd+bwd" : "fwd", median(wall[i]), median(cpu[i]),
                        ideal, median(cpu[i]) / ideal);
            }
        }
    }

    /** {wall ms, thread CPU ms} of one forward (and backward). */
    private static double[] once(NDManager m, SsmLayer layer, int batch, int len, int h, boolean grad) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray u = m.randomNormal(new Shape(batch, len, h));
            long w0 = System.nanoTime(), c0 = MX.getCurrentThreadCpuTime();
            if (grad) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(layer.apply(u).sum());
                }
                for (Param p : layer.params()) p.array().getGradient().set(new NDIndex("..."), 0f);
            } else {
                layer.apply(u).toFloatArray();
            }
            return new double[]{(System.nanoTime() - w0) / 1e6, (MX.getCurrentThreadCpuTime() - c0) / 1e6};
        }
    }

    private static int indexOf(double[] v, double x) {
        for (int i = 0; i < v.length; i++) if (v[i] == x) return i;
        throw new IllegalArgumentException("the keep fractions must include 1.0");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

}
