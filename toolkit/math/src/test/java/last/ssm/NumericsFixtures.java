package last.ssm;

import last.stability.Poles;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;

import java.util.Random;

/** Random systems for the numerics tests. */
public final class NumericsFixtures {
    private NumericsFixtures() {}

    /** A random dense discrete system with spectral radius exactly {@code rho}. */
    public static StateSpace randomStable(Random rnd, int n, int m, int p, double rho) {
        DMatrixRMaj a = gauss(rnd, n, n);
        double r = Poles.spectralRadius(Poles.eigenvalues(a));
        for (int k = 0; k < a.data.length; k++) a.data[k] *= rho / r;
        return new StateSpace(a, gauss(rnd, n, m), gauss(rnd, p, n), gauss(rnd, p, m), true);
    }

    public static DMatrixRMaj gauss(Random rnd, int r, int c) {
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        for (int k = 0; k < r * c; k++) m.data[k] = rnd.nextGaussian();
        return m;
    }

    public static ZMatrixRMaj cgauss(Random rnd, int r, int c) {
        ZMatrixRMaj m = new ZMatrixRMaj(r, c);
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m.set(i, j, rnd.nextGaussian(), rnd.nextGaussian());
        return m;
    }

    /** A random stable continuous diagonal SSM with N states, H inputs/outputs and step(s) from {@code step}. */
    public static DiagonalSsm randomDiagonal(Random rnd, int n, int h, boolean conjSym, boolean bidir, double[] step) {
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = -0.05 - rnd.nextDouble();
            im[i] = 3 * rnd.nextGaussian();
        }
        double[] d = new double[h];
        for (int k = 0; k < h; k++) d[k] = rnd.nextGaussian();
        return new DiagonalSsm(re, im, cgauss(rnd, n, h), cgauss(rnd, h, n), bidir ? cgauss(rnd, h, n) : null, d, step, conjSym);
    }

    public static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    public static double maxAbsDiff(double[][] x, double[][] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) m = Math.max(m, Math.abs(x[i][j] - y[i][j]));
        return m;
    }

    public static double maxAbsDiff(double[][][] x, double[][][] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, maxAbsDiff(x[i], y[i]));
        return m;
    }

    public static double[][] randomInput(Random rnd, int len, int h) {
        double[][] u = new double[len][h];
        for (double[] row : u) for (int j = 0; j < h; j++) row[j] = rnd.nextGaussian();
        return u;
    }
}
