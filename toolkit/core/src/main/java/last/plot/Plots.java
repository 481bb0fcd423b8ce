package last.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figure functions in the paper's style. Each returns an XChart chart that a notebook shows with
 * {@link #image(Chart)} and saves with {@link #save(Chart, Path)} (PNG, 200 DPI).
 */
public final class Plots {
    private Plots() {}

    /** Resolution of saved PNGs. */
    public static final int DPI = 200;

    /** Width of a trade-off panel: the plot area plus the legend to its right. */
    public static final int TRADE_OFF_WIDTH = 700, TRADE_OFF_HEIGHT = 400;

    /** Legend entry of the paper's digitised curves drawn by {@link #addReference}. */
    public static final String PAPER_LEGEND = "paper (digitised)";

    /**
     * Efficiency-accuracy trade-off (paper Fig. 2, Fig. 6): accuracy vs remaining state dimension on a reversed
     * x-axis (full model on the left), one colour and marker per method ({@link Style#METHODS}), dashed lines for
     * the full accuracy, the {@code lossLine} %p loss line (10 in the paper; NaN to omit) and the random guess.
     * The legend sits outside the plot area (right), because inside it covered Random's drop in every panel; each
     * curve's points are drawn in order of state dimension, so a curve never doubles back.
     */
    public static XYChart tradeOff(String title, List<Curve> curves, double fullAccuracy, double lossLine,
                                   double randomGuess) {
        XYChart chart = Style.styled(new XYChartBuilder().width(TRADE_OFF_WIDTH).height(TRADE_OFF_HEIGHT).title(title)
                .xAxisTitle("State dimension").yAxisTitle("Accuracy (%)").build());
        var st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        // reversed axis: x is plotted as -dim and shown without the sign (a DecimalFormat negative subpattern with a
        // blank prefix); XChart 3.8.8's label callback loops forever on an all-negative axis, so it is not used
        st.setXAxisDecimalPattern("0;' '0");
        double xmax = curves.stream().flatMapToDouble(c -> Arrays.stream(c.stateDim())).max().orElse(1);
        double xmin = curves.stream().flatMapToDouble(c -> Arrays.stream(c.stateDim())).min().orElse(0);
        double[] span = {-xmax, -xmin};
        for (Curve c : curves) {
            Curve sorted = c.sortedByStateDim();
            double[] nx = Arrays.stream(sorted.stateDim()).map(v -> -v).toArray();
            XYSeries s = chart.addSeries(c.method(), nx, sorted.accuracy());
            s.setMarker(Style.marker(c.method()));
            s.setMarkerColor(Style.color(c.method()));
            s.setLineColor(Style.color(c.method()));
        }
        // three dash patterns, because the two greys of the loss line and the random guess could not be told apart
        reference(chart, "Full accuracy", span, fullAccuracy, Color.DARK_GRAY, Style.DASHED);
        if (!Double.isNaN(lossLine))
            reference(chart, String.format("Accuracy loss %.0f%%p line", lossLine), span, fullAccuracy - lossLine, Color.GRAY, Style.DASH_DOT);
        if (!Double.isNaN(randomGuess)) reference(chart, "Random guess", span, randomGuess, Color.GRAY, Style.DOTTED);
        return chart;
    }

    /**
     * A figure title that names the checkpoint it was computed from ("sMNIST / S5 [smnist-s5.cpu, epoch 5]"), so a
     * panel copied out of a notebook still says which model it shows. A null or blank checkpoint leaves the title.
     */
    public static String title(String title, String checkpoint) {
        return checkpoint == null || checkpoint.isBlank() ? title : title + " [" + checkpoint + "]";
    }

    /**
     * Draws a paper's digitised reference curve faintly (grey, translucent, dashed, no markers) on a trade-off
     * panel, legend {@value #PAPER_LEGEND} (with the method when there are several: "paper (digitised): LAST"),
     * so the reader can compare shapes without mistaking it for a measurement. {@code stateDim} is in the panel's
     * units (remaining state dimension, not negated: the reversed axis is applied here); points are sorted.
     */
    public static XYSeries addReference(XYChart chart, String name, double[] stateDim, double[] accuracy) {
        Curve sorted = new Curve(name, stateDim, accuracy).sortedByStateDim();
        double[] nx = Arrays.stream(sorted.stateDim()).map(v -> -v).toArray();
        String legend = name == null || name.isBlank() ? PAPER_LEGEND : PAPER_LEGEND + ": " + name;
        XYSeries s = chart.addSeries(legend, nx, sorted.accuracy());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        Color base = Style.METHODS.containsKey(name) ? Style.color(name) : Color.GRAY;
        s.setLineColor(Style.faint(base, 110));
        s.setLineStyle(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[]{2f, 5f}, 0f));
        return s;
    }

    private static void reference(XYChart chart, String name, double[] span, double y, Color color, BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, span, new double[]{y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    /**
     * Importance scores per layer (paper Fig. 3, top): each layer's scores sorted descending against the sorted
     * state index, log-scale y. Non-positive scores are clipped to {@code floor} so they stay on the log axis.
     */
    public static XYChart scoreCurves(String title, List<double[]> perLayer, double floor) {
        XYChart chart = Style.styled(new XYChartBuilder().width(520).height(400).title(title)
                .xAxisTitle("Sorted state index").yAxisTitle("Importance").build());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // the curves start at the top left
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (int l = 0; l < perLayer.size(); l++) {
            double[] s = perLayer.get(l).clone();
            Arrays.sort(s);
            double[] y = new double[s.length];
            for (int i = 0; i < s.length; i++) y[i] = Math.max(s[s.length - 1 - i], floor);
            double[] x = IntStream.range(0, s.length).asDoubleStream().toArray();
            XYSeries ser = chart.addSeries("Layer " + (l + 1), x, y);
            ser.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Remaining state dimension per layer (paper Fig. 3, bottom): one group of bars per pruning setting, one
     * stacked segment per layer.
     *
     * @param settings   group labels, e.g. "20%"
     * @param keptPerLayer [setting][layer] remaining state dimension
     */
    public static CategoryChart keptBars(String title, List<String> settings, int[][] keptPerLayer) {
        return keptBars(title, "Pruning ratio", "Remaining state dimension", settings, keptPerLayer);
    }

    /** {@link #keptBars(String, List, int[][])} with other axis titles (e.g. groups that are models, not ratios). */
    public static CategoryChart keptBars(String title, String xTitle, String yTitle, List<String> settings, int[][] keptPerLayer) {
        if (keptPerLayer.length != settings.size())
            throw new IllegalArgumentException(keptPerLayer.length + " rows of kept states for " + settings.size() + " settings");
        // wider with more groups, and slanted labels past six, so that a dozen models stay legible
        CategoryChart chart = Style.styled(new CategoryChartBuilder().width(Math.max(520, 160 + 70 * settings.size()))
                .height(settings.size() > 6 ? 460 : 400).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build());
        if (settings.size() > 6) chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int layers = keptPerLayer[0].length;
        for (int l = 0; l < layers; l++) {
            List<Integer> ys = new ArrayList<>();
            for (int[] row : keptPerLayer) ys.add(row[l]);
            CategorySeries s = chart.addSeries("Layer " + (l + 1), settings, ys);
        }
        return chart;
    }

    /**
     * Poles in the complex plane, with the unit circle (discrete time) or the imaginary axis (continuous time).
     * Each group gets its own colour and marker in the map's order ({@link Style#SEQUENCE}; a method name keeps its
     * method style), because the hashed colours of "0% pruned" and "80% pruned" happened to coincide (paper Fig. 4).
     * Later groups are drawn on top: list the full set first and the smallest kept subset last.
     *
     * @param groups series name to {re[], im[]} (use a LinkedHashMap for a defined order)
     */
    public static XYChart poles(String title, Map<String, double[][]> groups, boolean discrete) {
        XYChart chart = Style.styled(new XYChartBuilder().width(600).height(440).title(title)
                .xAxisTitle("Re").yAxisTitle("Im").build());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        int i = 0;
        for (var e : groups.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            Style.MethodStyle ms = Style.METHODS.get(e.getKey());
            s.setMarkerColor(ms != null ? ms.color() : Style.SEQUENCE[i % Style.SEQUENCE.length]);
            s.setMarker(ms != null ? ms.marker() : Style.SEQUENCE_MARKERS[i % Style.SEQUENCE_MARKERS.length]);
            i++;
        }
        if (discrete) {
            int n = 361;
            double[] x = new double[n], y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = Math.cos(2 * Math.PI * k / (n - 1));
                y[k] = Math.sin(2 * Math.PI * k / (n - 1));
            }
            line(chart, "Unit circle", x, y, Color.GRAY);
        } else {
            double lo = groups.values().stream().flatMapToDouble(v -> Arrays.stream(v[1])).min().orElse(-1);
            double hi = groups.values().stream().flatMapToDouble(v -> Arrays.stream(v[1])).max().orElse(1);
            line(chart, "Imaginary axis", new double[]{0, 0}, new double[]{lo, hi}, Color.GRAY);
        }
        return chart;
    }

    /** Adds a dashed, marker-less line series to an XY chart. */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(Style.DASHED);
        return s;
    }

    /**
     * A 2-D region plot (paper Fig. 5): grid points shaded by membership. {@code regions} are drawn in order, so
     * list the larger region first; each maps a name to the {x[], y[]} of its member grid points.
     */
    public static XYChart region(String title, String xTitle, String yTitle, Map<String, double[][]> regions,
                                 Map<String, Color> colors) {
        XYChart chart = Style.styled(new XYChartBuilder().width(520).height(480).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (var e : regions.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(SeriesMarkers.SQUARE);
            if (colors.containsKey(e.getKey())) s.setMarkerColor(colors.get(e.getKey()));
        }
        return chart;
    }

    /** Adds a solid, marker-less line (e.g. the exact boundary of a region) to an XY chart. */
    public static XYSeries outline(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = line(chart, name, x, y, color);
        s.setLineStyle(new BasicStroke(2f));
        return s;
    }

    /**
     * Marks the point (x, y) with an "x" of half-width {@code d} in data units, drawn as a line so that it stays
     * visible on top of dense scatter regions (paper Fig. 5: the zero initialisation).
     */
    public static XYSeries cross(XYChart chart, String name, double x, double y, double d, Color color) {
        double[] xs = {x - d, x + d, x, x - d, x + d}, ys = {y - d, y + d, y, y + d, y - d}; // both diagonals
        XYSeries s = line(chart, name, xs, ys, color);
        s.setLineStyle(new BasicStroke(2.5f));
        return s;
    }

    /**
     * One layer's per-state scores as bars in a given order (paper Fig. 1): kept states in {@code keptColor},
     * pruned states in light grey, and a dashed line at the selection threshold (with a global threshold the same
     * value in every layer: the cross-layer comparison). Bar k shows {@code scores[order[k]]}, labelled k + 1.
     *
     * @param order     state indices in display order (e.g. sorted by H-inf score, descending)
     * @param kept      kept mask indexed by state (not by display position)
     * @param threshold the threshold line; NaN to omit
     * @param yMax      upper end of the y-axis (NaN for automatic): use one value for all layers so bars compare
     */
    public static CategoryChart stateBars(String title, String yTitle, double[] scores, int[] order, boolean[] kept,
                                          double threshold, Color keptColor, double yMax) {
        if (order.length != scores.length || kept.length != scores.length)
            throw new IllegalArgumentException("scores (" + scores.length + "), order (" + order.length
                    + ") and kept (" + kept.length + ") must have the same length");
        CategoryChart chart = Style.styled(new CategoryChartBuilder().width(440).height(320).title(title)
                .xAxisTitle("State (sorted by H-inf score)").yAxisTitle(yTitle).build());
        var st = chart.getStyler();
        st.setOverlapped(true);
        // below the plot: inside (NE) it sat over the bars of a layer whose scores stay high to the right
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setYAxisMin(0.0);
        if (!Double.isNaN(yMax)) st.setYAxisMax(yMax);
        st.setAvailableSpaceFill(0.7);
        List<String> x = new ArrayList<>();
        List<Double> yk = new ArrayList<>(), yp = new ArrayList<>(), yt = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            x.add(String.valueOf(k + 1));
            yk.add(kept[i] ? scores[i] : 0.0);
            yp.add(kept[i] ? 0.0 : scores[i]);
            yt.add(threshold);
        }
        chart.addSeries("kept", x, yk).setFillColor(keptColor);
        chart.addSeries("pruned", x, yp).setFillColor(new Color(0xc8, 0xc8, 0xc8));
        if (!Double.isNaN(threshold)) {
            CategorySeries t = chart.addSeries("threshold", x, yt);
            t.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(Color.BLACK);
            t.setLineStyle(Style.DASHED);
        }
        return chart;
    }

    /**
     * Grouped bars: one group per category, one bar per series (coloured by {@link Style#color} of its name, so
     * method names get the paper's colours).
     *
     * @param series series name to one value per category, in legend order (use a LinkedHashMap)
     */
    public static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
                                     Map<String, double[]> series) {
        CategoryChart chart = Style.styled(new CategoryChartBuilder().width(440).height(320).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);   // never over a bar
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (var e : series.entrySet()) {
            if (e.getValue().length != categories.size())
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + e.getValue().length
                        + " values but there are " + categories.size() + " categories");
            List<Double> ys = Arrays.stream(e.getValue()).boxed().toList();
            chart.addSeries(e.getKey(), categories, ys).setFillColor(Style.color(e.getKey()));
        }
        return chart;
    }

    /**
     * Several XY panels in a grid with one shared legend below them (multi-panel figures such as Fig. 6): the
     * panels' own legends are hidden (this changes the charts) and each series name appears once in the legend,
     * drawn with its panel's line and marker, so the legend covers no data and costs no width per panel.
     */
    public static BufferedImage gridWithLegend(List<XYChart> charts, int columns) {
        if (charts.isEmpty()) throw new IllegalArgumentException("no charts to lay out");
        Map<String, XYSeries> entries = new java.util.LinkedHashMap<>();
        for (XYChart c : charts) {
            c.getSeriesMap().forEach(entries::putIfAbsent);
            c.getStyler().setLegendVisible(false);
        }
        BufferedImage panels = grid(charts, columns);
        BufferedImage legend = Layout.legend(entries.values(), panels.getWidth());
        return stack(List.of(panels, legend), 0);
    }

    /**
     * Images stacked top to bottom, left-aligned on white with {@code gap} pixels between them (e.g. a row of digits
     * above a row of their permuted versions): one call instead of hand-written Graphics2D code in a notebook.
     */
    public static BufferedImage stack(List<BufferedImage> images, int gap) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images to stack");
        int w = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int h = images.stream().mapToInt(BufferedImage::getHeight).sum() + gap * (images.size() - 1);
        BufferedImage out = Layout.blank(w, h);
        Graphics2D g = out.createGraphics();
        int y = 0;
        for (BufferedImage im : images) { g.drawImage(im, 0, y, null); y += im.getHeight() + gap; }
        g.dispose();
        return out;
    }

    /** Images side by side, top-aligned on white with {@code gap} pixels between them. */
    public static BufferedImage row(List<BufferedImage> images, int gap) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images to place");
        int w = images.stream().mapToInt(BufferedImage::getWidth).sum() + gap * (images.size() - 1);
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        BufferedImage out = Layout.blank(w, h);
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage im : images) { g.drawImage(im, x, 0, null); x += im.getWidth() + gap; }
        g.dispose();
        return out;
    }

    /**
     * One signal's waveform against time in seconds, drawn on the same frame as {@link #spectrogram} (same margins,
     * same time ticks) so that a clip's waveform stacked above its spectrogram lines up sample for sample; each pixel
     * column shows the min..max envelope of its samples.
     */
    public static BufferedImage waveform(String title, float[] signal, int sampleRate) { return AudioPlots.waveform(title, signal, sampleRate); }

    /** Width in pixels of {@link #spectrogram} images (and of {@link #waveform} charts, to stack above them). */
    public static final int SPECTROGRAM_WIDTH = AudioPlots.SPECTROGRAM_WIDTH;

    /** {@link #spectrogram(String, float[], int, double, double, double)} with 25 ms windows, 10 ms hop, 80 dB range. */
    public static BufferedImage spectrogram(String title, float[] signal, int sampleRate) {
        return AudioPlots.spectrogram(title, signal, sampleRate, 0.025, 0.010, 80);
    }

    /**
     * A log-power spectrogram as a figure: time in seconds on x, frequency in kHz on y (0 to Nyquist), a colour
     * scale in dB relative to the loudest bin, clipped {@code rangeDb} below it, computed by {@link Spectrogram#of}
     * (Hann windows, FFT). A blank title draws none (for a spectrogram stacked under its {@link #waveform}).
     *
     * @param windowS window length in seconds (25 ms is the speech convention)
     * @param hopS    hop between windows in seconds
     */
    public static BufferedImage spectrogram(String title, float[] signal, int sampleRate, double windowS, double hopS,
                                            double rangeDb) {
        return AudioPlots.spectrogram(title, signal, sampleRate, windowS, hopS, rangeDb);
    }

    /** The chart rendered as an image (the last expression of a notebook cell shows it). */
    public static BufferedImage image(Chart<?, ?> chart) { return BitmapEncoder.getBufferedImage(chart); }

    /** Several charts side by side in a grid with {@code columns} columns, as one image (multi-panel figures). */
    public static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns) {
        if (charts.isEmpty()) throw new IllegalArgumentException("no charts to lay out");
        List<BufferedImage> imgs = charts.stream().map(Plots::image).toList();
        int w = imgs.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int h = imgs.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int rows = (imgs.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(w * Math.min(columns, imgs.size()), h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < imgs.size(); i++) g.drawImage(imgs.get(i), (i % columns) * w, (i / columns) * h, null);
        g.dispose();
        return out;
    }

    /**
     * Gray images (each {@code side x side} values, row-major) tiled into a {@code rows x cols} grid, each pixel
     * drawn as a {@code scale x scale} block; every image is min-max scaled to 0..255 on its own, with a 1-block
     * white gap between tiles (data previews: digits, Fashion-MNIST, Pathfinder).
     */
    public static BufferedImage imageGrid(List<float[]> images, int side, int rows, int cols, int scale) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images to tile");
        if (rows < 1 || cols < 1 || scale < 1) throw new IllegalArgumentException("rows, cols and scale must be >= 1");
        int cell = side * scale + scale;
        BufferedImage out = new BufferedImage(cols * cell + scale, rows * cell + scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int k = 0; k < Math.min(images.size(), rows * cols); k++) {
            float[] im = images.get(k);
            if (im.length != side * side) throw new IllegalArgumentException("image " + k + " has " + im.length + " values, not " + side + "^2");
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float v : im) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            int x0 = scale + (k % cols) * cell, y0 = scale + (k / cols) * cell;
            for (int r = 0; r < side; r++)
                for (int c = 0; c < side; c++) {
                    int v = hi > lo ? Math.round(255 * (im[r * side + c] - lo) / (hi - lo)) : 0;
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
        }
        g.dispose();
        return out;
    }

    /**
     * The first {@code count} images of a dataset's flat feature array (row-major, {@code side x side} values each,
     * as a pixel-level task stores them) in one row: a data preview in one call.
     */
    public static BufferedImage imageRow(float[] flat, int side, int count, int scale) {
        int n = Math.min(count, flat.length / (side * side));
        List<float[]> images = new ArrayList<>();
        for (int k = 0; k < n; k++) images.add(Arrays.copyOfRange(flat, k * side * side, (k + 1) * side * side));
        return imageGrid(images, side, 1, n, scale);
    }

    /** Saves a chart as a PNG at {@link #DPI} (parent directories are created; written atomically). */
    public static Path save(Chart<?, ?> chart, Path png) {
        return atomically(png, tmp -> BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, DPI));
    }

    /** Saves an image as a PNG (parent directories are created; written atomically). */
    public static Path save(BufferedImage image, Path png) {
        return atomically(png, tmp -> ImageIO.write(image, "png", tmp.toFile()));
    }

    private interface IoWriter { void write(Path tmp) throws IOException; }

    private static Path atomically(Path png, IoWriter w) {
        try {
            if (!png.getFileName().toString().endsWith(".png"))
                throw new IllegalArgumentException("figure path must end in .png: " + png);
            Path dir = png.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".png");
            w.write(tmp);
            return Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write figure " + png + ": " + e.getMessage(), e);
        }
    }
}
