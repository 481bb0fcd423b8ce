package last.stability;

/**
 * The two stability regions of paper Fig. 5 (App. A.1) for the second-order denominator
 * {@code z^2 + a1 z + a2} (equivalently {@code 1 + a1 z^-1 + a2 z^-2}).
 *
 * <p><b>Sign convention.</b> The paper's conditions "a2 < 1" and "(1 + a2)^2 - a1^2 > 0" fit this monic convention:
 * its Schur-Cohn (Jury) conditions are {@code |a2| < 1, 1 + a1 + a2 > 0, 1 - a1 + a2 > 0}, the triangle with vertices
 * (-2, 1), (2, 1), (0, -1) (area 4). The region is symmetric in a1, so z^2 - a1 z + a2 gives the same picture; the AR
 * convention z^2 - a1 z - a2 would flip it to "a2 > -1".
 *
 * <p><b>Caveat on the paper's formula.</b> Read literally, {@code a2 < 1 && (1 + a2)^2 > a1^2} also contains the
 * unbounded set {@code a2 < -1 - |a1|} (e.g. a1 = 0, a2 = -3: z^2 - 3 has roots +-sqrt 3). {@link #paperPredicate}
 * is that literal form; {@link #schurCohn} is the triangle the figure draws ({@code 1 + a2 > |a1|} and a2 < 1).
 * Montel's diamond {@code |a1| + |a2| <= 1} (area 2) is inscribed in the triangle: area ratio 1/2.
 */
public final class SecondOrder {
    private SecondOrder() {}

    /** A closed polyline (first point repeated at the end) for plotting. */
    public record Polygon(double[] a1, double[] a2) {}

    /** The exact stability triangle: {@code a2 < 1 && 1 + a2 > |a1|} (equivalent to Schur-Cohn on z^2 + a1 z + a2). */
    public static boolean schurCohn(double a1, double a2) {
        return a2 < 1 && 1 + a2 > Math.abs(a1);
    }

    /** The paper's formula read literally: {@code a2 < 1 && (1 + a2)^2 - a1^2 > 0} (see the class caveat). */
    public static boolean paperPredicate(double a1, double a2) {
        return a2 < 1 && (1 + a2) * (1 + a2) - a1 * a1 > 0;
    }

    /** Montel's diamond {@code |a1| + |a2| <= 1}. */
    public static boolean montel(double a1, double a2) {
        return Math.abs(a1) + Math.abs(a2) <= 1;
    }

    /** Boundary of the Schur-Cohn triangle: (-2, 1) -> (2, 1) -> (0, -1) -> (-2, 1). */
    public static Polygon schurCohnBoundary() {
        return new Polygon(new double[]{-2, 2, 0, -2}, new double[]{1, 1, -1, 1});
    }

    /** Boundary of Montel's diamond: (1, 0) -> (0, 1) -> (-1, 0) -> (0, -1) -> (1, 0). */
    public static Polygon montelBoundary() {
        return new Polygon(new double[]{1, 0, -1, 0, 1}, new double[]{0, 1, 0, -1, 0});
    }

    /** Exact areas: triangle 4, diamond 2. */
    public static final double SCHUR_COHN_AREA = 4, MONTEL_AREA = 2;
}
