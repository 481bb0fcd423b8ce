package last.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's figure style (poster Fig. 2): one colour and marker per method, white background, readable fonts.
 * <p>
 * Every pruning method has one fixed {@link MethodStyle} in {@link #METHODS}, so that a method looks the same in
 * every figure of every notebook (a reader learns "red squares = LAST" once). The paper's four Fig. 2 methods keep
 * the paper's colours; the others get colour-blind-friendlier hues that differ from those four and from each other.
 */
public final class Style {
    private Style() {}

    /** How one method is drawn: its line/marker colour and its marker shape. */
    public record MethodStyle(Color color, Marker marker) {}

    public static final Color RANDOM = new Color(0x1f, 0x3a, 0x93);        // dark blue
    public static final Color UNIFORM_HINF = new Color(0xf0, 0x80, 0x72);  // salmon
    public static final Color GLOBAL_HINF = new Color(0x6c, 0xb4, 0xe4);   // light blue
    public static final Color LAST = new Color(0xd6, 0x27, 0x28);          // red

    /**
     * The registry, keyed by the method display names of the sweeps ({@code last.experiment.Methods.ALL}, with
     * {@code OracleScores.NAME} and {@code Sweep.UNSTRUCTURED} spelt out here because last.plot does not depend on
     * last.experiment; StyleTest checks that every name of Methods.ALL is present).
     */
    public static final Map<String, MethodStyle> METHODS = registry();

    private static Map<String, MethodStyle> registry() {
        Map<String, MethodStyle> m = new LinkedHashMap<>();
        m.put("Random", new MethodStyle(RANDOM, SeriesMarkers.CIRCLE));
        m.put("Uniform H-inf", new MethodStyle(UNIFORM_HINF, SeriesMarkers.CIRCLE));
        m.put("Global H-inf", new MethodStyle(GLOBAL_HINF, SeriesMarkers.SQUARE));
        m.put("LAST", new MethodStyle(LAST, SeriesMarkers.SQUARE));
        m.put("Unstructured random", new MethodStyle(new Color(0x7f, 0x7f, 0x7f), SeriesMarkers.TRIANGLE_DOWN));
        m.put("Uniform magnitude", new MethodStyle(new Color(0xbc, 0xbd, 0x22), SeriesMarkers.TRIANGLE_UP));
        m.put("Global magnitude", new MethodStyle(new Color(0x8c, 0x56, 0x4b), SeriesMarkers.TRIANGLE_DOWN));
        m.put("LAMP", new MethodStyle(new Color(0x2c, 0xa0, 0x2c), SeriesMarkers.DIAMOND));
        m.put("Global H2", new MethodStyle(new Color(0x17, 0xbe, 0xcf), SeriesMarkers.TRIANGLE_UP));
        m.put("Uniform H2", new MethodStyle(new Color(0xff, 0x7f, 0x0e), SeriesMarkers.CIRCLE));
        m.put("LAST-H2", new MethodStyle(new Color(0x94, 0x67, 0xbd), SeriesMarkers.DIAMOND));
        m.put("Hankel", new MethodStyle(new Color(0xe3, 0x77, 0xc2), SeriesMarkers.SQUARE));
        m.put("Oracle (output energy)", new MethodStyle(Color.BLACK, SeriesMarkers.CROSS));
        m.put("LAST (reference-code bidirectional)", new MethodStyle(new Color(0x7a, 0x10, 0x10), SeriesMarkers.PLUS));
        m.put("LAST (full-rate scores)", new MethodStyle(new Color(0xff, 0x98, 0x96), SeriesMarkers.DIAMOND));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Colours for series that are not methods (pruning ratios of the pole plot, layers, ...), in order: distinct
     * from each other, so the i-th group of a figure is told apart from the (i+1)-th.
     */
    public static final Color[] SEQUENCE = {
            new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e), new Color(0x2c, 0xa0, 0x2c),
            new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
            new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f), new Color(0xbc, 0xbd, 0x22),
            new Color(0x17, 0xbe, 0xcf)};

    /** Marker shapes to go with {@link #SEQUENCE}, so groups differ in shape too (readable in grey-scale print). */
    public static final Marker[] SEQUENCE_MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};

    /** Dashed line stroke for the reference lines (full accuracy, loss line, random guess). */
    public static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[]{6f, 4f}, 0f);

    /** Dash-dot stroke (the accuracy-loss line of the trade-off panels). */
    public static final BasicStroke DASH_DOT = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[]{8f, 3f, 2f, 3f}, 0f);

    /** Dotted stroke (the random-guess line of the trade-off panels). */
    public static final BasicStroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10f, new float[]{1f, 4f}, 0f);

    /** The style of a method: its registry entry, or a stable palette style for an unregistered name. */
    public static MethodStyle of(String method) {
        MethodStyle s = METHODS.get(method);
        if (s != null) return s;
        int h = Math.floorMod(method.hashCode(), SEQUENCE.length * SEQUENCE_MARKERS.length);
        return new MethodStyle(SEQUENCE[h % SEQUENCE.length], SEQUENCE_MARKERS[h / SEQUENCE.length]);
    }

    /** The colour of a method (see {@link #of}). */
    public static Color color(String method) { return of(method).color(); }

    /** The marker of a method (see {@link #of}): circles for Random and Uniform H-inf, squares for Global H-inf and LAST. */
    public static Marker marker(String method) { return of(method).marker(); }

    /** The same colour with an alpha (0..255), for faint reference curves. */
    public static Color faint(Color c, int alpha) { return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha); }

    /** Applies the common look to a chart: white background, plot border, readable fonts. */
    public static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
        s.setAntiAlias(true);
        s.setChartPadding(8);
    }

    public static <C extends Chart<?, ?>> C styled(C chart) {
        apply(chart.getStyler());
        return chart;
    }
}
