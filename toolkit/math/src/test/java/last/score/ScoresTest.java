package last.score;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import last.ssm.DiscreteSsm;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void lastReproducesTheReferenceWorkedExamples() {
        // docs/conventions.md Sec. 2.2 (float32 values printed to 7 digits)
        assertArrayEquals(new double[]{1, 0.1, 0.4285714, 0.2222222}, Scores.layerNormalise(new double[]{4, 1, 3, 2}), 5e-8);
        // the tie case: equal scores get different LAST scores, the lower index the smaller one
        assertArrayEquals(new double[]{1, 0.025, 0.02564103, 0.4736842},
                Scores.layerNormalise(new double[]{10, 0.5, 0.5, 9}), 5e-8);
    }

    @Test
    void lastFromLayersUsesTheHInfScore() {
        var layers = List.of(TestLayers.withHInfScores(4, 1, 3, 2), TestLayers.withHInfScores(10, 0.5, 0.5, 9));
        StateScores last = Scores.last(layers);
        assertEquals("LAST", last.method());
        assertEquals(StateScores.Scope.GLOBAL, last.scope());
        assertArrayEquals(new double[]{1, 0.1, 0.4285714, 0.2222222}, last.layer(0), 1e-7);
        assertArrayEquals(new double[]{1, 0.025, 0.02564103, 0.4736842}, last.layer(1), 1e-7);
        assertArrayEquals(new double[]{4, 1, 3, 2}, Scores.globalHInf(layers).layer(0), 1e-6);
    }

    @Test
    void hInfScoreIsTheClosedFormOfASingleMode() {
        // lambda_bar = 0.9 e^{i 0.3}, B_bar = (1, 2i), C = (3, 0)^T: ||C||^2 ||B||^2 / (1 - 0.9)^2 = 9 * 5 / 0.01
        ZMatrixRMaj b = new ZMatrixRMaj(1, 2), c = new ZMatrixRMaj(2, 1);
        b.set(0, 0, 1, 0);
        b.set(0, 1, 0, 2);
        c.set(0, 0, 3, 0);
        var s = new DiscreteSsm(new double[]{0.9 * Math.cos(0.3)}, new double[]{0.9 * Math.sin(0.3)}, b, c, null, null, true);
        assertEquals(4500, Scores.hInfScores(s, Scores.BidirectionalC.SQUARED_MEAN, 0)[0], 1e-9);
        assertEquals(9 * 5 / (0.01 + 1e-8), Scores.hInfScores(s, Scores.BidirectionalC.SQUARED_MEAN, Scores.REFERENCE_EPSILON)[0], 1e-9);
        assertEquals(0.9 * Math.sqrt(5) * 3, Scores.magnitudeScores(s)[0], 1e-12);
        assertEquals(45 / (1 - 0.81), Scores.h2Scores(s, Scores.BidirectionalC.SQUARED_MEAN)[0], 1e-9);
        assertEquals(3 * Math.sqrt(5) / (1 - 0.81), Scores.hankel(List.of(s)).layer(0)[0], 1e-9);
    }

    @Test
    void bidirectionalConventions() {
        ZMatrixRMaj b = new ZMatrixRMaj(1, 1), c = new ZMatrixRMaj(1, 1), c2 = new ZMatrixRMaj(1, 1);
        b.set(0, 0, 1, 0);
        c.set(0, 0, 3, 0);
        c2.set(0, 0, 0, 1);
        var s = new DiscreteSsm(new double[]{0.5}, new double[]{0}, b, c, c2, null, true);
        // ||C1|| = 3, ||C2|| = 1, ||B|| = 1, (1 - 0.5)^2 = 0.25
        assertEquals(4.0 / 0.25, Scores.hInfScores(s, Scores.BidirectionalC.SQUARED_MEAN, 0)[0], 1e-12);
        assertEquals(1.0 / 0.25, Scores.hInfScores(s, Scores.BidirectionalC.REFERENCE_CODE, 0)[0], 1e-12);
        assertEquals(10.0 / 0.25, Scores.hInfScores(s, Scores.BidirectionalC.SUM_OF_SQUARES, 0)[0], 1e-12);
    }

    @Test
    void lampNormalisesSquaredMagnitudes() {
        var layer = TestLayers.random(new SplittableRandom(3), 6, 3, 0.9, false);
        double[] m = Scores.magnitudeScores(layer);
        double[] m2 = new double[m.length];
        for (int i = 0; i < m.length; i++) m2[i] = m[i] * m[i];
        assertArrayEquals(Scores.layerNormalise(m2), Scores.lamp(List.of(layer)).layer(0), 0);
    }

    @Test
    void randomScoresAreSeeded() {
        var layers = List.of(TestLayers.random(new SplittableRandom(1), 8, 2, 0.9, false));
        assertArrayEquals(Scores.random(layers, 7).layer(0), Scores.random(layers, 7).layer(0));
        assertFalse(java.util.Arrays.equals(Scores.random(layers, 7).layer(0), Scores.random(layers, 8).layer(0)));
    }

    @Test
    void unstableStateIsRefusedWithItsRadius() {
        ZMatrixRMaj b = new ZMatrixRMaj(2, 1), c = new ZMatrixRMaj(1, 2);
        var s = new DiscreteSsm(new double[]{0.5, 1.2}, new double[]{0, 0}, b, c, null, null, true);
        var e = assertThrows(IllegalArgumentException.class, () -> Scores.last(List.of(s)));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("state 1")
                && e.getMessage().contains("1.2"), e.getMessage());
    }

    @Test
    void emptyModelIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Scores.last(List.of()));
        assertTrue(e.getMessage().contains("no layers"), e.getMessage());
    }
}
