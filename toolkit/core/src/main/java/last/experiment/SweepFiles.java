package last.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import last.data.Batches;
import last.model.SequenceModel;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Sweep results as files ({@link Sweep}): a CSV under {@code data/results/} and its key file {@code <csv>.key}
 * (checkpoint hash and settings, content checksum, rows, samples, methods, ratios, toolkit version and commit), so a
 * sweep is reused only when neither the checkpoint, the settings nor the file changed; while a sweep runs, each row is
 * journalled to {@code <csv>.partial} ({@link SweepJournal}) so an interrupted sweep resumes where it stopped; and the
 * reader that fixes the column types.
 */
public final class SweepFiles {
    private SweepFiles() {}

    /**
     * Returns the cached sweep for (checkpoint hash, settings, test data) from {@code csv} when its key file matches,
     * otherwise runs the sweep and writes the CSV and its key file ({@code <csv>.key}) atomically.
     */
    public static Table cached(Path csv, String checkpointHash, SequenceModel model, Batches test, Sweep.Settings s, PrintStream out) {
        return cached(csv, checkpointHash, model, test, null, s, out);
    }

    /** As {@link #cached(Path, String, SequenceModel, Batches, Settings, PrintStream)} with calibration data for the oracle. */
    public static Table cached(Path csv, String checkpointHash, SequenceModel model, Batches test,
                               Batches calibration, Sweep.Settings s, PrintStream out) {
        return cached(csv, checkpointHash, model, test, calibration, s, out, null);
    }

    /** As above; {@code fullRateLayers} for {@link Sweep#LAST_FULL_RATE} (half-rate sweeps), or null. */
    public static Table cached(Path csv, String checkpointHash, SequenceModel model, Batches test,
                               Batches calibration, Sweep.Settings s, PrintStream out, List<last.ssm.DiscreteSsm> fullRateLayers) {
        String key = sha256(checkpointHash + "|" + s.key() + "|" + test.name() + "|" + test.size()
                + (calibration == null ? "" : "|" + calibration.name() + "|" + Math.min(Sweep.ORACLE_SAMPLES, calibration.size())));
        Path keyFile = csv.resolveSibling(csv.getFileName() + ".key");
        int expectedRows = expectedRows(s);
        try {
            String why = reuseProblem(csv, keyFile, key, expectedRows);
            if (why == null) {
                if (out != null) out.println("reusing " + last.Toolkit.show(csv) + " (same checkpoint and settings, content checksum verified)");
                return read(csv);
            }
            if (out != null && Files.exists(csv)) out.println("recomputing " + last.Toolkit.show(csv) + ": " + why);
            SweepJournal journal = SweepJournal.open(csv, key);
            if (journal.size() > 0 && out != null)
                out.println("resuming from " + last.Toolkit.show(SweepJournal.fileOf(csv)) + ": " + journal.size() + " of "
                        + expectedRows + " rows already computed");
            Table t = Sweep.run(model, test, calibration, s, out, fullRateLayers, journal);
            ResultFiles.saveCsv(t, csv);
            byte[] written = Files.readAllBytes(csv);
            Files.writeString(keyFile, key + "\ncontent-sha256 " + sha256(written) + "\nrows " + t.rowCount()
                    + "\nsamples " + test.size() + "\nmethods " + String.join(",", s.methods())
                    + (s.isPaperGrid() ? "" : "\nratios " + ratioList(s.ratios()) + "\nend-point " + s.endPoint())
                    + "\ntoolkit " + last.Toolkit.VERSION + " commit " + last.Toolkit.gitCommit() + "\n");
            journal.delete();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("sweep cache " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Rows a complete sweep with these settings has. */
    static int expectedRows(Sweep.Settings s) {
        return s.methods().size() * (s.ratios().length + (s.endPoint() ? 1 : 0));
    }

    /**
     * Why a cached sweep cannot be reused (null when it can): no file, a different checkpoint or settings, content
     * that does not match the checksum written with it (an edited, emptied or truncated file), or a row count that
     * is not the settings' (methods x points).
     */
    static String reuseProblem(Path csv, Path keyFile, String key, int expectedRows) throws IOException {
        if (!Files.isRegularFile(csv)) return "no cached file";
        if (!Files.isRegularFile(keyFile)) return "no key file " + keyFile.getFileName();
        List<String> lines = Files.readAllLines(keyFile);
        if (lines.isEmpty() || !lines.get(0).trim().equals(key)) return "the checkpoint or the settings changed";
        String sum = lines.size() > 1 && lines.get(1).startsWith("content-sha256 ") ? lines.get(1).substring(15).trim() : null;
        if (sum == null) return "the key file records no content checksum (written by an older toolkit)";
        String actual = sha256(Files.readAllBytes(csv));
        if (!actual.equals(sum)) return "its content does not match the checksum written with it (edited, emptied or truncated)";
        Table t;
        try {
            t = read(csv);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (t.rowCount() != expectedRows) return "it has " + t.rowCount() + " rows but the settings give " + expectedRows;
        return null;
    }

    /** The methods a cached sweep's key file records, if any (files written before methods were recorded have none). */
    static java.util.Optional<List<String>> recordedMethods(Path csv) {
        Path keyFile = csv.resolveSibling(csv.getFileName() + ".key");
        try {
            if (!Files.isRegularFile(keyFile)) return java.util.Optional.empty();
            for (String line : Files.readAllLines(keyFile))
                if (line.startsWith("methods ")) return java.util.Optional.of(List.of(line.substring(8).trim().split(",")));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    /** The ratios (fractions) a cached sweep at only some ratios records in its key file; empty for the paper's grid. */
    static java.util.Optional<double[]> recordedRatios(Path csv) {
        Path keyFile = csv.resolveSibling(csv.getFileName() + ".key");
        try {
            if (!Files.isRegularFile(keyFile)) return java.util.Optional.empty();
            for (String line : Files.readAllLines(keyFile))
                if (line.startsWith("ratios ")) return java.util.Optional.of(Sweep.parseRatios(line.substring(7)));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    static String ratioList(double[] ratios) {
        return Arrays.stream(ratios).mapToObj(r -> Long.toString(Math.round(r * 100))).collect(Collectors.joining(","));
    }

    /** The sample count a cached sweep's key file records, if any. */
    static java.util.OptionalInt recordedSamples(Path csv) {
        Path keyFile = csv.resolveSibling(csv.getFileName() + ".key");
        try {
            if (!Files.isRegularFile(keyFile)) return java.util.OptionalInt.empty();
            for (String line : Files.readAllLines(keyFile))
                if (line.startsWith("samples ")) return java.util.OptionalInt.of(Integer.parseInt(line.substring(8).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.empty();
    }

    /**
     * Reads a sweep CSV written by {@link #cached(Path, String, SequenceModel, Batches, Settings, PrintStream)} with its column types fixed (numbers as doubles, counts as ints).
     * Sweeps made before intervals existed (10 columns) get {@code loss_lo}/{@code loss_hi} columns of NaN.
     */
    public static Table read(Path csv) {
        try {
            String header;
            try (var r = Files.newBufferedReader(csv)) {
                header = r.readLine();
            }
            if (header == null) throw new IllegalArgumentException("the file is empty");
            boolean legacy = !header.contains("loss_lo");
            ColumnType[] types = legacy
                    ? new ColumnType[]{ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE,
                    ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.INTEGER}
                    : new ColumnType[]{ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE,
                    ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
                    ColumnType.DOUBLE, ColumnType.INTEGER};
            Table t = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).columnTypes(types));
            if (legacy) {
                double[] nan = new double[t.rowCount()];
                Arrays.fill(nan, Double.NaN);
                t.insertColumn(9, DoubleColumn.create("loss_lo", nan));
                t.insertColumn(10, DoubleColumn.create("loss_hi", nan.clone()));
            }
            if (!t.columnNames().equals(Sweep.COLUMNS)) throw new IllegalArgumentException("unexpected columns " + t.columnNames());
            return t;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read sweep results " + csv + ": " + e.getMessage(), e);
        }
    }

    static String sha256(String s) { return sha256(s.getBytes(StandardCharsets.UTF_8)); }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
