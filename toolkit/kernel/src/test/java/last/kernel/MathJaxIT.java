package last.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formulas in exported notebooks: {@code jupyter nbconvert --to html} must reference a MathJax that exists on this
 * machine (Debian's nbconvert uses {@code file:///usr/share/javascript/mathjax/MathJax.js} from libjs-mathjax, which
 * {@code ./last} installs); otherwise {@code $x^2$} stays raw text in the HTML.
 */
class MathJaxIT {

    private static final Pattern MATHJAX_SCRIPT = Pattern.compile("<script[^>]*\\ssrc=\"([^\"]*MathJax[^\"]*)\"", Pattern.CASE_INSENSITIVE);

    @Test
    void htmlExportReferencesAMathJaxOnDisk(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(run(List.of("jupyter", "nbconvert", "--version"), dir).rc == 0,
                "SKIPPED: jupyter nbconvert is not installed (./last run installs it: apt-get install jupyter-nbconvert libjs-mathjax)");
        Path nb = Files.writeString(dir.resolve("math.ipynb"), """
                {"cells": [{"cell_type": "markdown", "id": "m0", "metadata": {}, "source": "Energy $x^2$ and $$\\\\sum_i a_i$$"}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """);
        Result r = run(List.of("jupyter", "nbconvert", "--to", "html", nb.toString()), dir);
        assertEquals(0, r.rc, r.out);
        String html = Files.readString(dir.resolve("math.html"));
        assertTrue(html.contains("$x^2$"), "the formula is handed to MathJax as TeX");
        Matcher m = MATHJAX_SCRIPT.matcher(html);
        if (!m.find()) fail("the HTML loads no MathJax script: formulas stay raw $...$");
        String src = m.group(1);
        Path script = localPath(src, dir);
        assertTrue(script != null && Files.isRegularFile(script), "MathJax script " + src + " is not a file on this machine "
                + "(offline HTML would show raw $...$): apt-get install libjs-mathjax");
    }

    /** The file a script src points to: a file: URL or a path relative to the HTML; null for network URLs. */
    static Path localPath(String src, Path htmlDir) {
        String noQuery = src.replaceFirst("[?#].*$", "");
        if (noQuery.startsWith("file:")) return Path.of(URI.create(noQuery));
        if (noQuery.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || noQuery.startsWith("//")) return null;
        return htmlDir.resolve(noQuery);
    }

    record Result(int rc, String out) {}

    private static Result run(List<String> cmd, Path dir) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); return new Result(-1, out); }
            return new Result(p.exitValue(), out);
        } catch (java.io.IOException e) {
            return new Result(-1, e.getMessage()); // no jupyter on PATH
        }
    }
}
