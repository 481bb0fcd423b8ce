package last.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Maven dependencies with the installed {@code mvn} (so {@code ~/.m2}, settings.xml, classifiers, BOMs,
 * exclusions and offline mode behave like the project build): writes a throw-away POM and runs
 * {@code dependency:build-classpath}, first offline ({@code -o}, fast when {@code ~/.m2} has everything), then online.
 * Results are cached per POM text. A failure becomes one line (Maven's first error, colour codes stripped); the full
 * log goes to stderr only with {@code %maven -v} or {@code IJAVA_VERBOSE=1}, since a page of Maven output in a
 * notebook buries the one sentence that matters.
 */
final class MavenResolver {

    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);
    private static final Pattern REPOSITORY = Pattern.compile("<repository>.*?</repository>", Pattern.DOTALL);

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*[A-Za-z]");
    private static final Pattern GOAL_PREFIX = Pattern.compile("^Failed to execute goal (?:.*? )?on project [^:]+: ");

    /** Maven could not resolve: the message is one line (the reason), {@link #log()} is everything Maven printed. */
    static final class ResolutionException extends MagicException {
        private final String log;

        ResolutionException(String reason, String log) {
            super(reason);
            this.log = log;
        }

        String log() { return log; }
    }

    private final Map<String, String> repositories = new LinkedHashMap<>();
    private boolean offlineOnly;

    /** Only the offline attempt (for tests, and for machines without network where the online attempt only hangs). */
    void setOfflineOnly(boolean offlineOnly) { this.offlineOnly = offlineOnly; }
    private final Map<String, List<String>> cache = new HashMap<>();

    void addRepository(String id, String url) { repositories.put(id, url); }

    Map<String, String> repositories() { return repositories; }

    /** {@code group:artifact[:packaging[:classifier]]:version} to a {@code <dependency>} element. */
    static String dependencyXml(String coordinates) {
        String[] p = coordinates.trim().split(":");
        String g, a, v, type = null, classifier = null;
        switch (p.length) {
            case 3 -> { g = p[0]; a = p[1]; v = p[2]; }
            case 4 -> { g = p[0]; a = p[1]; type = p[2]; v = p[3]; }
            case 5 -> { g = p[0]; a = p[1]; type = p[2]; classifier = p[3]; v = p[4]; }
            default -> throw new IllegalArgumentException("Bad Maven coordinates '" + coordinates
                    + "', expected group:artifact[:packaging[:classifier]]:version");
        }
        StringBuilder b = new StringBuilder("<dependency><groupId>").append(xml(g)).append("</groupId><artifactId>")
                .append(xml(a)).append("</artifactId><version>").append(xml(v)).append("</version>");
        if (type != null && !type.isEmpty() && !type.equals("jar")) b.append("<type>").append(xml(type)).append("</type>");
        if (classifier != null && !classifier.isEmpty()) b.append("<classifier>").append(xml(classifier)).append("</classifier>");
        return b.append("</dependency>").toString();
    }

    /** A complete POM from dependency and repository fragments (plus the repositories added by %mavenRepo). */
    String pom(List<String> dependencyXml, List<String> repositoryXml) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                .append("<modelVersion>4.0.0</modelVersion><groupId>last.kernel.notebook</groupId>")
                .append("<artifactId>notebook-dependencies</artifactId><version>1</version><packaging>pom</packaging>\n")
                .append("<repositories>\n");
        for (Map.Entry<String, String> r : repositories.entrySet()) {
            b.append("<repository><id>").append(xml(r.getKey())).append("</id><url>").append(xml(r.getValue()))
                    .append("</url></repository>\n");
        }
        for (String r : repositoryXml) b.append(r).append('\n');
        b.append("</repositories>\n<dependencies>\n");
        for (String d : dependencyXml) b.append(d).append('\n');
        return b.append("</dependencies>\n</project>\n").toString();
    }

    /** A POM from a %%loadFromPOM body: a whole project, or dependency/repository fragments. */
    String pomFromFragment(String body) {
        if (body.contains("<project")) return body;
        return pom(find(DEPENDENCY, body), find(REPOSITORY, body));
    }

    private static List<String> find(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Resolves the POM's dependencies transitively; returns absolute jar paths. */
    List<String> resolve(String pomXml, String scope, boolean verbose)
            throws IOException, InterruptedException, ResolutionException {
        String cacheKey = scope + "\n" + pomXml;
        List<String> cached = cache.get(cacheKey);
        if (cached != null) return cached;
        Path dir = Files.createTempDirectory("last-kernel-maven");
        try {
            Path pom = dir.resolve("pom.xml");
            Files.writeString(pom, pomXml);
            List<String> jars = resolvePomFile(pom, scope, verbose);
            cache.put(cacheKey, jars);
            return jars;
        } finally {
            deleteTree(dir);
        }
    }

    /** Resolves the dependencies of an existing POM file. */
    List<String> resolvePomFile(Path pom, String scope, boolean verbose)
            throws IOException, InterruptedException, ResolutionException {
        Path out = Files.createTempFile("last-kernel-classpath", ".txt");
        try {
            StringBuilder log = new StringBuilder();
            String[] lastOutput = {""};
            boolean ok = runMaven(pom, out, scope, true, log, verbose, lastOutput)
                    || (!offlineOnly && runMaven(pom, out, scope, false, log, verbose, lastOutput));
            if (!ok) {
                String full = stripAnsi(log.toString());
                if (verbose || isVerboseEnv()) System.err.println(full);
                throw new ResolutionException(reason(lastOutput[0]), full);
            }
            String cp = Files.readString(out).trim();
            List<String> jars = new ArrayList<>();
            if (!cp.isEmpty()) for (String e : cp.split(Pattern.quote(File.pathSeparator))) if (!e.isBlank()) jars.add(e.trim());
            return jars;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean runMaven(Path pom, Path out, String scope, boolean offline, StringBuilder log, boolean verbose,
                                    String[] lastOutput) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mvnExecutable(), "-B", "-q"));
        if (offline) cmd.add("-o");
        cmd.addAll(List.of("-f", pom.toString(), DEPENDENCY_PLUGIN, "-Dmdep.outputFile=" + out,
                "-Dmdep.includeScope=" + scope, "-Dstyle.color=never"));
        if (verbose) System.out.println("[maven] " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(pom.getParent().toFile());
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES)) { p.destroyForcibly(); return false; }
        String text = new String(output, StandardCharsets.UTF_8);
        if (verbose && !text.isBlank()) System.out.println(text);
        log.append(offline ? "--- offline attempt ---\n" : "--- online attempt ---\n").append(text).append('\n');
        lastOutput[0] = text;
        return p.exitValue() == 0;
    }

    /** Maven's first {@code [ERROR]} line without the "Failed to execute goal ... on project x:" preamble. */
    static String reason(String mavenOutput) {
        String fallback = "Maven failed without an error message";
        for (String line : stripAnsi(mavenOutput).split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (!l.startsWith("[ERROR]")) { fallback = l; continue; }
            l = l.substring("[ERROR]".length()).strip();
            if (l.isEmpty()) continue;
            l = GOAL_PREFIX.matcher(l).replaceFirst("");
            return l.replaceFirst("\\s*-> \\[Help \\d+]$", "");
        }
        return fallback;
    }

    static String stripAnsi(String text) { return ANSI.matcher(text).replaceAll(""); }

    static boolean isVerboseEnv() {
        String v = System.getenv("IJAVA_VERBOSE");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    static String mvnExecutable() {
        String explicit = System.getenv("LAST_MVN");
        if (explicit != null && !explicit.isBlank()) return explicit;
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) return Path.of(home, "bin", "mvn").toString();
        return "mvn";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) { }
    }
}
