package last.data.source;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST (plain or gzipped): big-endian int32 magic
 * (0x0803 images, 0x0801 labels), int32 dimensions, then uint8 data.
 */
public final class Idx {
    private Idx() {}

    /** Images: n x rows x cols uint8 values (0..255), row-major. */
    public record Images(int n, int rows, int cols, byte[] pixels) {
        public int pixel(int image, int r, int c) { return pixels[(image * rows + r) * cols + c] & 0xff; }
    }

    public static Images images(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 2051) throw new IllegalArgumentException(file + ": wrong magic number " + magic + " for IDX images (expected 2051)");
            int n = in.readInt(), r = in.readInt(), c = in.readInt();
            if (n <= 0 || r <= 0 || c <= 0) throw new IllegalArgumentException(file + ": bad IDX image shape " + n + " x " + r + " x " + c);
            long size = (long) n * r * c;
            if (size > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException(file + ": IDX image shape " + n + " x " + r + " x " + c + " is too large (corrupt header?)");
            byte[] px = payload(in, (int) size, file, "pixels");
            return new Images(n, r, c, px);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated (fewer pixels than its header announces)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    public static int[] labels(Path file, int classes) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 2049) throw new IllegalArgumentException(file + ": wrong magic number " + magic + " for IDX labels (expected 2049)");
            int n = in.readInt();
            if (n <= 0) throw new IllegalArgumentException(file + ": bad IDX label count " + n);
            byte[] b = payload(in, n, file, "labels");
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = b[i] & 0xff;
                if (out[i] >= classes) throw new IllegalArgumentException(file + ": label " + out[i] + " at " + i + " is outside [0, " + classes + ")");
            }
            return out;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated (fewer labels than its header announces)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exactly {@code size} payload bytes and then the end of the file. Read in chunks rather than allocated up front, so
     * that a corrupt header announcing 2^31 values gives a named error instead of an OutOfMemoryError; and a file
     * longer than its header announces is refused too, since a changed dimension would otherwise reshape the data
     * silently.
     */
    private static byte[] payload(DataInputStream in, int size, Path file, String what) throws IOException {
        byte[] b = in.readNBytes(size);
        if (b.length < size) throw new EOFException();
        if (in.read() != -1)
            throw new IllegalArgumentException(file + " has more data than its header announces (" + size + " " + what
                    + "): corrupt header or not an IDX file");
        return b;
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing data file " + file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read(), b2 = raw.read();
        raw.reset();
        return new DataInputStream(b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }
}
