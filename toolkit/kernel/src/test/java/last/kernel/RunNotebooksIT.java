package last.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: fixture notebooks run through run_notebooks.py (Debian's nbclient under /usr/bin/python3) with a
 * temporary JUPYTER_PATH kernelspec made by install.sh from the freshly built shaded jar.
 */
class RunNotebooksIT {

    static final String PYTHON = System.getProperty("last.python", "/usr/bin/python3");

    @TempDir static Path tmp;
    static Path kernelDir;
    static Path jupyterPath;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)) && exec(List.of(PYTHON, "-c",
                        "import nbclient, nbformat, jupyter_client"), null).rc == 0,
                "SKIPPED end-to-end notebook tests: " + PYTHON + " lacks nbclient/nbformat/jupyter_client "
                        + "(apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel)");
        kernelDir = Path.of(System.getProperty("last.kernel.dir", ".")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("last.kernel.jar", "target/last-kernel.jar"));
        assertTrue(Files.isRegularFile(jar), "shaded jar missing: " + jar);
        jupyterPath = tmp.resolve("jupyter");
        Result r = exec(List.of("bash", kernelDir.resolve("install.sh").toString(), jupyterPath.toString()), null);
        assertEquals(0, r.rc, r.out);
        String spec = Files.readString(jupyterPath.resolve("kernels/java/kernel.json"));
        assertTrue(spec.contains("\"Java (LAST toolkit)\""), spec);
        assertTrue(spec.contains("jdk.jshell/jdk.jshell=ALL-UNNAMED"), spec);
        assertTrue(spec.contains("IJAVA_CLASSPATH"), spec);
        assertTrue(spec.contains("\"DJL_OFFLINE\": \"true\""), spec);
        assertTrue(Files.isRegularFile(jupyterPath.resolve("kernels/java/last-kernel.jar")));
    }

    @Test
    void passingNotebookIsWrittenBackWithOutputs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pass"));
        Files.writeString(dir.resolve("data.txt"), "from the notebook directory");
        Path nb = notebook(dir.resolve("pass.ipynb"),
                "String cwdText = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"data.txt\")));\ncwdText",
                "var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                        + "var g = img.createGraphics(); g.setColor(java.awt.Color.RED); g.fillRect(0, 0, 32, 24); g.dispose();\n"
                        + "img",
                "String id = display(\"step 1\");\nupdateDisplay(id, \"step 2\");\nSystem.out.println(\"printed\");",
                "render(\"<b>x</b>\", \"text/html\")",
                "System.out.printf(java.util.Locale.ROOT, \"%-6s|%5d|%n\", \"ab\", 42);\nSystem.out.println(\"next\");");
        Result r = run(List.of(nb.toString()), 120);
        assertEquals(0, r.rc, r.out);
        assertTrue(r.out.contains("pass.ipynb cell 5/5 (index 4) done in"), r.out);
        String executed = Files.readString(nb);
        assertTrue(executed.contains("from the notebook directory"), "kernel cwd = notebook dir\n" + executed);
        assertTrue(executed.contains("\"image/png\": \"iVBORw0KGgo"), executed);
        assertTrue(hasOutput(executed, "text/plain", "step 2") && !hasOutput(executed, "text/plain", "step 1"), executed);
        assertTrue(hasOutput(executed, "text/html", "<b>x</b>"), executed);
        assertTrue(executed.contains("\"display_name\": \"Java (LAST toolkit)\""), executed);
        assertTrue(executed.contains("\"name\": \"java\""), executed);
        assertFalse(executed.contains("\"execution\":"), "no timing metadata\n" + executed);
        // a printf's pieces and the next line arrive as one stream output (renderers show each output apart)
        assertTrue(executed.contains("\"ab    |   42|\\n\",\n"), executed);
        assertEquals(2, executed.split("\"output_type\": \"stream\"", -1).length - 1, "one stream output per printing cell\n" + executed);
        assertFalse(Files.exists(dir.resolve("pass.failed.ipynb")));
    }

    @Test
    void failingAndTimingOutNotebooksFailAndKeepTheOriginal() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fail"));
        Path failing = notebook(dir.resolve("failing.ipynb"),
                "int x = 1;\nx",
                "void explode() { throw new IllegalArgumentException(\"deliberate failure\"); }\nexplode();",
                "\"never reached\"");
        Path slow = notebook(dir.resolve("slow.ipynb"),
                "\"fast\"",
                "while (true) { }");
        String failingBefore = Files.readString(failing);
        String slowBefore = Files.readString(slow);
        long t0 = System.nanoTime();
        Result r = run(List.of("--timeout", "10", failing.toString(), slow.toString()), 150);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.rc, r.out);
        assertTrue(r.out.contains("FAILED: " + failing + " cell 2 (index 1) raised an error"), r.out);
        assertTrue(r.out.contains("EvalException: deliberate failure"), r.out);
        assertTrue(r.out.contains("java.lang.IllegalArgumentException: deliberate failure"), r.out);
        assertTrue(r.out.contains("at .explode("), r.out);
        assertTrue(r.out.contains("FAILED: " + slow + " cell 2 (index 1) timed out after 10 s"), r.out);
        assertTrue(r.out.contains("2 notebook(s) failed"), r.out);
        assertEquals(failingBefore, Files.readString(failing), "original must not be overwritten");
        assertEquals(slowBefore, Files.readString(slow), "original must not be overwritten");
        String failed = Files.readString(dir.resolve("failing.failed.ipynb"));
        assertTrue(failed.contains("\"ename\": \"EvalException\"") && failed.contains("deliberate failure"), failed);
        assertFalse(hasOutput(failed, "text/plain", "never reached"), failed);
        assertTrue(hasOutput(Files.readString(dir.resolve("slow.failed.ipynb")), "text/plain", "fast"));
        assertTrue(seconds < 300, "took " + seconds + " s");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** nbformat writes an output's text either as a string or as a list of lines. */
    private static boolean hasOutput(String notebookJson, String mime, String text) {
        return java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(mime) + "\":\\s*\\[?\\s*\""
                + java.util.regex.Pattern.quote(text) + "\"").matcher(notebookJson).find();
    }

    private static Result run(List<String> args, long timeoutSeconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, kernelDir.resolve("run_notebooks.py").toString(), "--kernel", "java"));
        cmd.addAll(args);
        return exec(cmd, timeoutSeconds);
    }

    /** A notebook (nbformat 4.5) with one code cell per source string and kernelspec java. */
    private static Path notebook(Path file, String... cells) throws IOException {
        StringBuilder b = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(',');
            b.append("{\"cell_type\": \"code\", \"id\": \"c").append(i).append("\", \"metadata\": {}, ")
                    .append("\"execution_count\": null, \"outputs\": [], \"source\": ").append(json(cells[i])).append('}');
        }
        b.append("], \"metadata\": {\"kernelspec\": {\"display_name\": \"Java\", \"language\": \"java\", \"name\": \"java\"}}, ")
                .append("\"nbformat\": 4, \"nbformat_minor\": 5}\n");
        Files.writeString(file, b);
        return file;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    record Result(int rc, String out) {}

    private static Result exec(List<String> cmd, Long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (jupyterPath != null) pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        Path log = Files.createTempFile("run-notebooks", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds == null ? 120 : timeoutSeconds, TimeUnit.SECONDS);
        if (!done) { p.descendants().forEach(ProcessHandle::destroyForcibly); p.destroyForcibly(); }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(String.join(" ", cmd) + "\n" + out);
        return new Result(done ? p.exitValue() : -1, out);
    }
}
