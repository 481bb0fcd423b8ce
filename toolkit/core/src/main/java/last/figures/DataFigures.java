package last.figures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import last.data.generate.Pathfinder;
import last.data.generate.SpeechSynth;
import last.data.original.SpeechCommands;
import last.experiment.DataReport;
import last.plot.Plots;
import tech.tablesaw.api.Table;

/** Pictures of the tasks' data (notebook 00): Pathfinder previews and synthesised keyword clips. */
public final class DataFigures {
    private DataFigures() {}

    /** A preview of generated data: its statistics table and its picture. */
    public record Preview(Table table, BufferedImage figure, List<String> notes) {}

    /**
     * Pathfinder-32, Path-64 and Path-X (128): {@code n32} images of the first and 24 of the others generated with
     * seed 11 on {@code threads} threads, their statistics ({@link DataReport#pathfinderStats}) and 8 of each drawn in
     * a row (scaled to about 128 pixels).
     */
    public static Preview pathfinder(int n32, int threads) {
        var stats = new ArrayList<DataReport.PathfinderStats>();
        var rows = new ArrayList<BufferedImage>();
        var notes = new ArrayList<String>();
        for (var set : List.of(java.util.Map.entry("Pathfinder-32", Pathfinder.Params.PF32), java.util.Map.entry("Path-64", Pathfinder.Params.PF64),
                java.util.Map.entry("Path-X 128", Pathfinder.Params.PF128))) {
            Pathfinder.Params p = set.getValue();
            int n = p.size() == 32 ? n32 : 24;
            long t0 = System.nanoTime();
            Pathfinder.Image[] imgs = Pathfinder.images(p, n, 11, threads);
            stats.add(DataReport.pathfinderStats(set.getKey(), imgs, (System.nanoTime() - t0) / 1e9));
            List<float[]> show = new ArrayList<>();
            StringBuilder labels = new StringBuilder();
            for (int k = 0; k < Math.min(8, imgs.length); k++) {
                float[] f = new float[imgs[k].pixels().length];
                for (int i = 0; i < f.length; i++) f[i] = imgs[k].pixels()[i] & 0xff;
                show.add(f);
                labels.append(k == 0 ? "" : " ").append(imgs[k].label());
            }
            rows.add(Plots.imageGrid(show, p.size(), 1, show.size(), Math.max(1, 128 / p.size())));
            notes.add(set.getKey() + " labels of the " + show.size() + " shown: " + labels);
        }
        return new Preview(DataReport.pathfinderTable(stats), Plots.stack(rows, 6), notes);
    }

    /**
     * Synthesised clips of {@code words} by {@code voices} (one take each, seed 1): per clip its waveform above its
     * spectrogram, two clips per row, and a line per clip with its RMS, SNR and noise colour.
     */
    public static Preview speech(List<String> voices, List<String> words, int length, int threads) {
        var clips = SpeechSynth.generate(voices.stream().map(SpeechSynth.Voice::parse).toList(),
                words.stream().map(w -> {
                    int i = SpeechCommands.WORDS.indexOf(w);
                    if (i < 0) throw new IllegalArgumentException("'" + w + "' is not one of the 35 keywords " + SpeechCommands.WORDS);
                    return i;
                }).toList(), 1, 1, threads);
        List<BufferedImage> panels = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (var cl : clips) {
            String name = SpeechCommands.WORDS.get(cl.word()) + " / " + cl.voice().id() + (SpeechSynth.heldOutForTest(cl.voice()) ? " (test voice)" : " (train voice)");
            float[] a = SpeechCommands.fixLength(cl.pcm(), length);
            panels.add(Plots.stack(List.of(Plots.waveform(name, a, SpeechSynth.RATE), Plots.spectrogram("", a, SpeechSynth.RATE)), 0));
            double rms = 0;
            for (float v : a) rms += v * v;
            notes.add(String.format(Locale.ROOT, "%-45s RMS %.3f, SNR %.1f dB, noise %s", name, Math.sqrt(rms / a.length), cl.params().snrDb(), cl.params().noise()));
        }
        List<BufferedImage> rows = new ArrayList<>();
        for (int i = 0; i < panels.size(); i += 2) rows.add(Plots.row(panels.subList(i, Math.min(i + 2, panels.size())), 20));
        return new Preview(null, Plots.stack(rows, 20), notes);
    }
}
