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
 * Checkpoint format, version 1: a directory holding
 * <ul>
 *   <li>{@code model.npz}: every parameter and BatchNorm statistic by name (DJL's NDList NPZ encoding, float32);</li>
 *   <li>{@code model.json}: the sidecar, a {@link Meta} with format name and version, the architecture
 *       ({@link ModelConfig}), states per layer, task, data version, seed, epoch, free-form training settings and
 *       metrics, and the SHA-256 of {@code model.npz};</li>
 *   <li>optionally {@code optimizer.npz} (AdamW moments and step) for resuming.</li>
 * </ul>
 * Files are written to a temporary name and renamed, sidecar last, so a crash never leaves a checkpoint whose
 * sidecar points at a half-written tensor file. Loading checks the format, version, checksum, names, shapes and
 * finiteness and fails with a message naming the problem.
 */
public final class Checkpoint {
    private Checkpoint() {}

    public static final String FORMAT = "last-toolkit-checkpoint";
    public static final int VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The sidecar.
     *
     * @param format         {@link #FORMAT}
     * @param version        {@link #VERSION}
     * @param config         the architecture
     * @param statesPerLayer stored states per layer (differs from the config after physical pruning)
     * @param task           task name, e.g. "smnist"
     * @param dataVersion    the dataset manifest's version string
     * @param seed           training seed
     * @param epoch          epochs completed
     * @param training       training settings (free-form)
     * @param metrics        metrics at this epoch (free-form)
     * @param sha256         checksum of model.npz
     */
    public record Meta(String format, int version, ModelConfig config, int[] statesPerLayer, String task,
                       String dataVersion, long seed, int epoch, Map<String, Object> training,
                       Map<String, Object> metrics, String sha256) {}

    /** Writes the model (and the optimiser state, if given) into {@code dir} atomically; returns the sidecar written. */
    public static Meta save(SequenceModel model, Path dir, String task, String dataVersion, long seed, int epoch,
                            Map<String, Object> training, Map<String, Object> metrics, Map<String, NDArray> optimizer) {
        try {
            Files.createDirectories(dir);
            byte[] npz = encode(model.tensors());
            Meta meta = new Meta(FORMAT, VERSION, model.config(), model.statesPerLayer(), task, dataVersion, seed, epoch,
                    training, metrics, sha256(npz));
            if (optimizer != null) write(dir.resolve("optimizer.npz"), encode(optimizer));
            write(dir.resolve("model.npz"), npz);
            write(dir.resolve("model.json"), JSON.writeValueAsBytes(meta));
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
        if (meta.version() != VERSION)
            throw new IllegalArgumentException(json + " has checkpoint version " + meta.version() + " but this toolkit reads version " + VERSION);
        return meta;
    }

    /** Loads the model of the checkpoint in {@code dir} (validating checksum, names, shapes and finiteness). */
    public static SequenceModel load(Path dir) {
        Meta meta = meta(dir);
        byte[] npz = read(dir.resolve("model.npz"));
        String sum = sha256(npz);
        if (!sum.equals(meta.sha256()))
            throw new IllegalArgumentException("checkpoint " + dir + ": model.npz is corrupt or truncated (sha256 " + sum
                    + " but the sidecar records " + meta.sha256() + ")");
        NDManager m = NDManager.newBaseManager();
        try {
            Map<String, NDArray> t = decode(m, npz, dir.resolve("model.npz"));
            return SequenceModel.fromTensors(meta.config(), m, t);
        } catch (RuntimeException e) {
            m.close();
            throw new IllegalArgumentException("checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads the optimiser state saved beside the model, or null when there is none. */
    public static Map<String, NDArray> loadOptimizer(Path dir, NDManager m) {
        Path p = dir.resolve("optimizer.npz");
        return Files.isRegularFile(p) ? decode(m, read(p), p) : null;
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

    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
