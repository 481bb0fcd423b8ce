package last.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * flax's msgpack checkpoint encoding ({@code flax.serialization.to_bytes} / {@code msgpack_serialize}, read in
 * google/flax {@code flax/serialization.py}, "On-the-wire / disk serialization format"): the state dict is a msgpack
 * map of maps; every array leaf is a msgpack extension of type code 1 ({@code _MsgpackExtType.ndarray}; 3 is a numpy
 * scalar, same payload) whose payload is itself msgpack of the triple {@code (shape, dtype name, row-major bytes)}
 * ({@code _ndarray_to_bytes}); arrays above 2^30 bytes are split into a map marked
 * {@code __msgpack_chunked_array__} ({@code _chunk}; not read here: such a model does not fit this toolkit anyway). Lists and tuples of modules appear as maps keyed "0", "1", ...
 *
 * <p>This class reads such a file into flat names joined by '/' ({@code params/encoder/layers_0/seq/B}); scalar
 * leaves (a TrainState's {@code step}) are skipped. It writes flat names back as nested maps with the same
 * extension encoding, so {@code flax.serialization.msgpack_restore} reads the file.
 */
public final class FlaxMsgpack {
    private FlaxMsgpack() {}

    /** flax's {@code _MsgpackExtType.ndarray}. */
    static final byte EXT_NDARRAY = 1;
    /** flax's {@code _MsgpackExtType.npscalar}. */
    static final byte EXT_NPSCALAR = 3;

    /** Every array leaf of the flax checkpoint, by its '/'-joined path. */
    public static Map<String, HostArray> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, HostArray> out = new LinkedHashMap<>();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            if (!u.hasNext() || u.getNextFormat().getValueType() != ValueType.MAP)
                throw new IllegalArgumentException(file + " is not a flax msgpack checkpoint (the top level is not a map)");
            readValue(u, "", out, file);
            if (u.hasNext()) throw new IllegalArgumentException(file + " has trailing data after the checkpoint map");
        } catch (IOException | org.msgpack.core.MessagePackException e) {
            throw new IllegalArgumentException(file + " is not a valid msgpack file: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + " holds no arrays");
        return out;
    }

    private static void readValue(MessageUnpacker u, String path, Map<String, HostArray> out, Path file) throws IOException {
        ValueType t = u.getNextFormat().getValueType();
        switch (t) {
            case MAP -> {
                int n = u.unpackMapHeader();
                for (int i = 0; i < n; i++) {
                    String key = readKey(u, path, file);
                    if (key.equals("__msgpack_chunked_array__"))
                        throw new IllegalArgumentException(file + ": '" + path + "' is a chunked array (flax splits arrays over 2^30 bytes);"
                                + " chunked arrays are not read: save that checkpoint as .npz instead");
                    readValue(u, path.isEmpty() ? key : path + "/" + key, out, file);
                }
            }
            case ARRAY -> {                                       // a list leaf (rare): index it like flax's to_state_dict
                int n = u.unpackArrayHeader();
                for (int i = 0; i < n; i++) readValue(u, path + "/" + i, out, file);
            }
            case EXTENSION -> {
                var h = u.unpackExtensionTypeHeader();
                byte[] payload = u.readPayload(h.getLength());
                if (h.getType() != EXT_NDARRAY && h.getType() != EXT_NPSCALAR)
                    throw new IllegalArgumentException(file + ": '" + path + "' is a msgpack extension of type " + h.getType()
                            + " but flax stores arrays as type " + EXT_NDARRAY + " (ndarray) or " + EXT_NPSCALAR + " (numpy scalar)");
                out.put(path, ndarray(payload, file + ": array '" + path + "'"));
            }
            default -> u.skipValue();                            // step counters, strings, None: not arrays
        }
    }

    private static String readKey(MessageUnpacker u, String path, Path file) throws IOException {
        ValueType t = u.getNextFormat().getValueType();
        return switch (t) {
            case STRING -> u.unpackString();
            case INTEGER -> Long.toString(u.unpackLong());
            case BINARY -> new String(u.readPayload(u.unpackBinaryHeader()), java.nio.charset.StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(file + ": a key under '" + path + "' is a " + t + ", not a name");
        };
    }

    /** flax's {@code _ndarray_from_bytes}: msgpack of (shape, dtype name, C-order bytes), little-endian. */
    static HostArray ndarray(byte[] payload, String what) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
            int parts = u.unpackArrayHeader();
            if (parts != 3) throw new IllegalArgumentException(what + ": the ndarray payload has " + parts + " parts, not (shape, dtype, bytes)");
            int rank = u.unpackArrayHeader();
            long[] shape = new long[rank];
            for (int i = 0; i < rank; i++) shape[i] = u.unpackLong();
            ValueType t = u.getNextFormat().getValueType();
            String dtype = t == ValueType.STRING ? u.unpackString()
                    : new String(u.readPayload(u.unpackBinaryHeader()), java.nio.charset.StandardCharsets.US_ASCII);
            ValueType bt = u.getNextFormat().getValueType();
            byte[] data = bt == ValueType.BINARY ? u.readPayload(u.unpackBinaryHeader()) : u.readPayload(u.unpackRawStringHeader());
            int n = Math.toIntExact(HostArray.size(shape));
            ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int width = switch (dtype) {
                case "float32", "int32", "uint32" -> 4;
                case "float64", "int64" -> 8;
                default -> throw new IllegalArgumentException(what + " has dtype '" + dtype
                        + "'; float32, float64, int32 and int64 are read (complex arrays must be stored as a trailing axis of 2: re, im)");
            };
            if (data.length != (long) n * width)
                throw new IllegalArgumentException(what + " has " + data.length + " bytes but shape " + HostArray.shapeString(shape)
                        + " of " + dtype + " needs " + (long) n * width);
            switch (dtype) {
                case "float32": { float[] v = new float[n]; bb.asFloatBuffer().get(v); return new HostArray("float32", shape, v, null); }
                case "float64": { float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) bb.getDouble(8 * i); return new HostArray("float64", shape, v, null); }
                case "int64": { long[] v = new long[n]; bb.asLongBuffer().get(v); return new HostArray("int64", shape, null, v); }
                default: { long[] v = new long[n]; for (int i = 0; i < n; i++) v[i] = dtype.equals("uint32") ? Integer.toUnsignedLong(bb.getInt(4 * i)) : bb.getInt(4 * i); return new HostArray(dtype, shape, null, v); }
            }
        }
    }

    /**
     * Writes arrays named by '/'-joined paths as a flax msgpack checkpoint (nested maps, array leaves as extension
     * type 1 with float32 or int64 payloads), atomically. Keys are written in sorted order, as flax's state dicts are.
     */
    public static void write(Path file, Map<String, HostArray> arrays) {
        Map<String, Object> tree = new TreeMap<>();
        for (var e : arrays.entrySet()) {
            String[] parts = e.getKey().split("/");
            Map<String, Object> node = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
                if (!(next instanceof Map)) throw new IllegalArgumentException("'" + e.getKey() + "' lies under an array leaf");
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) next;
                node = m;
            }
            if (node.put(parts[parts.length - 1], e.getValue()) != null) throw new IllegalArgumentException("duplicate path " + e.getKey());
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            pack(p, tree);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, p.toByteArray());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void pack(MessageBufferPacker p, Object node) throws IOException {
        if (node instanceof HostArray a) {
            byte[] payload = ndarrayBytes(a);
            p.packExtensionTypeHeader(EXT_NDARRAY, payload.length);
            p.writePayload(payload);
            return;
        }
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) node;
        p.packMapHeader(m.size());
        for (var e : m.entrySet()) {
            p.packString(e.getKey());
            pack(p, e.getValue());
        }
    }

    /** flax's {@code _ndarray_to_bytes}: msgpack of (shape, dtype name as str, C-order bytes as bin). */
    static byte[] ndarrayBytes(HostArray a) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3);
            p.packArrayHeader(a.rank());
            for (long d : a.shape()) p.packLong(d);
            p.packString(a.floating() ? "float32" : "int64");
            int n = (int) a.size();
            ByteBuffer bb = ByteBuffer.allocate(n * (a.floating() ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            if (a.floating()) for (float x : a.values()) bb.putFloat(x);
            else for (long x : a.longs()) bb.putLong(x);
            p.packBinaryHeader(bb.capacity());
            p.writePayload(bb.array());
            return p.toByteArray();
        }
    }
}
