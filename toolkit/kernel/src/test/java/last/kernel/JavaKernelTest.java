package last.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import jdk.jshell.EvalException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaKernelTest {

    private static JavaKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new JavaKernel(KernelConfig.fromMap(Map.of("IJAVA_TIMEOUT", "3 SECONDS")));
    }

    @AfterAll
    static void stop() { kernel.onShutdown(false); }

    private static String strip(String line) { return line.replaceAll("\u001B\\[[;\\d]*m", ""); }

    private static String plain(List<String> lines) {
        return String.join("\n", lines).replaceAll("\u001B\\[[;\\d]*m", "");
    }

    @Test
    void lastExpressionIsRendered() throws Exception {
        assertEquals("2", kernel.eval("int a = 1;\n a + 1;").getData(MIMEType.TEXT_PLAIN));
        assertEquals("hello", kernel.eval("\"hel\" + \"lo\"").getData(MIMEType.TEXT_PLAIN));
        assertNull(kernel.eval("int q = 5;"));
        assertEquals("5", kernel.eval("q").getData(MIMEType.TEXT_PLAIN));
        assertNull(kernel.eval("System.out.println(q);"));
    }

    @Test
    void bufferedImageBecomesPng() throws Exception {
        DisplayData d = kernel.eval("""
                var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
                var g = img.createGraphics(); g.fillRect(0, 0, 20, 20); g.dispose();
                img""");
        Object png = d.getData(MIMEType.IMAGE_PNG);
        assertNotNull(png, "image/png expected");
        byte[] bytes = Base64.getMimeDecoder().decode(png.toString());
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        // the real object came back, not a string
        Object raw = kernel.evalRaw("img");
        assertInstanceOf(BufferedImage.class, raw);
    }

    @Test
    void renderHtmlAndDisplayData() throws Exception {
        DisplayData d = kernel.eval("render(\"<b>x</b>\", \"text/html\")");
        assertEquals("<b>x</b>", d.getData(MIMEType.TEXT_HTML));
        DisplayData withMeta = kernel.eval("""
                DisplayData dd = render(new java.awt.image.BufferedImage(4, 4, 1));
                dd.putMetaData("image/png", Map.of("width", 2));
                dd""".replace("DisplayData dd", "var dd"));
        assertNotNull(withMeta.getData(MIMEType.IMAGE_PNG));
    }

    @Test
    void userExceptionIsFormattedLikeIJava() {
        Exception e = assertThrows(Exception.class, () -> kernel.eval("""
                void boom() { throw new IllegalStateException("kaputt"); }
                boom();"""));
        EvalException ee = assertInstanceOf(EvalException.class, e);
        assertEquals("java.lang.IllegalStateException", ee.getExceptionClassName());
        assertEquals("kaputt", e.getMessage());
        String text = plain(kernel.formatError(e));
        assertTrue(text.startsWith("java.lang.IllegalStateException: kaputt"), text);
        assertTrue(text.contains("\tat .boom(#"), text);
        assertTrue(!text.contains("last.kernel"), text);
    }

    @Test
    void causesAreListed() {
        Exception e = assertThrows(Exception.class,
                () -> kernel.eval("throw new RuntimeException(\"outer\", new java.io.IOException(\"inner\"));"));
        String text = plain(kernel.formatError(e));
        assertTrue(text.contains("Caused by: java.io.IOException: inner"), text);
    }

    @Test
    void compilationErrorHighlightsTheSource() {
        Exception e = assertThrows(JavaKernel.CompilationException.class, () -> kernel.eval("int z = \"text\";"));
        String text = plain(kernel.formatError(e));
        assertTrue(text.contains("int z = \"text\";"), text);
        assertTrue(text.contains("incompatible types"), text);
        assertThrows(JavaKernel.IncompleteSourceException.class, () -> kernel.eval("int broken = (1 +"));
    }

    @Test
    void kernelSurvivesErrorsThrownByCells() throws Exception {
        Exception so = assertThrows(EvalException.class, () -> kernel.eval("int down(int n) { return down(n + 1) + 1; }\ndown(0);"));
        assertEquals("java.lang.StackOverflowError", ((EvalException) so).getExceptionClassName());
        Exception oom = assertThrows(EvalException.class, () -> kernel.eval("throw new OutOfMemoryError(\"simulated\");"));
        assertEquals("java.lang.OutOfMemoryError", ((EvalException) oom).getExceptionClassName());
        Exception ae = assertThrows(EvalException.class, () -> kernel.eval("assert false; throw new AssertionError(\"x\");"));
        assertTrue(plain(kernel.formatError(ae)).startsWith("java.lang.AssertionError: x"));
        assertEquals("3", kernel.eval("1 + 2").getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void timeoutStopsACpuLoop() throws Exception {
        long t0 = System.nanoTime();
        Exception e = assertThrows(EvalException.class, () -> kernel.eval("while (true) { }"));
        assertEquals("Execution Timeout", ((EvalException) e).getExceptionClassName());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10);
        assertEquals("ok", kernel.eval("\"ok\"").getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void magicsRunInOrderAndReturnValues(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        Path helper = dir.resolve("helper.jsh");
        Files.writeString(helper, "int helperValue() { return 42; }\n");
        Object r = kernel.evalRaw("List<String> cp = %classpath " + classes.toString().replace('\\', '/') + "\ncp.size()");
        assertEquals(1, r);
        assertTrue(kernel.getClasspath().contains(classes.toAbsolutePath().normalize().toString()));
        assertEquals("42", kernel.eval("%load " + helper + "\nhelperValue()").getData(MIMEType.TEXT_PLAIN));
        // text blocks keep their % lines
        assertEquals("%jars x.jar\n3 items\n", kernel.evalRaw("""
                String s = \"\"\"
                %jars x.jar
                %d items
                \"\"\".replace("%d", "3");
                s"""));
    }

    @Test
    void unknownMagicsAreNamedWithTheKnownOnes() throws Exception {
        Exception line = assertThrows(MagicRegistry.UndefinedMagicException.class, () -> kernel.eval("int before = 1;\n%nosuchmagic x"));
        assertEquals("unknown line magic %nosuchmagic; known: %addMavenDependencies %addMavenDependency %addMavenRepo "
                + "%classpath %jars %load %loadFromPOM %maven %mavenRepo", line.getMessage());
        assertEquals(List.of(line.getMessage()), kernel.formatError(line).stream().map(JavaKernelTest::strip).toList());
        assertThrows(MagicRegistry.UndefinedMagicException.class, () -> kernel.eval("%nosuchmagic"));
        Exception cell = assertThrows(MagicRegistry.UndefinedMagicException.class, () -> kernel.eval("%%x\nbody"));
        assertEquals("unknown cell magic %%x; known: %%loadFromPOM", cell.getMessage());
        // a % continuing an expression on the next line is still Java (modulo), not a magic
        assertEquals(2, kernel.evalRaw("int five() { return 5; }\nint width = 7;\nint rest = width\n%\nfive();\nrest"));
        assertEquals(1, kernel.evalRaw("int three = 3;\nint m = 10\n%three;\nm"), "modulo by a variable on its own line");
    }

    @Test
    void unresolvableMavenCoordinateIsOneLine() throws Exception {
        kernel.maven().setOfflineOnly(true);
        String coordinate = "invalid.nonexistent.group:no-such-artifact:0.0.0-none";
        kernel.setTimeout(120, java.util.concurrent.TimeUnit.SECONDS); // mvn starts in a few seconds on a busy machine
        Exception e;
        try {
            e = assertThrows(Exception.class, () -> kernel.eval("%maven " + coordinate));
        } finally {
            kernel.setTimeout(3, java.util.concurrent.TimeUnit.SECONDS);
        }
        List<String> lines = kernel.formatError(e);
        assertEquals(1, lines.size(), String.join("\n", lines));
        String msg = strip(lines.get(0));
        assertTrue(msg.startsWith("%maven could not resolve " + coordinate + ": "), msg);
        assertTrue(msg.contains("no-such-artifact"), msg);
        assertFalse(msg.contains("\u001B") || msg.contains("[ERROR]") || msg.contains("Failed to execute goal"), msg);
        assertTrue(msg.contains("IJAVA_VERBOSE=1"), msg);
    }

    @Test
    void mavenReasonIsTheFirstErrorWithoutColours() {
        String log = "\u001B[1;31m[ERROR]\u001B[m Failed to execute goal org.apache.maven.plugins:maven-dependency-plugin:3.8.1:"
                + "build-classpath (default-cli) on project notebook-dependencies: Could not resolve dependencies: "
                + "x:y:jar:1 was not found -> [Help 1]\n[ERROR] \n[ERROR] To see the full stack trace ...\n";
        assertEquals("Could not resolve dependencies: x:y:jar:1 was not found", MavenResolver.reason(log));
        assertEquals("plain failure", MavenResolver.reason("plain failure\n"));
    }

    @Test
    void inspectionFindsTheNameAroundTheCursor() throws Exception {
        String code = "int biggest = Math.max(3, 4);";
        int inMax = code.indexOf("max") + 1;
        var doc = kernel.inspect(code, inMax, false);
        assertNotNull(doc, "nothing found inside Math.max");
        String text = String.valueOf(doc.getData(MIMEType.TEXT_PLAIN));
        assertTrue(text.contains("max("), text);
        assertTrue(String.valueOf(kernel.inspect("Math.max", 6, false).getData(MIMEType.TEXT_PLAIN)).contains("max("));
        assertTrue(String.valueOf(kernel.inspect("Math.max", 2, false).getData(MIMEType.TEXT_PLAIN)).contains("Math"));
        assertNotNull(kernel.inspect("String.valueOf(1)", 15, false), "still works right after the parenthesis");
        assertArrayEquals(new int[] {4, 12}, Inspection.identifierAround("x = Math.max(1)", 10));
        assertNull(Inspection.identifierAround("1 + 2", 2));
    }

    @Test
    void inspectionShowsJavadocFromTheSourcePath(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src"), classes = dir.resolve("classes");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("demo/Gain.java"), """
                package demo;
                /** A gain in decibels. */
                public final class Gain {
                    /** The reference level, {@code 0} dB. */
                    public static final double REF = 0;
                    /** Converts decibels to a linear factor: {@code 10^(db/20)}. <p>See {@link Math#pow}. */
                    public static double linear(double db) { return Math.pow(10, db / 20); }
                    /** Two gains in series: their sum in dB. */
                    public static double linear(double a, double b) { return linear(a + b); }
                    /** A named gain. */
                    public record Named(String name, double db) {}
                }
                """);
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.resolve("demo/Gain.java").toString()));
        // a plain JShell (a second JavaKernel in this JVM would take over the kernel-wide display hooks)
        try (var shell = jdk.jshell.JShell.builder().build()) {
            shell.addToClasspath(classes.toString());
            var analysis = shell.sourceCodeAnalysis();
            List<Path> roots = List.of(src);
            String code = "double g = demo.Gain.linear(6);";
            String text = Inspection.describe(analysis, code, code.indexOf("linear") + 2, roots);
            assertTrue(text.contains("Converts decibels to a linear factor: 10^(db/20)."), text);   // inline tags resolved
            assertTrue(text.contains("See Math#pow"), text);
            assertTrue(text.contains("Two gains in series"), text);                                  // each overload its own
            String cls = Inspection.describe(analysis, "demo.Gain", 7, roots);
            assertTrue(cls.contains("A gain in decibels."), cls);
            String field = Inspection.describe(analysis, "demo.Gain.REF", 12, roots);
            assertTrue(field.contains("The reference level, 0 dB."), field);
            String nested = Inspection.describe(analysis, "demo.Gain.Named", 12, roots);
            assertTrue(nested.contains("A named gain."), nested);
            assertFalse(Inspection.describe(analysis, "demo.Gain", 7, List.of()).contains("A gain in decibels."), "no source path, no Javadoc");
        }
        // the toolkit's own sources, as the kernelspec sets IJAVA_SOURCEPATH (last-math is on this module's test class path)
        assertEquals(List.of("a", "b"), KernelConfig.fromMap(Map.of("IJAVA_SOURCEPATH", "a" + java.io.File.pathSeparator + "b")).sourcePath());
        try (var shell = jdk.jshell.JShell.builder().build()) {
            for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) shell.addToClasspath(e);
            String doc = Inspection.describe(shell.sourceCodeAnalysis(), "last.score.StateScores", 15,
                    List.of(Path.of("../math/src/main/java").toAbsolutePath()));
            assertTrue(doc.contains("Per-state importance scores of a deep SSM"), doc);
        }
        assertEquals(2, SourceDocs.parameterCount("java.util.Map<String, Integer> m, int k"));
        assertEquals(0, SourceDocs.parameterCount(" "));
    }

    @Test
    void redefinitionReplacesValuesAndMutualClassesWork() throws Exception {
        kernel.eval("var big = new int[1000];");
        kernel.eval("var big = \"small\";");
        assertEquals("small", kernel.evalRaw("big"));
        // the same declaration again (a re-run cell) keeps the new value
        kernel.eval("var again = new StringBuilder(\"one\");");
        kernel.eval("var again = new StringBuilder(\"two\");");
        assertEquals("two", kernel.evalRaw("again.toString()"));
        kernel.eval("class Ping { Pong p; }\nclass Pong { Ping p; }");
        assertNotNull(kernel.evalRaw("new Ping()"));
    }

    @Test
    void completionAndIsComplete() throws Exception {
        assertEquals("complete", kernel.isComplete("int x = 1;"));
        assertEquals("    ", kernel.isComplete("void f() {"));
        assertEquals("complete", kernel.isComplete("%jars a.jar"));
        var opts = kernel.complete("String.valueO", 13);
        assertNotNull(opts);
        assertTrue(opts.getReplacements().stream().anyMatch(s -> s.startsWith("valueOf")));
    }

    @Test
    void configParsing() {
        assertEquals(30000, KernelConfig.parseTimeout("30 SECONDS"));
        assertEquals(120000, KernelConfig.parseTimeout("2 min"));
        assertEquals(500, KernelConfig.parseTimeout("500"));
        assertEquals(0, KernelConfig.parseTimeout("-1"));
        KernelConfig c = KernelConfig.fromMap(Map.of("JJAVA_COMPILER_OPTS", "-parameters \"-Xlint:all\"",
                "IJAVA_CLASSPATH", "a.jar:b/*.jar"));
        assertEquals(List.of("-parameters", "-Xlint:all"), c.compilerOptions());
        assertEquals(List.of("a.jar", "b/*.jar"), c.classpath());
    }

    @Test
    void mavenCoordinates() {
        assertEquals("<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency>",
                MavenResolver.dependencyXml("g:a:1"));
        assertTrue(MavenResolver.dependencyXml("g:a:jar:linux-x86_64:2").contains("<classifier>linux-x86_64</classifier>"));
        assertThrows(IllegalArgumentException.class, () -> MavenResolver.dependencyXml("g:a"));
    }
}
