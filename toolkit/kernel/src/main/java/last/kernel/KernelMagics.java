package last.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The kernel's line and cell magics (IJava's names): {@code %jars}, {@code %classpath}, {@code %load},
 * {@code %maven}, {@code %mavenRepo}, {@code %loadFromPOM}; they add to the {@link JavaKernel}'s class path or
 * evaluate code through it.
 */
final class KernelMagics {
    private final JavaKernel kernel;
    private final MagicRegistry magics;
    private final MavenResolver maven;

    KernelMagics(JavaKernel kernel, MagicRegistry magics, MavenResolver maven) {
        this.kernel = kernel;
        this.magics = magics;
        this.maven = maven;
    }

    void register() {
        magics.registerLineMagic(args -> addGlobs(args, true), "jars");
        magics.registerLineMagic(args -> addGlobs(args, false), "classpath");
        magics.registerLineMagic(this::loadMagic, "load");
        magics.registerLineMagic(this::mavenMagic, "maven", "addMavenDependency", "addMavenDependencies");
        magics.registerLineMagic(args -> {
            if (args.size() != 2) throw new IllegalArgumentException("usage: %mavenRepo <id> <url>");
            maven.addRepository(args.get(0), args.get(1));
            return null;
        }, "mavenRepo", "addMavenRepo");
        magics.registerLineMagic(args -> {
            if (args.isEmpty()) throw new IllegalArgumentException("usage: %loadFromPOM <pom.xml> [scope]");
            Path pom = Path.of(args.get(0)).toAbsolutePath();
            if (!Files.isRegularFile(pom)) throw new IOException("No such POM file: " + pom);
            List<String> jars = maven.resolvePomFile(pom, scope(args.subList(1, args.size())), false);
            jars.forEach(kernel::addToClasspath);
            return null;
        }, "loadFromPOM");
        magics.registerCellMagic((args, body) -> {
            List<String> jars = maven.resolve(maven.pomFromFragment(body), scope(args), false);
            jars.forEach(kernel::addToClasspath);
            return null;
        }, "loadFromPOM");
    }

    private static String scope(List<String> scopes) {
        if (scopes.contains("test")) return "test";
        if (scopes.contains("provided") || scopes.contains("system")) return "compile";
        return "runtime";
    }

    private List<String> addGlobs(List<String> globs, boolean filesOnly) {
        List<String> added = new ArrayList<>();
        for (String glob : globs) {
            List<String> found = JavaKernel.expandGlob(glob, filesOnly);
            if (found.isEmpty()) System.err.println("[kernel] nothing matches " + glob);
            for (String f : found) { kernel.addToClasspath(f); added.add(f); }
        }
        return added;
    }

    private Object mavenMagic(List<String> args) throws Exception {
        List<String> deps = new ArrayList<>();
        List<String> coordinates = new ArrayList<>();
        boolean verbose = false;
        String from = null;
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) verbose = true;
            else if (a.startsWith("--from=")) from = a.substring("--from=".length());
            else { deps.add(MavenResolver.dependencyXml(a)); coordinates.add(a); }
        }
        if (deps.isEmpty()) throw new IllegalArgumentException("usage: %maven group:artifact[:packaging[:classifier]]:version ...");
        List<String> repos = new ArrayList<>();
        if (from != null) {
            String url = maven.repositories().getOrDefault(from, from);
            repos.add("<repository><id>from</id><url>" + url + "</url></repository>");
        }
        List<String> jars;
        try {
            jars = maven.resolve(maven.pom(deps, repos), "runtime", verbose);
        } catch (MavenResolver.ResolutionException e) {
            throw new MagicException("%maven could not resolve " + String.join(" ", coordinates) + ": " + e.getMessage()
                    + (verbose || MavenResolver.isVerboseEnv() ? "" : " (Maven's full log: %maven -v ... or IJAVA_VERBOSE=1)"));
        }
        jars.forEach(kernel::addToClasspath);
        return null;
    }

    private Object loadMagic(List<String> args) throws Exception {
        if (args.size() != 1) throw new IllegalArgumentException("usage: %load <file>");
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            for (String ext : List.of(".jsh", ".jshell", ".java", ".ijava", ".ipynb")) {
                Path p = Path.of(args.get(0) + ext);
                if (Files.isRegularFile(p)) { file = p; break; }
            }
        }
        if (!Files.isRegularFile(file)) throw new IOException("Cannot find file to %load: " + args.get(0));
        if (file.toString().endsWith(".ipynb")) {
            JsonObject nb = new JsonParser().parse(Files.readString(file)).getAsJsonObject();
            for (JsonElement cellEl : nb.getAsJsonArray("cells")) {
                JsonObject cell = cellEl.getAsJsonObject();
                if (!"code".equals(cell.get("cell_type").getAsString())) continue;
                kernel.evalRaw(sourceOf(cell.get("source")));
            }
        } else {
            kernel.evalRaw(Files.readString(file));
        }
        return null;
    }

    private static String sourceOf(JsonElement src) {
        if (src == null || src.isJsonNull()) return "";
        if (src.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonElement line : (JsonArray) src) b.append(line.getAsString());
            return b.toString();
        }
        return src.getAsString();
    }
}
