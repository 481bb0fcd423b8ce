package last.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import last.prune.UnstructuredPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unstructured pruning (paper Table 5): exact per-layer counts, and masked layers that still compute the same system two ways. */
class UnstructuredTest {

    @Test
    void removesExactlyTheRatioOfEveryLayerAndIsSeeded() {
        var layouts = List.of(new UnstructuredPlan.Layout(16, 16 * 8, 8 * 16, 0), new UnstructuredPlan.Layout(4, 4, 4, 4));
        for (double r : new double[]{0, 0.1, 0.37, 0.5, 0.9, 1}) {
            UnstructuredPlan p = UnstructuredPlan.random(layouts, r, 7);
            for (int l = 0; l < 2; l++) {
                var m = p.layers().get(l);
                assertEquals(layouts.get(l).total(), m.total());
                assertEquals(Math.round(r * m.total()), m.total() - m.kept(), "layer " + l + " at ratio " + r);
            }
        }
        var a = UnstructuredPlan.random(layouts, 0.5, 3).layers().get(0).b();
        var b = UnstructuredPlan.random(layouts, 0.5, 3).layers().get(0).b();
        var c = UnstructuredPlan.random(layouts, 0.5, 4).layers().get(0).b();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        var e = assertThrows(IllegalArgumentException.class, () -> UnstructuredPlan.random(layouts, 1.2, 1));
        assertTrue(e.getMessage().contains("ratio"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S4D", "S5-bidir", "S4D-bidir"})
    void entryMaskedLayerAgreesBetweenFftAndRecurrence(String kind) {
        SsmLayerTest.setUp();
        try {
            SsmLayer s = SsmLayerTest.layer(kind.split("-")[0], kind.endsWith("bidir"));
            NDArray u = SsmLayerTest.m.randomNormal(new Shape(2, 30, 3));
            var plan = UnstructuredPlan.random(List.of(s.layout()), 0.4, 11);
            SsmLayer masked = s.entryMasked(SsmLayerTest.m, plan.layers().get(0));
            // the pole mask enters the FFT path as a delta kernel and the recurrence as lambda_bar = 0
            NDArray y = masked.apply(u), r = masked.applyRecurrent(u);
            assertTrue(SsmLayerTest.maxAbsDiff(y, r) < 1e-4 * Math.max(1, r.abs().max().getFloat()), "FFT vs recurrence");
            assertTrue(SsmLayerTest.maxAbsDiff(y, s.apply(u)) > 1e-4, "masking changes the output");
            // the discrete view shows the removed entries as zeros
            var d = masked.discrete();
            var mask = plan.layers().get(0);
            for (int i = 0; i < d.stateCount(); i++)
                if (!mask.lambda()[i]) assertEquals(0, d.poleRadius(i), 0, "pole " + i);
            // keeping everything is the identity
            var keepAll = UnstructuredPlan.random(List.of(s.layout()), 0, 1).layers().get(0);
            assertTrue(SsmLayerTest.maxAbsDiff(s.entryMasked(SsmLayerTest.m, keepAll).apply(u), s.apply(u)) < 1e-6);
        } finally {
            SsmLayerTest.tearDown();
        }
    }

    @Test
    void wrongLayoutIsRefused() {
        SsmLayerTest.setUp();
        try {
            SsmLayer s = SsmLayerTest.layer("S5", false);
            var other = UnstructuredPlan.random(List.of(new UnstructuredPlan.Layout(2, 2, 2, 0)), 0.5, 1).layers().get(0);
            var e = assertThrows(IllegalArgumentException.class, () -> s.entryMasked(SsmLayerTest.m, other));
            assertTrue(e.getMessage().contains("layout"), e.getMessage());
        } finally {
            SsmLayerTest.tearDown();
        }
    }
}
