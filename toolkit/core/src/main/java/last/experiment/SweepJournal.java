package last.experiment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a sweep in progress, appended to {@code <csv>.partial} as each one is computed, so that a sweep stopped
 * part-way (killed for memory, the end of a session) resumes where it stopped instead of starting over. The file's first
 * line is the sweep's key (checkpoint, settings, test data); a journal written for another key is discarded, and a last
 * line cut short by a crash is ignored. Numbers are written with {@link Double#toString}, so a resumed sweep's rows
 * are bit-identical to the ones it computed before. {@link SweepFiles#cached} deletes the journal once the complete CSV
 * and its key file are written.
 */
final class SweepJournal {
    private static final String HEADER = "# last-toolkit sweep journal; key ";
    private final Path file;
    private final String key;
    private final Map<String, Sweep.Row> rows = new LinkedHashMap<>();

    private SweepJournal(Path file, String key) {
        this.file = file;
        this.key = key;
    }

    /** The journal file of a sweep CSV. */
    static Path fileOf(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".partial");
    }

    /**
     * Opens the journal of {@code csv} for the sweep with this {@code key}: the rows of an earlier, interrupted run of
     * the same sweep, or an empty journal (an existing one for another key is replaced).
     */
    static SweepJournal open(Path csv, String key) {
        SweepJournal j = new SweepJournal(fileOf(csv), key);
        try {
            if (Files.isRegularFile(j.file)) {
                List<String> lines = Files.readAllLines(j.file, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).equals(HEADER + key)) {
                    for (String line : lines.subList(1, lines.size())) {
                        Sweep.Row r = parse(line);
                        if (r == null) break;        // a line cut short by a crash, and nothing after it
                        j.rows.put(id(r.method(), r.ratio()), r);
                    }
                    if (j.rows.size() < lines.size() - 1) j.rewrite();   // drop the cut line before appending
                    return j;
                }
            }
            j.rewrite();
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("sweep journal " + j.file + ": " + e.getMessage(), e);
        }
    }

    /** The journalled row of {@code method} at {@code ratio} (percent; 100 = end point), or null. */
    Sweep.Row find(String method, double ratio) {
        return rows.get(id(method, ratio));
    }

    /** Rows journalled so far. */
    int size() {
        return rows.size();
    }

    /** Appends a computed row to the file (and flushes it) before the sweep goes on. */
    void add(Sweep.Row r) {
        rows.put(id(r.method(), r.ratio()), r);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(format(r));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("sweep journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the journal (the complete sweep has been written). */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("sweep journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void rewrite() throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        List<String> out = new ArrayList<>();
        out.add(HEADER + key);
        for (Sweep.Row r : rows.values()) out.add(format(r));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String id(String method, double ratio) {
        return method + "\t" + Math.round(ratio);
    }

    static String format(Sweep.Row r) {
        for (String s : List.of(r.task(), r.model(), r.method(), r.keptPerLayer()))
            if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0)
                throw new IllegalArgumentException("a sweep row's text may not contain tabs or line breaks: '" + s + "'");
        return String.join("\t", r.task(), r.model(), r.method(), Double.toString(r.ratio()), Double.toString(r.actualRatio()),
                r.keptPerLayer(), Double.toString(r.stateDim()), Double.toString(r.accuracy()), Double.toString(r.loss()),
                Double.toString(r.lossLo()), Double.toString(r.lossHi()), Integer.toString(r.samples()), "end");
    }

    /** The row of a journal line, or null when the line is incomplete or malformed. */
    static Sweep.Row parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 13 || !f[12].equals("end")) return null;
        try {
            return new Sweep.Row(f[0], f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5],
                    Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                    Double.parseDouble(f[10]), Integer.parseInt(f[11]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "sweep journal %s (%d rows)", file, rows.size());
    }
}
