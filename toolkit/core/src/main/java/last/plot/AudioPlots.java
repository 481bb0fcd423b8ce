package last.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The audio figures behind {@link Plots#waveform} and {@link Plots#spectrogram}: drawn directly on one shared frame
 * (margins, time ticks, colour bar), so that a waveform stacked above its spectrogram lines up sample for sample.
 */
final class AudioPlots {
    private AudioPlots() {}

    /**
     * One signal's waveform against time in seconds, drawn on the same frame as {@link Plots#spectrogram} (same margins,
     * same time ticks) so that a clip's waveform stacked above its spectrogram lines up sample for sample; XChart's
     * own axis put the two time axes at different offsets with unrelated ticks. Each pixel column shows the min..max
     * envelope of its samples, so no peak is lost to thinning.
     */
    static BufferedImage waveform(String title, float[] signal, int sampleRate) {
        int top = title == null || title.isBlank() ? 10 : 30, ph = 110, bottom = 44;
        BufferedImage out = Layout.blank(SPECTROGRAM_WIDTH, top + ph + bottom);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        double amp = 0;
        for (float v : signal) amp = Math.max(amp, Math.abs(v));
        double ystep = niceStep(Math.max(amp, 1e-9), 2), ymax = Math.max(ystep, Math.ceil(amp / ystep) * ystep);
        int mid = top + ph / 2;
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        g.drawLine(SPEC_LEFT, mid, SPEC_LEFT + SPEC_PW, mid);
        g.setColor(Style.SEQUENCE[0]);
        for (int px = 0; px < SPEC_PW && signal.length > 0; px++) {
            int a = (int) ((long) px * signal.length / SPEC_PW), b = Math.max(a + 1, (int) ((long) (px + 1) * signal.length / SPEC_PW));
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int k = a; k < Math.min(b, signal.length); k++) { lo = Math.min(lo, signal[k]); hi = Math.max(hi, signal[k]); }
            g.drawLine(SPEC_LEFT + px, mid - (int) Math.round(hi / ymax * ph / 2), SPEC_LEFT + px, mid - (int) Math.round(lo / ymax * ph / 2));
        }
        g.setColor(Color.BLACK);
        g.drawRect(SPEC_LEFT, top, SPEC_PW, ph);
        frameText(g, title, top, ph, (double) signal.length / sampleRate, "Amplitude");
        var fm = g.getFontMetrics();
        for (double v = -ymax; v <= ymax + 1e-12; v += ystep) {
            int y = mid - (int) Math.round(v / ymax * ph / 2);
            g.drawLine(SPEC_LEFT - 4, y, SPEC_LEFT, y);
            String l = trim(v);
            g.drawString(l, SPEC_LEFT - 7 - fm.stringWidth(l), y + 4);
        }
        g.dispose();
        return out;
    }

    /** Margins and plot size shared by {@link Plots#spectrogram} and {@link Plots#waveform}. */
    private static final int SPEC_LEFT = 58, SPEC_PW = 420, SPEC_RIGHT = 86;

    /** Title, time ticks (seconds) and the rotated y title of a spectrogram-style frame. */
    private static void frameText(Graphics2D g, String title, int top, int ph, double seconds, String yTitle) {
        g.setColor(Color.BLACK);
        if (title != null && !title.isBlank()) {
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
            g.drawString(title, SPEC_LEFT, top - 10);
        }
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        var fm = g.getFontMetrics();
        double step = niceStep(seconds, 5);
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            int x = SPEC_LEFT + (int) Math.round(t / seconds * SPEC_PW);
            g.drawLine(x, top + ph, x, top + ph + 4);
            String l = trim(t);
            g.drawString(l, x - fm.stringWidth(l) / 2, top + ph + 16);
        }
        g.drawString("Time (s)", SPEC_LEFT + SPEC_PW / 2 - fm.stringWidth("Time (s)") / 2, top + ph + 34);
        var rot = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(top + ph / 2) - fm.stringWidth(yTitle) / 2, 14);
        g.setTransform(rot);
    }

    /** Width in pixels of {@link Plots#spectrogram} images (and of {@link Plots#waveform} charts, to stack above them). */
    static final int SPECTROGRAM_WIDTH = SPEC_LEFT + SPEC_PW + SPEC_RIGHT;

    /**
     * A log-power spectrogram as a figure: time in seconds on x, frequency in kHz on y (0 to Nyquist), a colour
     * scale in dB relative to the loudest bin, clipped {@code rangeDb} below it. Computed by {@link Spectrogram#of}
     * (Hann windows, FFT), so notebooks show spectra without a hand-written DFT. A blank title draws none (for a
     * spectrogram stacked under its {@link Plots#waveform}).
     *
     * @param windowS window length in seconds (25 ms is the speech convention)
     * @param hopS    hop between windows in seconds
     */
    static BufferedImage spectrogram(String title, float[] signal, int sampleRate, double windowS, double hopS,
                                            double rangeDb) {
        Spectrogram sp = Spectrogram.of(signal, sampleRate, Math.max(2, (int) Math.round(windowS * sampleRate)),
                Math.max(1, (int) Math.round(hopS * sampleRate)));
        double max = sp.max();
        int left = SPEC_LEFT, top = title == null || title.isBlank() ? 10 : 30, bottom = 44, pw = SPEC_PW, ph = 220;
        BufferedImage out = Layout.blank(SPECTROGRAM_WIDTH, top + ph + bottom);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int frames = sp.db().length, bins = sp.db()[0].length;
        for (int px = 0; px < pw; px++) {
            // the frame whose window covers this column's time (frames are laid out over the whole signal)
            int f = Math.min(frames - 1, px * frames / pw);
            for (int py = 0; py < ph; py++) {
                int k = Math.min(bins - 1, (ph - 1 - py) * bins / ph);
                double v = (sp.db()[f][k] - max + rangeDb) / rangeDb;
                out.setRGB(left + px, top + py, colormap(v).getRGB());
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        frameText(g, title, top, ph, sp.seconds(), "Frequency (kHz)");
        var fm = g.getFontMetrics();
        double khz = sampleRate / 2000.0, fstep = niceStep(khz, 5);
        for (double fk = 0; fk <= khz + 1e-9; fk += fstep) {
            int y = top + ph - (int) Math.round(fk / khz * ph);
            g.drawLine(left - 4, y, left, y);
            String l = trim(fk);
            g.drawString(l, left - 7 - fm.stringWidth(l), y + 4);
        }
        int bx = left + pw + 14, bw = 14;
        for (int py = 0; py < ph; py++) {
            g.setColor(colormap(1 - (double) py / (ph - 1)));
            g.drawLine(bx, top + py, bx + bw, top + py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, top, bw, ph);
        double dstep = niceStep(rangeDb, 4);
        for (double d = 0; d <= rangeDb + 1e-9; d += dstep) {
            int y = top + (int) Math.round(d / rangeDb * ph);
            g.drawLine(bx + bw, y, bx + bw + 3, y);
            g.drawString(d == 0 ? "0 dB" : "-" + trim(d), bx + bw + 6, y + 4);
        }
        g.dispose();
        return out;
    }

    /** A perceptually ordered dark-blue to yellow ramp (viridis-like) for v in 0..1 (clipped). */
    static Color colormap(double v) {
        double[][] stops = {{0x44, 0x01, 0x54}, {0x3b, 0x52, 0x8b}, {0x21, 0x91, 0x8c}, {0x5e, 0xc9, 0x62}, {0xfd, 0xe7, 0x25}};
        double t = Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) t);
        double u = t - i;
        return new Color((int) Math.round(stops[i][0] + u * (stops[i + 1][0] - stops[i][0])),
                (int) Math.round(stops[i][1] + u * (stops[i + 1][1] - stops[i][1])),
                (int) Math.round(stops[i][2] + u * (stops[i + 1][2] - stops[i][2])));
    }

    /** A 1, 2 or 5 times a power of ten step that cuts {@code span} into about {@code target} intervals. */
    static double niceStep(double span, int target) {
        double raw = span / target, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    private static String trim(double v) {
        if (Math.abs(v) < 1e-9) return "0";   // a tick reached by adding steps from -max lands at -1e-17, not 0
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
