package last.stability;

/**
 * Montel's sufficient condition (paper App. A.1, Fig. 5, as used by transfer-function SSM parameterisations):
 * for {@code a0 z^n + a1 z^(n-1) + ... + an}, if {@code sum_(i >= 1) |ai / a0| <= 1} every root has |z| <= 1
 * (closed disk: e.g. z^2 + z has the root -1); with {@code < 1} every root is strictly inside.
 */
public final class Montel {
    private Montel() {}

    /** {@code sum_(i >= 1) |ai / a0|}. */
    public static double coefficientSum(double... coeffs) {
        Polynomials.check(coeffs);
        double s = 0;
        for (int i = 1; i < coeffs.length; i++) s += Math.abs(coeffs[i] / coeffs[0]);
        return s;
    }

    /** Montel's region: {@code sum |ai / a0| <= 1} (roots in the closed unit disk). */
    public static boolean inRegion(double... coeffs) { return coefficientSum(coeffs) <= 1; }
}
