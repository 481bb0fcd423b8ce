package last.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        // an unknown %name is Java (here: a compile error, not a magic error)
        assertThrows(JavaKernel.CompilationException.class, () -> kernel.eval("%nosuchmagic x"));
        // text blocks keep their % lines
        assertEquals("%jars x.jar\n3 items\n", kernel.evalRaw("""
                String s = \"\"\"
                %jars x.jar
                %d items
                \"\"\".replace("%d", "3");
                s"""));
        assertThrows(MagicRegistry.UndefinedMagicException.class, () -> kernel.eval("%%nosuchcell\nbody"));
    }

    @Test
    void redefinitionReplacesValuesAndMutualClassesWork() throws Exception {
        kernel.eval("var big = new int[1000];");
        kernel.eval("var big = \"small\";");
        assertEquals("small", kernel.evalRaw("big"));
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
