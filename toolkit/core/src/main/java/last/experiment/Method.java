package last.experiment;

import java.util.Arrays;
import java.util.List;
import last.score.Scores;
import last.score.StateScores;
import last.ssm.DiscreteSsm;

/**
 * The pruning methods a sweep knows (paper Table 6 and Sec. 4.2, plus the project's extra ones; docs/method.md), each
 * with its display name (the name in result tables and figure legends; its colour and marker are
 * {@code last.plot.Style.of(displayName)}), whether it is one of the paper's seven criteria, its scope (scores compared
 * within each layer or across layers) and, for criteria computed from the parameters alone, its scorer.
 */
public enum Method {
    RANDOM("Random", true, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    UNIFORM_MAGNITUDE("Uniform magnitude", true, StateScores.Scope.UNIFORM, Kind.PARAMETERS),
    GLOBAL_MAGNITUDE("Global magnitude", true, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    LAMP("LAMP", true, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    UNIFORM_HINF("Uniform H-inf", true, StateScores.Scope.UNIFORM, Kind.PARAMETERS),
    GLOBAL_HINF("Global H-inf", true, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    LAST("LAST", true, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    GLOBAL_H2("Global H2", false, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    UNIFORM_H2("Uniform H2", false, StateScores.Scope.UNIFORM, Kind.PARAMETERS),
    LAST_H2("LAST-H2", false, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    HANKEL("Hankel", false, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    /** LAST with the released code's treatment of the backward C of a bidirectional layer (docs/conventions.md 2.7). */
    LAST_REFERENCE_BIDIRECTIONAL("LAST (reference-code bidirectional)", false, StateScores.Scope.GLOBAL, Kind.PARAMETERS),
    /** Output energy of each state on calibration data ({@link OracleScores}): reads data, not only parameters. */
    ORACLE(OracleScores.NAME, false, StateScores.Scope.GLOBAL, Kind.DATA),
    /** Random entries of Lambda, B, C removed (paper Table 5): prunes entries, not states ({@code UnstructuredPlan}). */
    UNSTRUCTURED_RANDOM("Unstructured random", false, StateScores.Scope.GLOBAL, Kind.ENTRIES),
    /** Half-rate sweeps: the states LAST chooses at the training rate, evaluated at half the rate (Table 10). */
    LAST_FULL_RATE("LAST (full-rate scores)", false, StateScores.Scope.GLOBAL, Kind.OTHER_RATE);

    /** Where a method's state importance comes from. */
    public enum Kind { PARAMETERS, DATA, ENTRIES, OTHER_RATE }

    private final String displayName;
    private final boolean paperCriterion;
    private final StateScores.Scope scope;
    private final Kind kind;

    Method(String displayName, boolean paperCriterion, StateScores.Scope scope, Kind kind) {
        this.displayName = displayName;
        this.paperCriterion = paperCriterion;
        this.scope = scope;
        this.kind = kind;
    }

    /** The name in result tables, CSV files and figure legends. */
    public String displayName() { return displayName; }

    /** Whether the paper compares this criterion (Table 6: Random, Uniform/Global magnitude, LAMP, Uniform/Global H-inf, LAST). */
    public boolean paperCriterion() { return paperCriterion; }

    public StateScores.Scope scope() { return scope; }

    public Kind kind() { return kind; }

    @Override public String toString() { return displayName; }

    /** The method of a display name; the error lists the known ones. */
    public static Method of(String displayName) {
        for (Method m : values()) if (m.displayName.equals(displayName)) return m;
        throw new IllegalArgumentException("unknown pruning method '" + displayName + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(Method::displayName).toList()) + ")");
    }

    /** The paper's seven criteria in Table 6's order. */
    public static List<Method> paperCriteria() {
        return Arrays.stream(values()).filter(Method::paperCriterion).toList();
    }

    /**
     * The state scores of this method from the layers' parameters; {@code seed} is used by Random only. Methods of
     * another {@link Kind} say what to call instead.
     */
    public StateScores scores(List<DiscreteSsm> layers, long seed) {
        return switch (this) {
            case RANDOM -> Scores.random(layers, seed);
            case UNIFORM_MAGNITUDE -> Scores.uniformMagnitude(layers);
            case GLOBAL_MAGNITUDE -> Scores.globalMagnitude(layers);
            case LAMP -> Scores.lamp(layers);
            case UNIFORM_HINF -> Scores.uniformHInf(layers);
            case GLOBAL_HINF -> Scores.globalHInf(layers);
            case LAST -> Scores.last(layers);
            case GLOBAL_H2 -> Scores.h2(layers, StateScores.Scope.GLOBAL, false);
            case UNIFORM_H2 -> Scores.h2(layers, StateScores.Scope.UNIFORM, false);
            case LAST_H2 -> Scores.h2(layers, StateScores.Scope.GLOBAL, true);
            case HANKEL -> Scores.hankel(layers);
            case LAST_REFERENCE_BIDIRECTIONAL -> Scores.last(layers, Scores.BidirectionalC.REFERENCE_CODE)
                    .as(displayName, StateScores.Scope.GLOBAL);
            case ORACLE -> throw new IllegalArgumentException("the oracle score reads data: use OracleScores.of(model, calibration, samples)");
            case UNSTRUCTURED_RANDOM -> throw new IllegalArgumentException("unstructured random prunes entries, not states: use UnstructuredPlan.random");
            case LAST_FULL_RATE -> throw new IllegalArgumentException("LAST (full-rate scores) are LAST's scores of the model at its training rate: "
                    + "use Scores.last on those layers (Sweep with fullRateLayers)");
        };
    }
}
