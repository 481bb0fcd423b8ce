package last.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Tiny data files written by the tests themselves. */
public final class Fixtures {
    private Fixtures() {}

    /** IDX images (magic 2051) of n x rows x cols, optionally gzipped; {@code cut} bytes removed from the end. */
    public static Path idxImages(Path file, byte[] pixels, int n, int rows, int cols, boolean gzip, int magic, int cut) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); OutputStream o = gzip ? new GZIPOutputStream(raw) : raw) {
            DataOutputStream d = new DataOutputStream(o);
            d.writeInt(magic);
            d.writeInt(n); d.writeInt(rows); d.writeInt(cols);
            d.write(pixels, 0, pixels.length - cut);
            d.flush();
        }
        return file;
    }

    public static Path idxLabels(Path file, int[] labels, boolean gzip, int magic) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); OutputStream o = gzip ? new GZIPOutputStream(raw) : raw) {
            DataOutputStream d = new DataOutputStream(o);
            d.writeInt(magic);
            d.writeInt(labels.length);
            for (int l : labels) d.writeByte(l);
            d.flush();
        }
        return file;
    }
}
