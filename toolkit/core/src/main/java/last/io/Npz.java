package last.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npz}: a zip archive of {@code <name>.npy} members (numpy's NEP 1 format: magic {@code \x93NUMPY},
 * version, a little-endian header length, a Python-literal header dict with {@code descr}, {@code fortran_order} and
 * {@code shape}, then the raw data). This is what {@code np.savez(file, **arrays)} writes, so names may hold '/' and
 * '.' ({@code params/encoder/layers_0/seq/B}, {@code s4_layers.0.kernel.C}).
 *
 * <p>Read: little-endian float32, float64 (narrowed to float32), int32 and int64, C order. Written: float32 and
 * int64, format version 1.0, stored entries in name order, so that the same arrays give the same bytes.
 */
public final class Npz {
    private Npz() {}

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Every array of the archive by name (the member name without {@code .npy}), in archive order. */
    public static Map<String, HostArray> read(Path file) {
        Map<String, HostArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String member = e.getName();
                if (e.isDirectory()) continue;
                if (!member.endsWith(".npy"))
                    throw new IllegalArgumentException(file + ": member '" + member + "' is not a .npy array");
                String name = member.substring(0, member.length() - 4);
                out.put(name, readNpy(zip.readAllBytes(), file + ": array '" + name + "'"));
            }
        } catch (java.util.zip.ZipException ex) {
            throw new IllegalArgumentException(file + " is not an .npz archive (" + ex.getMessage() + ")", ex);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + " holds no arrays (is it an .npz archive?)");
        return out;
    }

    static HostArray readNpy(byte[] b, String what) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P' || b[5] != 'Y')
            throw new IllegalArgumentException(what + " is not in numpy's .npy format (bad magic)");
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen, start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            start = 12;
        } else throw new IllegalArgumentException(what + " has .npy version " + major + " (1, 2 and 3 are read)");
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(what + " has an unreadable .npy header: " + header.trim());
        if (f.group(1).equals("True"))
            throw new IllegalArgumentException(what + " is stored in Fortran order; save it with np.ascontiguousarray first");
        String[] dims = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        int n = Math.toIntExact(HostArray.size(shape));
        int data = start + headerLen;
        String descr = d.group(1);
        ByteBuffer v = ByteBuffer.wrap(b, data, b.length - data).slice().order(ByteOrder.LITTLE_ENDIAN);
        int width = switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IllegalArgumentException(what + " has dtype '" + descr
                    + "'; little-endian float32/float64/int32/int64 are read (complex arrays must be stored as a trailing axis of 2: re, im)");
        };
        if (v.remaining() < (long) n * width)
            throw new IllegalArgumentException(what + " is truncated: shape " + HostArray.shapeString(shape) + " needs " + (long) n * width + " bytes but has " + v.remaining());
        switch (descr) {
            case "<f4": { float[] x = new float[n]; v.asFloatBuffer().get(x); return new HostArray("float32", shape, x, null); }
            case "<f8": { float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = (float) v.getDouble(8 * i); return new HostArray("float64", shape, x, null); }
            case "<i4": { long[] x = new long[n]; for (int i = 0; i < n; i++) x[i] = v.getInt(4 * i); return new HostArray("int32", shape, null, x); }
            default: { long[] x = new long[n]; v.asLongBuffer().get(x); return new HostArray("int64", shape, null, x); }
        }
    }

    /** Writes the arrays (float32, or int64 for integer arrays) as an .npz archive, atomically. */
    public static void write(Path file, Map<String, HostArray> arrays) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp)) {
                write(os, arrays);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void write(OutputStream os, Map<String, HostArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(os);
        for (var e : arrays.entrySet()) {
            byte[] npy = npy(e.getValue());
            ZipEntry z = new ZipEntry(e.getKey() + ".npy");
            z.setMethod(ZipEntry.STORED);                       // as np.savez
            z.setSize(npy.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(npy);
            z.setCrc(crc.getValue());
            z.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
            zip.putNextEntry(z);
            zip.write(npy);
            zip.closeEntry();
        }
        zip.finish();
    }

    static byte[] npy(HostArray a) {
        String descr = a.floating() ? "<f4" : "<i8";
        String shape = a.rank() == 1 ? "(" + a.shape()[0] + ",)" : HostArray.shapeString(a.shape());
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;             // header padded to 64 bytes, ends in '\n'
        String header = dict + " ".repeat(pad % 64) + "\n";
        int n = (int) a.size(), width = a.floating() ? 4 : 8;
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + n * width).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        if (a.floating()) for (float x : a.values()) bb.putFloat(x);
        else for (long x : a.longs()) bb.putLong(x);
        return bb.array();
    }

    // ------------------------------------------------------------------ raw members, streamed

    /**
     * One member of an archive as its .npy header describes it.
     *
     * @param name  the member name without {@code .npy}
     * @param descr numpy's dtype string, e.g. {@code <i2} (int16), {@code |u1} (uint8), {@code <f4}, {@code <i8}
     * @param shape dimensions, row-major (C order)
     */
    public record Member(String name, String descr, long[] shape) {
        public Member {
            shape = shape.clone();
            HostArray.size(shape);
        }

        /** Number of elements. */
        public long size() { return HostArray.size(shape); }

        /** numpy's shape string, for messages. */
        public String shapeString() { return HostArray.shapeString(shape); }

        /** Bytes per element of {@link #descr}. */
        public int width() {
            return switch (descr.substring(1)) {
                case "u1", "i1", "b1" -> 1;
                case "i2", "u2", "f2" -> 2;
                case "i4", "u4", "f4" -> 4;
                case "i8", "u8", "f8" -> 8;
                default -> throw new IllegalArgumentException("member '" + name + "' has dtype '" + descr + "' of unknown width");
            };
        }
    }

    /**
     * A member to write: its header and its data, already in the dtype's little-endian byte order
     * ({@code data.length == member.size() * member.width()}).
     */
    public record Raw(Member member, byte[] data) {
        public Raw {
            if ((long) data.length != member.size() * member.width())
                throw new IllegalArgumentException("member '" + member.name() + "' of shape " + member.shapeString() + " and dtype "
                        + member.descr() + " needs " + member.size() * member.width() + " bytes, not " + data.length);
        }
    }

    /** Receives the members of an archive in archive order, each one's data as a stream of its raw bytes. */
    @FunctionalInterface
    public interface Visitor {
        /** Reads (any prefix of) {@code data}, {@code m.size() * m.width()} bytes; the rest is skipped and checked. */
        void member(Member m, InputStream data) throws IOException;
    }

    /**
     * Writes members of any dtype as an .npz archive (STORED entries, as {@code np.savez}, fixed timestamps, so the
     * same members give the same bytes), through a temp file and an atomic rename: a failed write leaves an
     * existing {@code file} as it was.
     */
    public static void writeRaw(Path file, List<Raw> members) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                ZipOutputStream zip = new ZipOutputStream(os);
                for (Raw r : members) {
                    byte[] head = npyHeader(r.member().descr(), r.member().shape());
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(head);
                    crc.update(r.data());
                    ZipEntry z = new ZipEntry(r.member().name() + ".npy");
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(head.length + (long) r.data().length);
                    z.setCrc(crc.getValue());
                    z.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
                    zip.putNextEntry(z);
                    zip.write(head);
                    zip.write(r.data());
                    zip.closeEntry();
                }
                zip.finish();
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* nothing more to do */ }
        }
    }

    /**
     * Streams the members of an .npz archive to {@code visitor} in archive order, without holding a whole array in
     * memory. Every member's CRC-32 is checked against the archive's directory after the visitor returns.
     *
     * @throws IllegalArgumentException naming the file when it is missing, truncated, not an .npz archive, or a
     *                                  member fails its CRC-32 or has an unreadable .npy header
     */
    public static void scan(Path file, Visitor visitor) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing file " + file);
        try (java.util.zip.ZipFile zf = new java.util.zip.ZipFile(file.toFile())) {
            var entries = zf.entries();
            int count = 0;
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String member = e.getName();
                if (!member.endsWith(".npy")) throw new IllegalArgumentException(file + ": member '" + member + "' is not a .npy array");
                String name = member.substring(0, member.length() - 4);
                var checked = new java.util.zip.CheckedInputStream(zf.getInputStream(e), new java.util.zip.CRC32());
                java.io.DataInputStream in = new java.io.DataInputStream(checked);
                Member m = readHeader(in, name, file + ": array '" + name + "'");
                long bytes = m.size() * m.width();
                InputStream data = new BoundedInput(in, bytes);
                visitor.member(m, data);
                data.transferTo(OutputStream.nullOutputStream());
                if (checked.read() != -1) throw new IllegalArgumentException(file + " is corrupt: member '" + name + "' holds more than its shape " + m.shapeString());
                if (checked.getChecksum().getValue() != e.getCrc())
                    throw new IllegalArgumentException(file + " is corrupt: member '" + name + "' fails its CRC-32 check");
                count++;
            }
            if (count == 0) throw new IllegalArgumentException(file + " holds no arrays (is it an .npz archive?)");
        } catch (java.util.zip.ZipException ex) {
            throw new IllegalArgumentException(file + " is corrupt, truncated or not an .npz archive (" + ex.getMessage() + ")", ex);
        } catch (java.io.EOFException ex) {
            throw new IllegalArgumentException(file + " is truncated: a member ends before its shape says", ex);
        } catch (IOException ex) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static Member readHeader(java.io.DataInputStream in, String name, String what) throws IOException {
        byte[] magic = new byte[8];
        in.readFully(magic);
        if ((magic[0] & 0xff) != 0x93 || magic[1] != 'N' || magic[2] != 'U' || magic[3] != 'M' || magic[4] != 'P' || magic[5] != 'Y')
            throw new IllegalArgumentException(what + " is not in numpy's .npy format (bad magic)");
        int major = magic[6];
        int headerLen;
        if (major == 1) headerLen = (in.readUnsignedByte() | in.readUnsignedByte() << 8);
        else if (major == 2 || major == 3) headerLen = Integer.reverseBytes(in.readInt());
        else throw new IllegalArgumentException(what + " has .npy version " + major + " (1, 2 and 3 are read)");
        if (headerLen < 0 || headerLen > (1 << 20)) throw new IllegalArgumentException(what + " has a header of " + headerLen + " bytes");
        byte[] hb = new byte[headerLen];
        in.readFully(hb);
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(what + " has an unreadable .npy header: " + header.trim());
        if (f.group(1).equals("True"))
            throw new IllegalArgumentException(what + " is stored in Fortran order; save it with np.ascontiguousarray first");
        long[] shape = java.util.Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        String descr = d.group(1);
        if (descr.length() > 1 && descr.charAt(0) == '>' && !descr.endsWith("1"))
            throw new IllegalArgumentException(what + " is big-endian ('" + descr + "'); little-endian arrays are read");
        return new Member(name, descr, shape);
    }

    private static byte[] npyHeader(String descr, long[] shape) {
        String sh = shape.length == 1 ? "(" + shape[0] + ",)" : HostArray.shapeString(shape);
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        return bb.array();
    }

    /** At most {@code left} bytes of {@code in}; close does nothing. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long left) { this.in = in; this.left = left; }

        @Override public int read() throws IOException {
            if (left <= 0) return -1;
            int b = in.read();
            if (b < 0) throw new java.io.EOFException();
            left--;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new java.io.EOFException();
            left -= n;
            return n;
        }
    }

    /** The bytes of an .npz archive of the arrays (for tests and checksums). */
    static byte[] bytes(Map<String, HostArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, arrays);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
