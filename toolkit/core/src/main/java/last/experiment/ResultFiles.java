package last.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import last.Toolkit;
import tech.tablesaw.api.Table;

/**
 * Result tables as files. Every CSV is written atomically (temp file + rename, so a crash never leaves half a
 * table) and gets a line in {@code provenance.csv} beside it: file, toolkit version, git commit and the table's
 * title, so a reader can tell which code wrote each result. Sweeps additionally keep their settings and checksum in
 * a {@code .key} file ({@link Sweep#cached}).
 */
public final class ResultFiles {
    private ResultFiles() {}

    /** The provenance index beside result files. */
    public static final String PROVENANCE = "provenance.csv";

    /** Writes {@code t} as CSV to {@code csv} (parent directories created) and records its provenance. */
    public static Path saveCsv(Table t, Path csv) {
        if (t.columnCount() == 0)
            throw new IllegalArgumentException("table '" + t.name() + "' has no columns: nothing to write to " + Toolkit.show(csv));
        try {
            Path dir = csv.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".csv");
            t.write().csv(tmp.toFile());
            Path out = Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            recordProvenance(dir.resolve(PROVENANCE), csv.getFileName().toString(), t.name());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write table " + Toolkit.show(csv) + ": " + e.getMessage(), e);
        }
    }

    /** Replaces (or adds) the line of {@code file} in the index: file,toolkit,commit,title (sorted by file). */
    static void recordProvenance(Path index, String file, String title) throws IOException {
        String line = csvField(file) + "," + Toolkit.VERSION + "," + Toolkit.gitCommit() + "," + csvField(title == null ? "" : title);
        Path lock = index.resolveSibling("." + PROVENANCE + ".lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            List<String> lines = new ArrayList<>();
            if (Files.isRegularFile(index))
                for (String l : Files.readAllLines(index))
                    if (!l.isBlank() && !l.startsWith("file,") && !l.startsWith(csvField(file) + ",")) lines.add(l);
            lines.add(line);
            lines.sort(null);
            lines.add(0, "file,toolkit,commit,title");
            Path tmp = Files.createTempFile(index.getParent(), ".tmp-", ".csv");
            Files.write(tmp, lines);
            Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
