package last.score;

import java.util.SplittableRandom;
import last.ssm.DiscreteSsm;
import org.ejml.data.ZMatrixRMaj;

/** Small discrete layers for score and pruning tests. */
public final class TestLayers {
    private TestLayers() {}

    /**
     * A layer whose exact H-inf scores are {@code h}: lambda_bar = 0, B_bar_i = e_1, C_i = sqrt(h_i) e_1, so
     * ||C_i||^2 ||B_bar_i||^2 / (1 - 0)^2 = h_i.
     */
    public static DiscreteSsm withHInfScores(double... h) {
        int n = h.length;
        ZMatrixRMaj b = new ZMatrixRMaj(n, 1), c = new ZMatrixRMaj(1, n);
        for (int i = 0; i < n; i++) {
            b.set(i, 0, 1, 0);
            c.set(0, i, Math.sqrt(h[i]), 0);
        }
        return new DiscreteSsm(new double[n], new double[n], b, c, null, new double[]{0}, true);
    }

    /** A random stable MIMO layer with N states, H inputs/outputs, pole radii in (0, rMax). */
    public static DiscreteSsm random(SplittableRandom rng, int n, int h, double rMax, boolean bidirectional) {
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < n; i++) {
            double r = rMax * rng.nextDouble(0.01, 1), th = rng.nextDouble(-Math.PI, Math.PI);
            re[i] = r * Math.cos(th);
            im[i] = r * Math.sin(th);
        }
        return new DiscreteSsm(re, im, gauss(rng, n, h), gauss(rng, h, n), bidirectional ? gauss(rng, h, n) : null,
                new double[h], true);
    }

    static ZMatrixRMaj gauss(SplittableRandom rng, int r, int c) {
        ZMatrixRMaj m = new ZMatrixRMaj(r, c);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) m.set(i, j, gaussian(rng), gaussian(rng));
        return m;
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(1e-12, 1), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
