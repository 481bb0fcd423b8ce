package last.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Drawing helpers the figure composers share: a blank white canvas and the legend strip of {@link Plots#gridWithLegend}. */
final class Layout {
    private Layout() {}

    /** A white image of {@code w} x {@code h} pixels. */
    static BufferedImage blank(int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return out;
    }

    /** A legend strip of the given width: one entry per series (line sample, marker, name), wrapped into rows. */
    static BufferedImage legend(java.util.Collection<XYSeries> series, int width) {
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(font);
        var fm = pg.getFontMetrics();
        int sample = 30, gap = 18, rowH = 20, x = 10, rows = 1;
        List<int[]> pos = new ArrayList<>();
        for (XYSeries s : series) {
            int w = sample + 6 + fm.stringWidth(s.getName());
            if (x + w > width - 10 && x > 10) { x = 10; rows++; }
            pos.add(new int[]{x, rows - 1});
            x += w + gap;
        }
        pg.dispose();
        BufferedImage out = new BufferedImage(width, rows * rowH + 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(font);
        int k = 0;
        for (XYSeries s : series) {
            int[] p = pos.get(k++);
            int cy = 6 + p[1] * rowH + rowH / 2;
            boolean scatter = s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.Scatter;
            if (!scatter && s.getLineColor() != null) {
                g.setColor(s.getLineColor());
                g.setStroke(s.getLineStyle() != null ? s.getLineStyle() : new BasicStroke(2f));
                g.drawLine(p[0], cy, p[0] + sample, cy);
            }
            if (s.getMarker() != null && s.getMarker() != SeriesMarkers.NONE) {
                g.setColor(s.getMarkerColor() != null ? s.getMarkerColor() : Color.BLACK);
                g.setStroke(new BasicStroke(1.5f));
                s.getMarker().paint(g, p[0] + sample / 2.0, cy, 8);
            }
            g.setColor(Color.BLACK);
            g.drawString(s.getName(), p[0] + sample + 6, cy + fm.getAscent() / 2 - 1);
        }
        g.dispose();
        return out;
    }
}
