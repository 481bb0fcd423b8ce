package last.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpoint format, version 2 (version 1 is still read): a directory holding
 * <ul>
 *   <li>{@code model-e<epoch>-<hash>.npz}: every parameter and BatchNorm statistic by name (DJL's NDList NPZ
 *       encoding, float32);</li>
 *   <li>optionally {@code optimizer-e<epoch>-<hash>.npz} (AdamW moments and step) for resuming;</li>
 *   <li>{@code model.json}: the sidecar, a {@link Meta} with format name and version, the architecture
 *       ({@link ModelConfig}), states per layer, task, data version, seed, epoch, free-form training settings and
 *       metrics, the names and SHA-256 of both tensor files, the resumes of the run, the toolkit version and the git
 *       commit that wrote it.</li>
 * </ul>
 * <b>A save is all-or-nothing.</b> The tensor files get new names, are written to a temporary file, fsync'd and
 * renamed; then the sidecar is replaced by one atomic rename (fsync'd, with the directory): that rename is the commit
 * point. A crash before it leaves the previous sidecar pointing at the previous files, which are still there; a crash
 * after it leaves the new, complete checkpoint. Files no sidecar names are removed after the commit. Version 1
 * directories ({@code model.npz}, {@code optimizer.npz}, {@code model.json}) load unchanged.
 *
 * <p>Loading checks the format, version, both checksums, names, shapes and finiteness and fails with a message
 * naming the file and the problem.
 */
public final class Checkpoint {
    private Checkpoint() {}

    public static final String FORMAT = "last-toolkit-checkpoint";
    public static final int VERSION = 2;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * The sidecar.
     *
     * @param format          {@link #FORMAT}
     * @param version         {@link #VERSION} (1 or 2 are read)
     * @param config          the architecture
     * @param statesPerLayer  stored states per layer (differs from the config after physical pruning)
     * @param task            task name, e.g. "smnist"
     * @param dataVersion     the dataset manifest's version string
     * @param seed            training seed
     * @param epoch           epochs completed
     * @param training        training settings (free-form)
     * @param metrics         metrics at this epoch (free-form)
     * @param sha256          checksum of the model tensor file
     * @param modelFile       name of the model tensor file (null in version 1: {@code model.npz})
     * @param optimizerFile   name of the optimiser state file, or null
     * @param optimizerSha256 checksum of the optimiser state file, or null
     * @param resumes         one line per resume of the run ("epoch 3 at 2026-12-02T13:40:00Z"), oldest first
     * @param toolkitVersion  {@link last.Toolkit#VERSION} of the writer
     * @param gitCommit       the git commit of the writer's working tree, or "unknown"
     */
    public record Meta(String format, int version, ModelConfig config, int[] statesPerLayer, String task,
                       String dataVersion, long seed, int epoch, Map<String, Object> training,
                       Map<String, Object> metrics, String sha256, String modelFile, String optimizerFile,
                       String optimizerSha256, java.util.List<String> resumes, String toolkitVersion, String gitCommit) {
        public Meta {
            resumes = resumes == null ? java.util.List.of() : java.util.List.copyOf(resumes);
        }
    }

    /** Test hook: called with the step number (1 tensor files written, 2 sidecar written, 3 cleanup done) of a save. */
    static volatile java.util.function.IntConsumer saveStep = k -> { };

    /** Writes the model (and the optimiser state, if given) into {@code dir}, all-or-nothing; returns the sidecar. */
    public static Meta save(SequenceModel model, Path dir, String task, String dataVersion, long seed, int epoch,
                            Map<String, Object> training, Map<String, Object> metrics, Map<String, NDArray> optimizer) {
        return save(model, dir, task, dataVersion, seed, epoch, training, metrics, optimizer, java.util.List.of());
    }

    /** As {@link #save(SequenceModel, Path, String, String, long, int, Map, Map, Map)}, recording the run's resumes. */
    public static Meta save(SequenceModel model, Path dir, String task, String dataVersion, long seed, int epoch,
                            Map<String, Object> training, Map<String, Object> metrics, Map<String, NDArray> optimizer,
                            java.util.List<String> resumes) {
        try {
            Files.createDirectories(dir);
            byte[] npz = encode(model.tensors());
            String sum = sha256(npz);
            String modelFile = String.format(java.util.Locale.ROOT, "model-e%04d-%s.npz", epoch, sum.substring(0, 12));
            String optFile = null, optSum = null;
            byte[] opt = null;
            if (optimizer != null) {
                opt = encode(optimizer);
                optSum = sha256(opt);
                optFile = String.format(java.util.Locale.ROOT, "optimizer-e%04d-%s.npz", epoch, optSum.substring(0, 12));
            }
            Meta meta = new Meta(FORMAT, VERSION, model.config(), model.statesPerLayer(), task, dataVersion, seed, epoch,
                    training, metrics, sum, modelFile, optFile, optSum, resumes, last.Toolkit.VERSION, last.Toolkit.gitCommit());
            durableWrite(dir.resolve(modelFile), npz);
            if (opt != null) durableWrite(dir.resolve(optFile), opt);
            saveStep.accept(1);
            durableWrite(dir.resolve("model.json"), JSON.writeValueAsBytes(meta));   // the commit point
            saveStep.accept(2);
            try (var files = Files.list(dir)) {                                       // files no sidecar names
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    boolean tensors = n.endsWith(".npz") && (n.startsWith("model") || n.startsWith("optimizer"));
                    if ((tensors || n.endsWith(".npz.tmp")) && !n.equals(modelFile) && !n.equals(optFile)) Files.deleteIfExists(f);
                }
            }
            saveStep.accept(3);
            return meta;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates the sidecar of the checkpoint in {@code dir}. */
    public static Meta meta(Path dir) {
        Path json = dir.resolve("model.json");
        if (!Files.isRegularFile(json)) throw new IllegalArgumentException("no checkpoint in " + dir + " (missing model.json)");
        Meta meta;
        try {
            meta = JSON.readValue(json.toFile(), Meta.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt checkpoint sidecar " + json + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(meta.format())) throw new IllegalArgumentException(json + " is not a LAST toolkit checkpoint (format '" + meta.format() + "')");
        if (meta.version() != 1 && meta.version() != VERSION)
            throw new IllegalArgumentException(json + " has checkpoint version " + meta.version() + " but this toolkit reads versions 1 and " + VERSION);
        if (meta.config() == null) throw new IllegalArgumentException(json + " has no model config");
        if (meta.sha256() == null) throw new IllegalArgumentException(json + " records no checksum of its tensor file");
        return meta;
    }

    /** The model tensor file of the checkpoint in {@code dir} (as its sidecar names it). */
    public static Path modelFile(Path dir) {
        Meta meta = meta(dir);
        return dir.resolve(meta.modelFile() != null ? meta.modelFile() : "model.npz");
    }

    /** Loads the model of the checkpoint in {@code dir} (validating checksum, names, shapes and finiteness). */
    public static SequenceModel load(Path dir) {
        Meta meta = meta(dir);
        Path file = modelFile(dir);
        byte[] npz = read(file);
        String sum = sha256(npz);
        if (!sum.equals(meta.sha256()))
            throw new IllegalArgumentException("checkpoint " + dir + ": " + file.getFileName() + " is corrupt or truncated (sha256 " + sum
                    + " but the sidecar records " + meta.sha256() + ")");
        NDManager m = NDManager.newBaseManager();
        try {
            Map<String, NDArray> t = decode(m, npz, file);
            return SequenceModel.fromTensors(meta.config(), m, t);
        } catch (RuntimeException e) {
            m.close();
            throw new IllegalArgumentException("checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads the optimiser state saved beside the model (checksum verified), or null when there is none. */
    public static Map<String, NDArray> loadOptimizer(Path dir, NDManager m) {
        Meta meta = meta(dir);
        Path p = dir.resolve(meta.optimizerFile() != null ? meta.optimizerFile() : "optimizer.npz");
        if (!Files.isRegularFile(p)) {
            if (meta.optimizerFile() != null)
                throw new IllegalArgumentException("checkpoint " + dir + ": the optimiser state " + p.getFileName() + " named by model.json is missing");
            return null;
        }
        byte[] b = read(p);
        if (meta.optimizerSha256() != null && !meta.optimizerSha256().equals(sha256(b)))
            throw new IllegalArgumentException("checkpoint " + dir + ": " + p.getFileName() + " is corrupt or truncated (sha256 "
                    + sha256(b) + " but the sidecar records " + meta.optimizerSha256() + ")");
        return decode(m, b, p);
    }

    /** SHA-256 (hex) of the checkpoint's tensor file: the key under which results computed from it are cached. */
    public static String hash(Path dir) { return meta(dir).sha256(); }

    static byte[] encode(Map<String, NDArray> tensors) throws IOException {
        NDList list = new NDList();
        for (var e : tensors.entrySet()) {
            NDArray a = e.getValue().stopGradient();
            a.setName(e.getKey());
            list.add(a);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.encode(out, NDList.Encoding.NPZ);
        return out.toByteArray();
    }

    static Map<String, NDArray> decode(NDManager m, byte[] npz, Path file) {
        NDList list;
        try {
            list = NDList.decode(m, new ByteArrayInputStream(npz));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray a : list) {
            if (a.getName() == null) throw new IllegalArgumentException(file + " holds an unnamed tensor");
            out.put(a.getName(), a);
        }
        return out;
    }

    /** Writes {@code bytes} to a temporary file, fsyncs it, renames it over {@code target} and fsyncs the directory. */
    static void durableWrite(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            var buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (var d = java.nio.channels.FileChannel.open(target.getParent(), java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
