package last.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The paper's figure style (poster Fig. 2): one colour and marker per method, white background, readable fonts. */
public final class Style {
    private Style() {}

    public static final Color RANDOM = new Color(0x1f, 0x3a, 0x93);
    public static final Color UNIFORM_HINF = new Color(0xf0, 0x80, 0x72);
    public static final Color GLOBAL_HINF = new Color(0x6c, 0xb4, 0xe4);
    public static final Color LAST = new Color(0xd6, 0x27, 0x28);
    private static final Color[] EXTRA = {
            new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
            new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f), new Color(0xbc, 0xbd, 0x22),
            new Color(0x17, 0xbe, 0xcf), new Color(0xff, 0x7f, 0x0e)};

    /** Dashed line stroke for the reference lines (full accuracy, loss line, random guess). */
    public static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[]{6f, 4f}, 0f);

    /** The colour of a method: the paper's four fixed colours, a stable palette colour for any other name. */
    public static Color color(String method) {
        return switch (method) {
            case "Random" -> RANDOM;
            case "Uniform H-inf" -> UNIFORM_HINF;
            case "Global H-inf" -> GLOBAL_HINF;
            case "LAST" -> LAST;
            default -> EXTRA[Math.floorMod(method.hashCode(), EXTRA.length)];
        };
    }

    /** The marker of a method: circles for Random and Uniform H-inf, squares for Global H-inf and LAST (as the paper). */
    public static Marker marker(String method) {
        return switch (method) {
            case "Random", "Uniform H-inf" -> SeriesMarkers.CIRCLE;
            case "Global H-inf", "LAST" -> SeriesMarkers.SQUARE;
            default -> switch (Math.floorMod(method.hashCode(), 3)) {
                case 0 -> SeriesMarkers.DIAMOND;
                case 1 -> SeriesMarkers.TRIANGLE_UP;
                default -> SeriesMarkers.TRIANGLE_DOWN;
            };
        };
    }

    /** Applies the common look to a chart: white background, no border, legend inside, readable fonts. */
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
