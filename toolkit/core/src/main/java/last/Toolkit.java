package last;

import java.nio.file.Files;
import java.nio.file.Path;

/** Version and provenance of the LAST toolkit. */
public final class Toolkit {
    private Toolkit() {}

    /** The toolkit version, written into every checkpoint sidecar. */
    public static final String VERSION = "0.2.0";

    private static volatile String commit;

    /**
     * The git commit of the working tree the toolkit runs from (the {@code HEAD} of the nearest {@code .git} above the
     * current directory, read from its files), or "unknown"; a "+dirty" mark is not attempted.
     */
    public static String gitCommit() {
        String c = commit;
        if (c != null) return c;
        c = "unknown";
        try {
            for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
                Path git = d.resolve(".git");
                if (!Files.isDirectory(git)) continue;
                String head = Files.readString(git.resolve("HEAD")).trim();
                if (head.startsWith("ref: ")) {
                    String ref = head.substring(5);
                    Path loose = git.resolve(ref);
                    if (Files.isRegularFile(loose)) c = Files.readString(loose).trim();
                    else if (Files.isRegularFile(git.resolve("packed-refs")))
                        for (String line : Files.readAllLines(git.resolve("packed-refs")))
                            if (line.endsWith(" " + ref)) c = line.substring(0, line.indexOf(' '));
                } else {
                    c = head;
                }
                break;
            }
        } catch (java.io.IOException | RuntimeException e) {
            c = "unknown";
        }
        commit = c;
        return c;
    }

    /**
     * A path as outputs should show it: relative to the repository root (the nearest directory above the current one
     * holding {@code pom.xml} and {@code data/}), so that no machine-specific absolute path ends up in a notebook,
     * log or result file; paths outside the repository are shown by file name.
     */
    public static String show(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("data")))
                return abs.startsWith(d) ? d.relativize(abs).toString() : String.valueOf(abs.getFileName());
        return String.valueOf(abs.getFileName());
    }

    /**
     * Library logging for the CLI and the kernel (slf4j-simple, DJL's logger), set before the first logger exists and
     * only where the user chose nothing: DJL's INFO chatter ("Number of inter-op threads ...", platform and
     * extraction lines) off, warnings kept, except DJL's CUDA probe ("Failed to detect GPU count: CUDA driver version
     * is insufficient"), which the CPU-only PyTorch of this toolkit prints on every start on machines with a GPU
     * driver but means nothing for it.
     */
    public static void quietLibraryLogs() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
