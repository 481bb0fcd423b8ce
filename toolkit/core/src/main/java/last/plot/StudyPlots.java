package last.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/** Charts of the state-dimension study (notebook 07). */
public final class StudyPlots {
    private StudyPlots() {}

    /**
     * One line per method: the loss (%p) at a fixed actual fraction against the state dimension (P for S5, N_s for
     * S4D: {@code symbol}), with the paired bootstrap 95 % interval as error bars; input: the rows of one study of
     * {@code StateDimension.lossAtFraction} (columns "state dimension", "method", "loss (%p)", "loss lo", "loss hi").
     */
    public static XYChart lossVsStateDimension(String title, String symbol, Table lossAtFraction) {
        XYChart chart = Style.styled(new XYChartBuilder().width(640).height(420).title(title)
                .xAxisTitle(symbol + ", state dimension").yAxisTitle("Accuracy loss (%p)").build());
        // a linear axis: the study has a handful of dimensions (8 ... 128) and a log axis would label only 100
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Map<String, List<double[]>> byMethod = new LinkedHashMap<>();
        for (Row r : lossAtFraction)
            byMethod.computeIfAbsent(r.getString("method"), k -> new ArrayList<>()).add(new double[]{
                    r.getInt("state dimension"), r.getDouble("loss (%p)"), r.getDouble("loss lo"), r.getDouble("loss hi")});
        if (byMethod.isEmpty()) throw new IllegalArgumentException("lossVsStateDimension: no rows for " + title);
        for (var e : byMethod.entrySet()) {
            List<double[]> pts = e.getValue();
            pts.sort(java.util.Comparator.comparingDouble(v -> v[0]));
            double[] x = new double[pts.size()], y = new double[pts.size()], err = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
                double half = (pts.get(i)[3] - pts.get(i)[2]) / 2;
                err[i] = Double.isNaN(half) ? 0 : half;
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y, err);
            s.setLineColor(Style.color(e.getKey()));
            s.setMarkerColor(Style.color(e.getKey()));
            s.setMarker(Style.marker(e.getKey()));
        }
        return chart;
    }

    /**
     * A scatter of per-state scores at two sampling rates (log10; {x[], y[]} per layer, one colour per layer) with the
     * diagonal y = x: points on the diagonal kept their score when the step was rescaled.
     */
    public static XYChart rateScatter(String title, List<double[][]> perLayer) {
        XYChart chart = Style.styled(new XYChartBuilder().width(640).height(460).title(title)
                .xAxisTitle("log10 score, training rate").yAxisTitle("log10 score, half rate (step x 2)").build());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < perLayer.size(); l++) {
            double[] x = perLayer.get(l)[0], y = perLayer.get(l)[1];
            for (int i = 0; i < x.length; i++) { lo = Math.min(lo, Math.min(x[i], y[i])); hi = Math.max(hi, Math.max(x[i], y[i])); }
            XYSeries s = chart.addSeries("layer " + (l + 1), x, y);
            s.setMarkerColor(Style.SEQUENCE[l % Style.SEQUENCE.length]);
        }
        if (lo <= hi) {
            XYSeries d = chart.addSeries("y = x", new double[]{lo, hi}, new double[]{lo, hi});
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            d.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            d.setLineColor(java.awt.Color.GRAY);
        }
        return chart;
    }
}
