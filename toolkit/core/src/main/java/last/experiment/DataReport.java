package last.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import last.data.generate.Pathfinder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The data behind the experiments, as tables (notebook 00, docs/data.md): the manifest of the prepared datasets, the
 * CPU-scale size of every task config, and the statistics of generated Pathfinder previews.
 */
public final class DataReport {
    private DataReport() {}

    /** The datasets of {@code manifest.json} ({@code last.data.source.Prepare}): name, source, version, sizes, first checksum. */
    public static Table manifest(Path manifestJson) {
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifestJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data manifest " + manifestJson + ": " + e.getMessage(), e);
        }
        Table t = Table.create("Data manifest (data/cache/manifest.json)", StringColumn.create("dataset"), StringColumn.create("source"),
                StringColumn.create("version"), StringColumn.create("sizes"), StringColumn.create("sha256 (first file)"));
        for (JsonNode d : m.path("datasets")) {
            t.stringColumn(0).append(d.path("name").asText());
            t.stringColumn(1).append(d.path("source").asText());
            t.stringColumn(2).append(d.path("version").asText());
            StringBuilder sizes = new StringBuilder();
            d.path("sizes").fields().forEachRemaining(e -> sizes.append(sizes.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asText()));
            t.stringColumn(3).append(sizes.toString());
            var sha = d.path("sha256").elements();
            t.stringColumn(4).append(sha.hasNext() ? sha.next().asText().substring(0, 16) + "..." : "");
        }
        return t;
    }

    /** The largest class's share of {@code labels} (a balance check; 1/classes when balanced). */
    public static double largestClassShare(int[] labels, int classes) {
        if (labels.length == 0) throw new IllegalArgumentException("no labels");
        int[] c = new int[classes];
        for (int v : labels) {
            if (v < 0 || v >= classes) throw new IllegalArgumentException("label " + v + " outside 0.." + (classes - 1));
            c[v]++;
        }
        return (double) Arrays.stream(c).max().getAsInt() / labels.length;
    }

    /**
     * One row per CPU-scale config in {@code configs} ({@code *.cpu.json}): task, train/val/test sizes, sequence length,
     * classes, chance level, and the balance note given for the task in {@code balance} ("n/a" where none).
     */
    public static Table taskSizes(Path configs, Map<String, String> balance) {
        Table t = Table.create("CPU-scale task data", StringColumn.create("config"), StringColumn.create("task"), IntColumn.create("train"),
                IntColumn.create("val"), IntColumn.create("test"), IntColumn.create("L"), IntColumn.create("classes"),
                DoubleColumn.create("chance (%)"), StringColumn.create("largest class share (test)"));
        try (var files = Files.list(configs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cpu.json")).sorted().toList()) {
                RunConfig c = RunConfig.read(f);
                Tasks.Description task = Tasks.describe(c.task());
                t.stringColumn(0).append(f.getFileName().toString());
                t.stringColumn(1).append(c.task());
                t.intColumn(2).append(c.trainSize());
                t.intColumn(3).append(c.valSize());
                t.intColumn(4).append(c.testSize());
                t.intColumn(5).append(task.length());
                t.intColumn(6).append(task.classes());
                t.doubleColumn(7).append(Math.round(task.chancePercent() * 100) / 100.0);
                t.stringColumn(8).append(balance.getOrDefault(c.task(), "n/a"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + configs, e);
        }
        return t;
    }

    /** Statistics of generated Pathfinder images: positive fraction, mean pixel (0-255), and the generation rate. */
    public record PathfinderStats(String set, int length, double positiveFraction, double meanPixel, double imagesPerSecond) {}

    /** {@link PathfinderStats} of {@code images}, generated in {@code seconds}. */
    public static PathfinderStats pathfinderStats(String set, Pathfinder.Image[] images, double seconds) {
        if (images.length == 0) throw new IllegalArgumentException("no images");
        double pos = Arrays.stream(images).filter(im -> im.label() == 1).count() / (double) images.length;
        long sum = 0, n = 0;
        for (Pathfinder.Image im : images) { for (byte b : im.pixels()) sum += b & 0xff; n += im.pixels().length; }
        return new PathfinderStats(set, images[0].size() * images[0].size(), pos, (double) sum / n, images.length / seconds);
    }

    /** The rows of {@link #pathfinderStats} as a table (rounded for display). */
    public static Table pathfinderTable(java.util.List<PathfinderStats> stats) {
        Table t = Table.create("Pathfinder sets (previews)", StringColumn.create("set"), IntColumn.create("L"),
                DoubleColumn.create("positive fraction"), DoubleColumn.create("mean pixel"), DoubleColumn.create("images/s"));
        for (PathfinderStats s : stats) {
            t.stringColumn(0).append(s.set());
            t.intColumn(1).append(s.length());
            t.doubleColumn(2).append(Double.parseDouble(String.format(Locale.ROOT, "%.3f", s.positiveFraction())));
            t.doubleColumn(3).append(Double.parseDouble(String.format(Locale.ROOT, "%.2f", s.meanPixel())));
            t.doubleColumn(4).append(Math.round(s.imagesPerSecond()));
        }
        return t;
    }
}
