package last.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import last.model.ModelConfig;
import last.model.Param;
import last.model.SequenceModel;
import last.model.SsmLayer;
import last.train.AdamW;

/**
 * Benchmark (not a test) of deep-SSM training and inference throughput on this machine (issue: DJL models).
 *
 * <p>For S5 and S4D stacks of {@code layers} layers, width H, state size P (S5: P/2 stored conjugate pairs; S4D:
 * P/2 modes per channel) at sequence length L and batch B it prints: training sequences/s (forward + backward +
 * AdamW step), inference sequences/s (no gradient), the time of one SSM layer's forward alone, an estimate of the
 * floating-point operations per training step and the resulting GFLOP/s.
 *
 * <p>FLOP model (forward; backward counted as 2x forward): per layer the dense maps (B~ u: 2 B L H N x 2 for re/im;
 * C x: the same; GLU / mixing matrices: 2 B L H H' ) plus the FFT convolutions as the code computes them
 * ({@code Ops.complexCausalConv}: per (batch, state) two forward and two inverse real FFTs of length n = 2L, each
 * 2.5 n log2 n, the kernel's two FFTs once per state; {@code Ops.causalConv} for S4D: one forward and one inverse
 * per (batch, channel)); a bidirectional layer doubles the convolutions.
 *
 * <p>The result also reports the machine's measured single-precision matrix-multiply rate (a 1024 x 1024 sgemm on
 * the same engine and thread count), so that GFLOP/s reads as a fraction of what this machine does, not of a
 * nominal peak. The one-layer SSM forward is timed on its own, after the training tensors are freed.
 *
 * <p>Run: {@code ./last cli bench-train [S5|S4D] [L] [H] [P] [layers] [batch] [steps]}.
 */
public final class TrainBench {
    private TrainBench() {}

    public record Result(String kind, int length, int h, int p, int layers, int batch, double trainSeqPerSec,
                         double inferSeqPerSec, double ssmForwardMs, double stepMs, double gflopPerStep, double sgemmGflops,
                         double peakTrainMb) {
        public String row() {
            double rate = gflopPerStep / (stepMs / 1000);
            return String.format(Locale.ROOT, "%-4s L=%-5d H=%-3d P=%-3d layers=%d B=%-3d | train %7.1f seq/s (%6.0f ms/step) | infer %7.1f seq/s | 1 SSM fwd %6.1f ms | %6.2f GFLOP/step -> %5.2f GFLOP/s = %4.1f %% of measured sgemm (%5.1f GFLOP/s)",
                    kind, length, h, p, layers, batch, trainSeqPerSec, stepMs, inferSeqPerSec, ssmForwardMs, gflopPerStep,
                    rate, 100 * rate / sgemmGflops, sgemmGflops) + (peakTrainMb >= 0
                    ? String.format(Locale.ROOT, " | peak RSS growth while training %.0f MB", peakTrainMb) : "");
        }

        /** One JSON line with the fields {@code tools/bench_pytorch.py --json} prints (read by {@code bench-compare}). */
        public String json() {
            return String.format(Locale.ROOT, "{\"side\": \"java\", \"kind\": \"%s\", \"length\": %d, \"h\": %d, \"p\": %d, \"layers\": %d, "
                    + "\"batch\": %d, \"train_ms\": %.3f, \"infer_seq_s\": %.3f, \"peak_train_mb\": %.1f}",
                    kind, length, h, p, layers, batch, stepMs, inferSeqPerSec, peakTrainMb);
        }
    }

    /** The engine's measured float32 matrix-multiply rate (GFLOP/s): median of 5 products of 1024 x 1024 matrices. */
    public static double sgemmGflops() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(1024, 1024)), b = m.randomNormal(new Shape(1024, 1024));
            a.matMul(b).toFloatArray();                                   // warm-up
            double[] t = new double[5];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.toFloatArray();
                }
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
            java.util.Arrays.sort(t);
            return 2.0 * 1024 * 1024 * 1024 / t[2] / 1e9;
        }
    }

    /** The grid: S5 and S4D at L = 784 and 1024 (H = P = 64, 4 layers, batch 32, 4 steps), one row each. */
    public static void runGrid() {
        for (String kind : new String[]{"S5", "S4D"})
            for (int len : new int[]{784, 1024})
                System.out.println(run(kind, len, 64, 64, 4, 32, 4).row());
    }

    /** One measurement: two warm-up steps, then {@code steps} timed training steps and inference passes. */
    public static Result run(String kind, int len, int h, int p, int layers, int batch, int steps) {
        checkKind("bench-train", kind);
        int[] v = {len, h, p, layers, batch, steps};
        String[] names = {"L", "H", "P", "layers", "batch", "steps"};
        for (int i = 0; i < v.length; i++)
            if (v[i] < 1) throw new IllegalArgumentException("bench-train: " + names[i] + " must be >= 1 but is " + v[i]);
        ModelConfig cfg = model("bench-train", kind, layers, h, p);
        try (SequenceModel model = SequenceModel.create(cfg.withSeed(1))) {
            NDManager m = model.manager();
            AdamW opt = new AdamW(m);
            java.util.List<Param> params = model.params();
            long trainNs = 0, inferNs = 0, ssmNs = 0;
            // memory: the growth of the resident set over its value with the model built, at its peak during training
            // (first steps included: that is when the engine's buffers are allocated)
            boolean peakOk = ProcessMemory.resetPeak();
            long base = ProcessMemory.rssBytes();
            for (int s = 0; s < steps + 2; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = m.randomNormal(new Shape(batch, len, 1));
                    NDArray y = m.randomInteger(0, 10, new Shape(batch), DataType.INT64);
                    long t0 = System.nanoTime();
                    last.train.Trainer.step(model, x, null, y);       // as last.train.Trainer
                    opt.step(params, 1e-3, 1e-3, 0.01, 1);
                    last.train.Trainer.zeroGradients(params);
                    long t1 = System.nanoTime();
                    model.forward(x, null, false).toFloatArray();
                    long t2 = System.nanoTime();
                    if (s >= 2) {
                        trainNs += t1 - t0;
                        inferNs += t2 - t1;
                    }
                }
            }
            long peak = ProcessMemory.peakRssBytes();
            double peakMb = peakOk && base > 0 && peak > 0 ? (peak - base) / 1e6 : -1;
            // one SSM layer alone, on its own: no training tensors alive
            SsmLayer layer = model.ssmLayers().get(0);
            for (int s = 0; s < steps + 2; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray u = m.randomNormal(new Shape(batch, len, h));
                    long t3 = System.nanoTime();
                    layer.apply(u).toFloatArray();
                    if (s >= 2) ssmNs += System.nanoTime() - t3;
                }
            }
            double stepMs = trainNs / 1e6 / steps;
            return new Result(kind.toUpperCase(Locale.ROOT), len, h, p, layers, batch, batch * steps / (trainNs / 1e9),
                    batch * steps / (inferNs / 1e9), ssmNs / 1e6 / steps, stepMs, 3 * forwardFlops(cfg, len, batch) / 1e9, sgemmGflops(), peakMb);
        }
    }

    /**
     * The benchmark model of {@code command} (bench-train, bench-profile): S5 (one HiPPO block) or S4D, 1 input,
     * 10 classes, {@code layers} layers of width H and state size P.
     */
    static ModelConfig model(String command, String kind, int layers, int h, int p) {
        checkKind(command, kind);
        return kind.equalsIgnoreCase("S5") ? ModelConfig.s5(1, 10, layers, h, p, 1) : ModelConfig.s4d(1, 10, layers, h, p);
    }

    /** Refuses a model kind other than S5 or S4D, naming the command. */
    static void checkKind(String command, String kind) {
        if (!kind.equalsIgnoreCase("S5") && !kind.equalsIgnoreCase("S4D"))
            throw new IllegalArgumentException(command + ": the model kind must be S5 or S4D but is '" + kind + "'");
    }

    /** Forward FLOPs of one batch (see the class comment). */
    static double forwardFlops(ModelConfig c, int len, int batch) {
        double n2 = 2.0 * len, fft = 2.5 * n2 * (Math.log(n2) / Math.log(2));   // one real FFT of length 2L
        double perLayer;
        if (c.kind() == ModelConfig.Kind.S5) {
            int n = c.p() / 2;
            perLayer = 2 * (2.0 * batch * len * c.h() * n) * 2      // B~ u and C x, re and im
                    + (4 * fft * batch * n + 2 * fft * n) * (c.bidirectional() ? 2 : 1)   // 2 rfft + 2 irfft per (batch, state), kernel once
                    + 2.0 * batch * len * c.h() * c.h();              // GLU matrix
        } else {
            perLayer = (2 * fft * batch * c.h() + fft * c.h()) * (c.bidirectional() ? 2 : 1)  // rfft + irfft per (batch, channel)
                    + 2.0 * c.h() * len * c.p() / 2 * 4               // Vandermonde kernel
                    + 2.0 * batch * len * c.h() * 2 * c.h();          // Linear(H, 2H) + GLU
        }
        return c.layers() * perLayer + 2.0 * batch * len * c.h() * 2;
    }
}
