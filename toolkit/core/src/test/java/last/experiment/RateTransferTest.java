package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import last.model.ModelConfig;
import last.model.SequenceModel;
import org.junit.jupiter.api.Test;

/** LAST's scores and kept states before and after a step rescale (Table 10's zero-shot rate change). */
class RateTransferTest {

    @Test
    void spearmanMatchesHandComputedValues() {
        assertEquals(1, RateTransfer.spearman(new double[]{1, 2, 3, 4}, new double[]{10, 20, 30, 400}), 1e-12);
        assertEquals(-1, RateTransfer.spearman(new double[]{1, 2, 3, 4}, new double[]{4, 3, 2, 1}), 1e-12);
        // ranks (1, 2, 3, 4) vs (2, 1, 4, 3): 1 - 6 * 4 / (4 * 15) = 0.6
        assertEquals(0.6, RateTransfer.spearman(new double[]{1, 2, 3, 4}, new double[]{2, 1, 4, 3}), 1e-12);
        assertArrayEquals(new double[]{1.5, 1.5, 3}, RateTransfer.ranks(new double[]{5, 5, 7}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RateTransfer.spearman(new double[]{1}, new double[]{1, 2}));
    }

    @Test
    void noRescaleChangesNothingAndARescaleIsMeasured() {
        try (SequenceModel m = SequenceModel.create(ModelConfig.s5(1, 8, 3, 16, 16, 4))) {
            var same = RateTransfer.compare(m, 1.0, new double[]{0.2, 0.5});
            for (double r : same.spearmanPerLayer()) assertEquals(1, r, 1e-9);
            assertArrayEquals(new double[]{1, 1}, same.keptOverlap(), 1e-12);
            var half = RateTransfer.compare(m, 2.0, new double[]{0.2, 0.5});
            for (double r : half.spearmanPerLayer()) assertTrue(r >= -1 && r <= 1 && Double.isFinite(r), "rho " + r);
            for (double o : half.keptOverlap()) assertTrue(o > 0 && o <= 1, "overlap " + o);
            // the scores do change with the step (poles move towards 0), and every kept count is a valid plan
            assertNotEquals(half.before().get(0)[0], half.after().get(0)[0]);
            assertEquals(3, RateTransfer.scatterPoints(half).size());
        }
    }
}
