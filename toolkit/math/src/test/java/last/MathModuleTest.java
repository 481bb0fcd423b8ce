package last;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The control-theory core is a module of its own (issue 16): its classes compile and its tests run with EJML and the
 * JDK alone. This test fails the day someone adds DJL, Tablesaw or XChart to the module's class path.
 */
class MathModuleTest {

    @Test
    void theMathModuleRunsWithoutTheDeepLearningEngineOrThePlottingLibraries() {
        for (String absent : new String[] {"ai.djl.ndarray.NDArray", "ai.djl.pytorch.engine.PtEngine",
                "tech.tablesaw.api.Table", "org.knowm.xchart.XYChart", "last.model.SequenceModel"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent + " is on the math module's class path");
        }
        assertDoesNotThrow(() -> Class.forName("org.ejml.simple.SimpleMatrix"));
        assertDoesNotThrow(() -> Class.forName("last.score.Scores"));
    }
}
