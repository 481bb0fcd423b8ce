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
}
