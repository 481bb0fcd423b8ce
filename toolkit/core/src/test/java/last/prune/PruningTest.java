package last.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import last.score.Scores;
import last.score.StateScores;
import last.score.TestLayers;
import org.junit.jupiter.api.Test;

class PruningTest {

    static final StateScores WORKED = Scores.last(List.of(TestLayers.withHInfScores(4, 1, 3, 2),
            TestLayers.withHInfScores(10, 0.5, 0.5, 9)));

    @Test
    void globalThresholdReproducesTheReferenceExample() {
        // reference-code.md Sec. 2.3: two layers of N = 4
        PruningPlan r30 = Pruning.plan(WORKED, 0.30);            // k = 5, th = 0.2222
        assertArrayEquals(new int[]{0, 2, 3}, r30.keptIndices(0));
        assertArrayEquals(new int[]{0, 3}, r30.keptIndices(1));
        PruningPlan r50 = Pruning.plan(WORKED, 0.50);            // k = 4, th = 0.4286
        assertArrayEquals(new int[]{0, 2}, r50.keptIndices(0));
        assertArrayEquals(new int[]{0, 3}, r50.keptIndices(1));
        for (double r : new double[]{0.75, 0.90, 1.0}) {         // th = 1.0: one pair per layer
            PruningPlan p = Pruning.plan(WORKED, r);
            assertArrayEquals(new int[]{0}, p.keptIndices(0));
            assertArrayEquals(new int[]{0}, p.keptIndices(1));
        }
        PruningPlan none = Pruning.plan(WORKED, 0);
        assertEquals(8, none.totalKept());
        assertEquals(0.0, none.actualRatio());
        assertEquals(2.0, Pruning.endPoint(WORKED).averageStateDimension(true));
    }

    @Test
    void keepCountIsExactOnDecimalRatios() {
        assertEquals(7, Pruning.keepCount(10, 0.3));   // 10 * 0.7 must not become 6.999...
        assertEquals(70, Pruning.keepCount(100, 0.3));
        assertEquals(1, Pruning.keepCount(5, 1.0));
        assertEquals(537, Pruning.keepCount(768, 0.3));
    }

    @Test
    void ratioOutOfRangeIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pruning.plan(WORKED, 30));
        assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("0.3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pruning.plan(WORKED, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Pruning.plan(WORKED, Double.NaN));
    }

    @Test
    void uniformTiesGoToTheLowerIndex() {
        StateScores s = new StateScores("u", StateScores.Scope.UNIFORM, List.of(new double[]{1, 2, 2, 0}));
        assertArrayEquals(new int[]{1}, Pruning.plan(s, 0.75).keptIndices(0));
        assertArrayEquals(new int[]{1, 2}, Pruning.plan(s, 0.5).keptIndices(0));
    }

    @Test
    void globalMethodsNeverEmptyALayer() {
        // layer 1's scores are all below layer 0's: Global H-inf would empty it without the top-state guarantee
        StateScores s = new StateScores("g", StateScores.Scope.GLOBAL, List.of(new double[]{10, 9, 8}, new double[]{1, 2, 3}));
        PruningPlan p = Pruning.plan(s, 0.5);
        assertArrayEquals(new int[]{0, 1, 2}, p.keptIndices(0));
        assertArrayEquals(new int[]{2}, p.keptIndices(1));
    }

    @Test
    void planMustMatchTheModel() {
        var layers = List.of(TestLayers.withHInfScores(1, 2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Pruning.prune(layers, Pruning.plan(WORKED, 0.5)));
        assertTrue(e.getMessage().contains("2 layers"), e.getMessage());
    }
}
