package last.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rich display of charts, tables, arrays and images, as a notebook cell's last expression and through display(). */
class KernelRendererTest {

    private static JavaKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new JavaKernel(KernelConfig.fromMap(Map.of("IJAVA_TIMEOUT", "30 SECONDS")));
    }

    @AfterAll
    static void stop() { kernel.onShutdown(false); }

    private static String text(DisplayData d) { return String.valueOf(d.getData(MIMEType.TEXT_PLAIN)); }

    private static void assertPng(DisplayData d, int width, int height) throws Exception {
        Object png = d.getData(MIMEType.IMAGE_PNG);
        assertNotNull(png, "image/png expected, got " + text(d));
        byte[] bytes = Base64.getMimeDecoder().decode(png.toString());
        var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
    }

    private static final String CHART = """
            var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(200).title("loss").build();
            chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
            """;

    @Test
    void chartAsLastExpressionIsAPngAtItsSize() throws Exception {
        DisplayData d = kernel.eval(CHART + "chart");
        assertPng(d, 320, 200);
        assertEquals("XYChart 320x200: loss", text(d));
    }

    @Test
    void chartRenderedAsRequestedType() throws Exception {
        DisplayData d = kernel.eval(CHART + "render(chart, \"image/png\")");
        assertPng(d, 320, 200);
        assertFalse(text(d).contains("@"), text(d));
        // a chart type the kernel never saw before (another Chart subclass) is found through its superclass
        DisplayData pie = kernel.eval("new org.knowm.xchart.PieChartBuilder().width(100).height(80).build()");
        assertPng(pie, 100, 80);
    }

    @Test
    void tableIsHtmlWithTextFallbackAndRowCap() throws Exception {
        DisplayData d = kernel.eval("""
                var t = tech.tablesaw.api.Table.create("runs",
                        tech.tablesaw.api.IntColumn.create("step", java.util.stream.IntStream.range(0, 120).toArray()),
                        tech.tablesaw.api.StringColumn.create("tag", java.util.Collections.nCopies(120, "a<b")));
                t""");
        String html = String.valueOf(d.getData(MIMEType.TEXT_HTML));
        assertTrue(html.startsWith("<table>"), html);
        assertTrue(html.contains("<caption>runs</caption>") && html.contains("<th>step</th>"), html);
        assertTrue(html.contains("<td>49</td>") && !html.contains("<td>50</td>"), "50 rows shown");
        assertTrue(html.contains("a&lt;b"), "cells are escaped");
        assertTrue(html.contains("... 70 more rows"), html);
        String plain = text(d);
        assertTrue(plain.startsWith("runs\nstep | tag"), plain);
        assertTrue(plain.endsWith("... 70 more rows"), plain);
        assertEquals(1 + 1 + 1 + 50 + 1, plain.split("\n").length, plain);
        DisplayData small = kernel.eval("t.first(2)");
        assertFalse(String.valueOf(small.getData(MIMEType.TEXT_HTML)).contains("more rows"));
    }

    @Test
    void toolkitValuesShowAsHtmlWithASummaryInText() throws Exception {
        DisplayData scores = kernel.eval("""
                var s = new last.score.StateScores("LAST", last.score.StateScores.Scope.GLOBAL,
                        java.util.List.of(new double[] {0.5, 0.25, 1}, new double[] {0.125}));
                s""");
        String html = String.valueOf(scores.getData(MIMEType.TEXT_HTML));
        assertTrue(html.startsWith("<table><caption>LAST scores (global)</caption>"), html);
        assertTrue(html.contains("<tr><td>1</td><td>3</td><td>1.00</td><td>0.500</td><td>0.250</td></tr>"), html);
        assertTrue(text(scores).startsWith("LAST scores (global), 2 layers, 4 states"), text(scores));
        assertFalse(text(scores).contains("[D@"), text(scores));
        DisplayData plan = kernel.eval("last.prune.Pruning.plan(s, 0.5)");
        assertTrue(String.valueOf(plan.getData(MIMEType.TEXT_HTML)).contains("<caption>LAST plan at 50.0 %"), String.valueOf(plan.getData(MIMEType.TEXT_HTML)));
        assertTrue(text(plan).matches("LAST plan at 50\\.0 % \\(actual \\d+\\.\\d %\\): kept \\[\\d, \\d\\] of \\[3, 1\\] states per layer"), text(plan));
        // the same hook for a user's own type; a static or non-String toHtml is not a display hook
        DisplayData own = kernel.eval("""
                record Gain(double db) { public String toHtml() { return "<b>" + db + " dB</b>"; } }
                new Gain(3)""");
        assertEquals("<b>3.0 dB</b>", String.valueOf(own.getData(MIMEType.TEXT_HTML)));
        assertEquals("Gain[db=3.0]", text(own));
        DisplayData notHook = kernel.eval("""
                record Odd(int x) { public int toHtml() { return x; } }
                new Odd(1)""");
        assertNull(notHook.getData(MIMEType.TEXT_HTML));
    }

    @Test
    void arraysShowTheirElements() throws Exception {
        assertEquals("[1.0, 2.5]", text(kernel.eval("new double[] {1, 2.5}")));
        assertEquals("[1, 2, 3]", text(kernel.eval("new int[] {1, 2, 3}")));
        assertEquals("[0.5]", text(kernel.eval("new float[] {0.5f}")));
        assertEquals("[7]", text(kernel.eval("new long[] {7L}")));
        assertEquals("[a, null]", text(kernel.eval("new Object[] {\"a\", null}")));
        assertEquals("[x, y]", text(kernel.eval("new String[] {\"x\", \"y\"}")));
        assertEquals("[[1.0], [2.0, 3.0]]", text(kernel.eval("new double[][] {{1}, {2, 3}}")));
        String big = text(kernel.eval("new int[5000]"));
        assertTrue(big.endsWith(", ... (5000 elements)]"), big.substring(big.length() - 40));
        assertEquals("[1, 2]", text(kernel.eval("display(new int[] {1, 2}); render(new int[] {1, 2})")));
    }

    @Test
    void imagesAndPrintStreamsNeedNoIdentityDump() throws Exception {
        DisplayData img = kernel.eval("new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        assertEquals("image 40x30", text(img));
        assertNotNull(img.getData(MIMEType.IMAGE_PNG));
        assertNull(kernel.eval("System.out.printf(\"%d%n\", 3)"), "printf's PrintStream is not a result");
    }

    @Test
    void arrayTextMatchesArraysToString() {
        double[] d = {1, -0.0, Double.NaN};
        assertEquals(java.util.Arrays.toString(d), KernelRenderer.arrayText(d));
        assertEquals(java.util.Arrays.toString(new boolean[] {true}), KernelRenderer.arrayText(new boolean[] {true}));
        assertEquals(java.util.Arrays.toString(new char[] {'q'}), KernelRenderer.arrayText(new char[] {'q'}));
        assertEquals("[]", KernelRenderer.arrayText(new byte[0]));
        Object[] nested = {1, new int[] {2}, List.of(3)};
        assertEquals(java.util.Arrays.deepToString(nested), KernelRenderer.arrayText(nested));
    }
}
