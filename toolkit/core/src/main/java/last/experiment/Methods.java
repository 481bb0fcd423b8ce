package last.experiment;

import java.util.List;
import last.score.Scores;
import last.score.StateScores;
import last.ssm.DiscreteSsm;

/** The pruning methods of the paper's sweeps by name (protocol.md), as functions from layers to scores. */
public final class Methods {
    private Methods() {}

    /** The paper's four trade-off-curve methods (Fig. 2, Fig. 6). */
    public static final List<String> PAPER_CURVES = List.of("Random", "Uniform H-inf", "Global H-inf", "LAST");

    /** Every structured method of Table 6 plus the project's extra ones. */
    public static final List<String> ALL = List.of("Random", "Uniform magnitude", "Global magnitude", "LAMP",
            "Uniform H-inf", "Global H-inf", "LAST", "Global H2", "LAST-H2", "Hankel", OracleScores.NAME,
            Sweep.UNSTRUCTURED);

    /** A comma-separated list of method names, each checked against {@link #ALL} (error names the unknown one). */
    public static List<String> parse(String csv) {
        List<String> out = new java.util.ArrayList<>();
        for (String m : csv.split(",")) {
            String name = m.trim();
            if (!ALL.contains(name) && !name.equals(Sweep.LAST_FULL_RATE)) throw new IllegalArgumentException("unknown pruning method '" + name + "' (known: " + String.join(", ", ALL) + ")");
            if (!out.contains(name)) out.add(name);
        }
        return List.copyOf(out);
    }

    /** Scores of a method; {@code seed} is used by Random only. */
    public static StateScores scores(String method, List<DiscreteSsm> layers, long seed) {
        return switch (method) {
            case "Random" -> Scores.random(layers, seed);
            case "Uniform magnitude" -> Scores.uniformMagnitude(layers);
            case "Global magnitude" -> Scores.globalMagnitude(layers);
            case "LAMP" -> Scores.lamp(layers);
            case "Uniform H-inf" -> Scores.uniformHInf(layers);
            case "Global H-inf" -> Scores.globalHInf(layers);
            case "LAST" -> Scores.last(layers);
            case "LAST (reference-code bidirectional)" -> Scores.last(layers, Scores.BidirectionalC.REFERENCE_CODE)
                    .as("LAST (reference-code bidirectional)", StateScores.Scope.GLOBAL);
            case "Global H2" -> Scores.h2(layers, StateScores.Scope.GLOBAL, false);
            case "Uniform H2" -> Scores.h2(layers, StateScores.Scope.UNIFORM, false);
            case "LAST-H2" -> Scores.h2(layers, StateScores.Scope.GLOBAL, true);
            case "Hankel" -> Scores.hankel(layers);
            case Sweep.UNSTRUCTURED -> throw new IllegalArgumentException("unstructured random prunes entries, not states: use UnstructuredPlan.random");
            case OracleScores.NAME -> throw new IllegalArgumentException("the oracle score reads data: use OracleScores.of(model, calibration, samples)");
            default -> throw new IllegalArgumentException("unknown pruning method '" + method + "' (known: " + ALL + ")");
        };
    }
}
