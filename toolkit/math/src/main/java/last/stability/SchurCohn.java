package last.stability;

/**
 * The Schur-Cohn (Jury) stability test of a real discrete-time characteristic polynomial: are all roots strictly
 * inside the unit circle? (paper App. A.1, Fig. 5; coefficient convention of {@link Polynomials}: coefficients from the
 * highest power down, {@code a0 z^n + a1 z^(n-1) + ... + an}, any non-zero a0).
 *
 * <p>Recursion (Schur transform / Levinson step-down): with reflection coefficient {@code k = an / a0},
 * <pre>
 *   p_(n-1)(z) = (p(z) - k p*(z)) / z,   p*(z) = z^n p(1/z)   (coefficients reversed)
 * </pre>
 * p is Schur stable iff |k| < 1 and p_(n-1) is Schur stable; a non-zero constant is stable.
 */
public final class SchurCohn {
    private SchurCohn() {}

    /** True iff every root of {@code a0 z^n + ... + an} lies strictly inside the unit circle. */
    public static boolean isStable(double... coeffs) {
        return reflectionCoefficients(coeffs) != null;
    }

    /**
     * The reflection coefficients k_n, k_(n-1), ..., k_1 of the recursion, or null as soon as one has |k| >= 1
     * (the polynomial is then not Schur stable).
     */
    public static double[] reflectionCoefficients(double... coeffs) {
        Polynomials.check(coeffs);
        double[] c = coeffs.clone();
        int n = c.length - 1;
        double[] ks = new double[n];
        for (int deg = n; deg >= 1; deg--) {
            double k = c[deg] / c[0];
            if (!(Math.abs(k) < 1)) return null;
            ks[n - deg] = k;
            double[] next = new double[deg];
            for (int j = 0; j < deg; j++) next[j] = c[j] - k * c[deg - j];
            double lead = next[0];               // = c0 (1 - k^2) > 0 relative to c0: normalise against overflow
            for (int j = 0; j < deg; j++) next[j] /= lead;
            c = next;
        }
        return ks;
    }
}
