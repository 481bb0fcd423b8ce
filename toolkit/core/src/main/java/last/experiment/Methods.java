package last.experiment;

import java.util.List;
import last.score.StateScores;
import last.ssm.DiscreteSsm;

/** Lists of pruning methods by display name, as sweeps, tables and notebooks use them ({@link Method} is each one). */
public final class Methods {
    private Methods() {}

    /** The paper's four trade-off-curve methods (Fig. 2, Fig. 6). */
    public static final List<String> PAPER_CURVES = names(Method.RANDOM, Method.UNIFORM_HINF, Method.GLOBAL_HINF, Method.LAST);

    /** Every structured method of Table 6 plus the project's extra ones (what a default sweep runs), as display names. */
    public static final List<String> ALL = names(Method.RANDOM, Method.UNIFORM_MAGNITUDE, Method.GLOBAL_MAGNITUDE, Method.LAMP,
            Method.UNIFORM_HINF, Method.GLOBAL_HINF, Method.LAST, Method.GLOBAL_H2, Method.LAST_H2, Method.HANKEL,
            Method.ORACLE, Method.UNSTRUCTURED_RANDOM);

    private static List<String> names(Method... ms) {
        return java.util.Arrays.stream(ms).map(Method::displayName).toList();
    }

    /**
     * A comma-separated list of method names, each checked against {@link #ALL} (or {@link Method#LAST_FULL_RATE});
     * the error names the unknown one.
     */
    public static List<String> parse(String csv) {
        List<String> out = new java.util.ArrayList<>();
        for (String m : csv.split(",")) {
            String name = m.trim();
            if (!ALL.contains(name) && !name.equals(Method.LAST_FULL_RATE.displayName()))
                throw new IllegalArgumentException("unknown pruning method '" + name + "' (known: " + String.join(", ", ALL) + ")");
            if (!out.contains(name)) out.add(name);
        }
        return List.copyOf(out);
    }

    /** Scores of a method by display name ({@link Method#scores}); {@code seed} is used by Random only. */
    public static StateScores scores(String method, List<DiscreteSsm> layers, long seed) {
        return Method.of(method).scores(layers, seed);
    }
}
