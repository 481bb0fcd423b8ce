package last.stability;

import net.jqwik.api.*;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StabilityTest {

    /** Schur-Cohn agrees with "all companion-matrix roots strictly inside the unit circle" on random coefficients. */
    @Property(tries = 3000)
    void schurCohnMatchesRootsForRandomCoefficients(@ForAll("polys") double[] c) {
        double r = Polynomials.maxRootModulus(c);
        Assume.that(Math.abs(r - 1) > 1e-9);
        assertEquals(r < 1, SchurCohn.isStable(c), () -> java.util.Arrays.toString(c) + " max|root| = " + r);
    }

    /** The same on polynomials built from random roots (about half of them stable, any order 1-12). */
    @Property(tries = 3000)
    void schurCohnMatchesRootsForRandomRoots(@ForAll("rootSets") Complex_F64[] roots, @ForAll("leads") double lead) {
        double[] c = Polynomials.fromRoots(roots);
        for (int k = 0; k < c.length; k++) c[k] *= lead;
        double r = Polynomials.maxRootModulus(c);
        Assume.that(Math.abs(r - 1) > 1e-9);
        assertEquals(r < 1, SchurCohn.isStable(c), () -> java.util.Arrays.toString(c) + " max|root| = " + r);
    }

    @Provide
    Arbitrary<double[]> polys() {
        return Arbitraries.integers().between(1, 12).flatMap(n ->
                Arbitraries.doubles().between(-1.5, 1.5).array(double[].class).ofSize(n + 1)
                        .filter(a -> a[0] != 0)
                        .map(a -> { // shrink the tail so that a fair share is stable
                            for (int k = 1; k < a.length; k++) a[k] *= Math.pow(0.6, k);
                            return a;
                        }));
    }

    @Provide
    Arbitrary<Double> leads() {
        return Arbitraries.doubles().between(0.1, 5).flatMap(v -> Arbitraries.of(v, -v));
    }

    @Provide
    Arbitrary<Complex_F64[]> rootSets() {
        return Arbitraries.longs().map(seed -> {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(12);
            Complex_F64[] r = new Complex_F64[n];
            double scale = rnd.nextBoolean() ? 1.0 : 1.15;   // scale 1: all inside; 1.15: sometimes outside
            int k = 0;
            while (k < n) {
                double mod = scale * Math.pow(rnd.nextDouble(), 0.3), ang = Math.PI * rnd.nextDouble();
                if (k + 1 < n && rnd.nextBoolean()) {
                    r[k++] = new Complex_F64(mod * Math.cos(ang), mod * Math.sin(ang));
                    r[k++] = new Complex_F64(mod * Math.cos(ang), -mod * Math.sin(ang));
                } else r[k++] = new Complex_F64(rnd.nextBoolean() ? mod : -mod, 0);
            }
            return r;
        });
    }

    /** Montel's (open) region is contained in Schur-Cohn's, for any order. */
    @Property(tries = 2000)
    void montelInsideSchurCohn(@ForAll("polys") double[] c) {
        Assume.that(Montel.coefficientSum(c) < 1 - 1e-12);
        assertTrue(SchurCohn.isStable(c));
        assertTrue(Polynomials.maxRootModulus(c) < 1 + 1e-9);
    }

    @Property(tries = 3000)
    void secondOrderTriangleIsSchurCohnOfMonicZ2PlusA1ZPlusA2(@ForAll @net.jqwik.api.constraints.DoubleRange(min = -3, max = 3) double a1,
                                                              @ForAll @net.jqwik.api.constraints.DoubleRange(min = -3, max = 3) double a2) {
        Assume.that(Math.abs(Math.abs(a2) - 1) > 1e-9 && Math.abs(1 + a2 - Math.abs(a1)) > 1e-9);
        assertEquals(SchurCohn.isStable(1, a1, a2), SecondOrder.schurCohn(a1, a2));
        if (SecondOrder.montel(a1, a2) && Math.abs(a1) + Math.abs(a2) < 1) assertTrue(SecondOrder.schurCohn(a1, a2));
        if (a2 > -1) assertEquals(SecondOrder.schurCohn(a1, a2), SecondOrder.paperPredicate(a1, a2));
    }

    @Test
    void paperPredicateAlsoAcceptsTheUnstableRegionBelowMinusOne() {
        assertTrue(SecondOrder.paperPredicate(0, -3));
        assertFalse(SchurCohn.isStable(1, 0, -3));
        assertFalse(SecondOrder.schurCohn(0, -3));
    }

    @Test
    void monteCarloAreaRatioIsOneHalf() {
        Random rnd = new Random(11);
        int inTri = 0, inDia = 0, samples = 400_000;
        for (int k = 0; k < samples; k++) {   // box [-2, 2] x [-1, 1] (area 8) contains both regions
            double a1 = -2 + 4 * rnd.nextDouble(), a2 = -1 + 2 * rnd.nextDouble();
            if (SecondOrder.schurCohn(a1, a2)) inTri++;
            if (SecondOrder.montel(a1, a2)) inDia++;
        }
        assertEquals(0.5, (double) inDia / inTri, 0.01);
        assertEquals(SecondOrder.SCHUR_COHN_AREA, 8.0 * inTri / samples, 0.03);
        assertEquals(SecondOrder.MONTEL_AREA, 8.0 * inDia / samples, 0.03);
    }

    @Test
    void characteristicPolynomialAndPoles() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][]{{0.5, 1, 0}, {0, -0.2, 0.3}, {0.1, 0, 0.4}});
        double[] cp = Poles.characteristicPolynomial(a);
        // det(zI - A) coefficients: z^3 - tr z^2 + (sum of principal 2x2 minors) z - det
        double tr = 0.7, det = 0.5 * (-0.2 * 0.4) - 1 * (0 * 0.4 - 0.3 * 0.1);
        double m2 = (0.5 * -0.2 - 0) + (0.5 * 0.4 - 0) + (-0.2 * 0.4 - 0);
        assertArrayEquals(new double[]{1, -tr, m2, -det}, cp, 1e-12);
        assertEquals(SchurCohn.isStable(cp), Poles.spectralRadius(Poles.eigenvalues(a)) < 1);
        assertTrue(Poles.isHurwitz(new Complex_F64[]{new Complex_F64(-1, 3)}));
        assertFalse(Poles.isSchur(new Complex_F64[]{new Complex_F64(0.8, 0.6)}));
    }

    @Test
    void badPolynomialsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SchurCohn.isStable(0, 1, 0.5));
        assertTrue(e.getMessage().contains("leading coefficient a0 must be non-zero"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SchurCohn.isStable(1, Double.NaN));
        assertTrue(e.getMessage().contains("a1 is not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Montel.inRegion());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
