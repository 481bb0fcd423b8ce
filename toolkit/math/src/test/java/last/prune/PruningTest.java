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
        // docs/conventions.md Sec. 2.3: two layers of N = 4
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

    @Test
    void endPointKeepsOnePairPerMimoLayerAndOneModePerSisoChannel() {
        var s4d = last.ssm.S4dInit.init(last.ssm.S4dInit.Options.defaults().withH(3).withNs(4).withSeed(2)).zoh();   // 3 channels x 2 modes
        var s5 = last.ssm.S5Init.init(last.ssm.S5Init.Options.defaults().withBlocks(2).withP(8).withH(3).withSeed(2)).zoh();
        var layers = List.of(s4d, s5);
        var scores = Scores.globalHInf(layers);
        PruningPlan p = Pruning.endPoint(scores, layers);
        assertArrayEquals(new int[]{3, 1}, p.keptPerLayer());
        int[] channel = s4d.channelOfState();
        for (int h = 0; h < 3; h++) {
            int best = -1;
            for (int i = 0; i < channel.length; i++)
                if (channel[i] == h && (best < 0 || scores.layer(0)[i] > scores.layer(0)[best])) best = i;
            assertTrue(p.mask(0)[best], "channel " + h + " keeps its top mode");
        }
        assertTrue(p.mask(1)[java.util.stream.IntStream.range(0, 4).boxed().max(java.util.Comparator.comparingDouble(i -> scores.layer(1)[i])).get()]);
        var e = assertThrows(IllegalArgumentException.class, () -> Pruning.endPoint(scores, List.of(s4d)));
        assertTrue(e.getMessage().contains("layers"), e.getMessage());
    }
}
