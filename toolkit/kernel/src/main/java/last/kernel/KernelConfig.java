package last.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's settings from IJava's environment variables ({@code JJAVA_*} accepted as aliases, the IJava name
 * wins): {@code IJAVA_CLASSPATH} (path-separator list of globs), {@code IJAVA_COMPILER_OPTS} (javac options,
 * quotes allowed), {@code IJAVA_STARTUP_SCRIPTS_PATH} (path-separator list of globs of .jshell files),
 * {@code IJAVA_STARTUP_SCRIPT} (Java code), {@code IJAVA_TIMEOUT} (per statement: ms, {@code "30 SECONDS"}, -1 = none).
 * Our extension: {@code IJAVA_SOURCEPATH} (path-separator list of source roots, e.g. {@code src/main/java}) whose
 * Javadoc shift-tab inspection shows ({@link SourceDocs}); a stock IJava ignores it.
 */
public record KernelConfig(List<String> classpath, List<String> compilerOptions, List<String> startupScriptPaths,
                           String startupScript, long timeoutMillis, List<String> sourcePath) {

    public static KernelConfig fromEnvironment() { return fromMap(System.getenv()); }

    public static KernelConfig fromMap(Map<String, String> env) {
        return new KernelConfig(
                splitPath(get(env, "CLASSPATH")),
                MagicTranspiler.splitArgs(orEmpty(get(env, "COMPILER_OPTS"))),
                splitPath(get(env, "STARTUP_SCRIPTS_PATH")),
                get(env, "STARTUP_SCRIPT"),
                parseTimeout(get(env, "TIMEOUT")),
                splitPath(get(env, "SOURCEPATH")));
    }

    public static KernelConfig defaults() { return fromMap(Map.of()); }

    private static String get(Map<String, String> env, String suffix) {
        String v = env.get("IJAVA_" + suffix);
        return v != null ? v : env.get("JJAVA_" + suffix);
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    static List<String> splitPath(String list) {
        List<String> out = new ArrayList<>();
        if (list == null) return out;
        for (String s : list.split(File.pathSeparator)) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** "-1"/"" = no timeout (0), "30000" = ms, "30 SECONDS" / "2 min" = amount and TimeUnit. */
    static long parseTimeout(String text) {
        if (text == null || text.isBlank()) return 0;
        String[] p = text.trim().split("\\s+");
        long amount = Long.parseLong(p[0]);
        if (amount < 0) return 0;
        if (p.length == 1) return amount;
        String u = p[1].toUpperCase(Locale.ROOT);
        for (TimeUnit unit : TimeUnit.values()) {
            if (unit.name().equals(u) || unit.name().equals(u + "S") || unit.name().startsWith(u)) return unit.toMillis(amount);
        }
        throw new IllegalArgumentException("Bad IJAVA_TIMEOUT '" + text + "'");
    }
}
