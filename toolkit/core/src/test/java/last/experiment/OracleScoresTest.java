package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import last.model.S4dLayer;
import last.model.S5Layer;
import last.model.SsmLayer;
import last.ssm.S4dInit;
import last.ssm.S5Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The oracle's per-state output energy equals the energy of (full output - output with that state masked), computed by the DJL layer. */
class OracleScoresTest {

    @ParameterizedTest
    @ValueSource(strings = {"S5", "S4D", "S5-bidir"})
    void energyEqualsTheMaskedOutputDifference(String kind) {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            boolean bi = kind.endsWith("bidir");
            SsmLayer s = kind.startsWith("S5")
                    ? S5Layer.of(m, S5Init.init(S5Init.Options.defaults().withBlocks(2).withP(8).withH(3).withBidirectional(bi).withSeed(5)))
                    : S4dLayer.of(m, S4dInit.init(S4dInit.Options.defaults().withH(3).withNs(4).withSeed(5)));
            int b = 2, len = 40;
            NDArray u = m.randomNormal(new Shape(b, len, 3));
            double[] energy = new double[s.stateCount()];
            OracleScores.accumulate(s.discrete(), u.toFloatArray(), b, len, new int[]{len, len - 7}, energy);
            NDArray y = s.apply(u);
            NDArray valid = m.arange(0f, (float) len).expandDims(0).lt(m.create(new float[]{len, len - 7}).expandDims(1))
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).expandDims(2);     // (b,len,1)
            for (int i = 0; i < s.stateCount(); i++) {
                boolean[] keep = new boolean[s.stateCount()];
                java.util.Arrays.fill(keep, true);
                keep[i] = false;
                // the reverse scan of a bidirectional layer sees the padding, so compare on full-length rows only there
                NDArray diff = y.sub(s.masked(m, keep).apply(u)).mul(bi ? m.ones(new Shape(1)) : valid);
                double want = diff.square().sum().getFloat();
                if (bi) {
                    double[] e = new double[s.stateCount()];
                    OracleScores.accumulate(s.discrete(), u.toFloatArray(), b, len, new int[]{len, len}, e);
                    assertEquals(want, e[i], 1e-3 * want + 1e-6, "state " + i);
                } else {
                    assertEquals(want, energy[i], 1e-3 * want + 1e-6, "state " + i);
                }
            }
        }
    }
}
