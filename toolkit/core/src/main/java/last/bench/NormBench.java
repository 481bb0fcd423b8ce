package last.bench;

import last.norm.HInfinity;
import last.ssm.StateSpace;
import last.stability.Poles;
import org.ejml.data.DMatrixRMaj;

import java.util.Random;

/**
 * Benchmark (not a test): level-set H-infinity vs a 10^4-point frequency sweep on random stable dense discrete MIMO
 * systems (4 inputs, 4 outputs, spectral radius 0.95). Prints n, both times, the speed-up and the relative difference.
 * Run: {@code ./last cli bench-norm [n...]}.
 */
public final class NormBench {
    private NormBench() {}

    /** Prints, per state dimension n of {@code sizes}, the level-set iteration's and the sweep's times (ms). */
    public static void run(int[] sizes) {
        Random rnd = new Random(2024);
        for (int n : sizes) if (n < 1) throw new IllegalArgumentException("bench-norm: state dimension must be >= 1 but is " + n);
        System.out.printf("%6s %12s %12s %9s %12s%n", "n", "levelset_ms", "sweep_ms", "speedup", "rel_diff");
        for (int warm = 0; warm < 2; warm++) {          // first pass warms up the JIT and is not printed
            for (int n : sizes) {
                StateSpace s = random(rnd, n, 4, 4, 0.95);
                long t0 = System.nanoTime();
                double h = HInfinity.of(s, 1e-9);
                long t1 = System.nanoTime();
                double sw = HInfinity.sweep(s, 10_000);
                long t2 = System.nanoTime();
                if (warm == 1)
                    System.out.printf("%6d %12.1f %12.1f %9.1f %12.2e%n", n, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                            (double) (t2 - t1) / (t1 - t0), (h - sw) / h);
            }
        }
    }

    private static StateSpace random(Random rnd, int n, int m, int p, double rho) {
        DMatrixRMaj a = gauss(rnd, n, n);
        double r = Poles.spectralRadius(Poles.eigenvalues(a));
        for (int k = 0; k < a.data.length; k++) a.data[k] *= rho / r;
        return new StateSpace(a, gauss(rnd, n, m), gauss(rnd, p, n), gauss(rnd, p, m), true);
    }

    private static DMatrixRMaj gauss(Random rnd, int r, int c) {
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        for (int k = 0; k < r * c; k++) m.data[k] = rnd.nextGaussian();
        return m;
    }
}
