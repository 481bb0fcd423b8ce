package last.data.original;

import last.data.SequenceDataset;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class Cifar10Test {
    @TempDir Path dir;

    /** Pixel of image i, channel ch (0 R, 1 G, 2 B), row r, column c in the fixtures. */
    private static int px(int i, int ch, int r, int c) { return (i * 37 + ch * 80 + r * 5 + c * 3) % 256; }

    /** A batch file of the given labels with pixels {@link #px}; {@code cut} bytes removed from the end. */
    private static Path batch(Path file, int[] labels, int first, int cut) throws Exception {
        byte[] b = new byte[labels.length * Cifar10.RECORD];
        for (int k = 0; k < labels.length; k++) {
            int i = first + k, o = k * Cifar10.RECORD;
            b[o] = (byte) labels[k];
            for (int ch = 0; ch < 3; ch++)
                for (int r = 0; r < 32; r++)
                    for (int c = 0; c < 32; c++) b[o + 1 + ch * 1024 + r * 32 + c] = (byte) px(i, ch, r, c);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Arrays.copyOf(b, b.length - cut));
        return file;
    }

    private void writeRelease(Path d) throws Exception {
        for (int k = 1; k <= 5; k++) batch(d.resolve("data_batch_" + k + ".bin"), new int[]{k, 9 - k}, 2 * (k - 1), 0);
        batch(d.resolve("test_batch.bin"), new int[]{3, 0, 7}, 100, 0);
    }

    @Test
    void sCifarHasThreeNormalisedChannelsPerPixelRowMajor() throws Exception {
        writeRelease(dir);
        SequenceDataset d = Cifar10.test(dir, Cifar10.Variant.SCIFAR);
        assertEquals("scifar/test", d.name());
        assertEquals(1024, d.length());
        assertEquals(3, d.features());
        assertArrayEquals(new int[]{3, 0, 7}, d.labels());
        double[] mean = {0.4914, 0.4822, 0.4465}, std = {0.247, 0.243, 0.261};
        for (int i = 0; i < 3; i++)
            for (int r = 0; r < 32; r++)
                for (int c = 0; c < 32; c++)
                    for (int ch = 0; ch < 3; ch++)
                        assertEquals((px(100 + i, ch, r, c) / 255.0 - mean[ch]) / std[ch], d.x()[((i * 1024) + r * 32 + c) * 3 + ch], 1e-5);
        // one hand-checked value: image 0, R at (0, 0) is 100 * 37 % 256 = 116
        assertEquals((116 / 255.0 - 0.4914) / 0.247, d.x()[0], 1e-6);
    }

    @Test
    void lraImageIsPilGrayscaleWithLraStatistics() throws Exception {
        writeRelease(dir);
        assertEquals(0, Cifar10.gray(0, 0, 0));
        assertEquals(255, Cifar10.gray(255, 255, 255));
        assertEquals(76, Cifar10.gray(255, 0, 0));            // 0.299 * 255 = 76.2
        assertEquals(150, Cifar10.gray(0, 255, 0));           // 0.587 * 255 = 149.7
        assertEquals(29, Cifar10.gray(0, 0, 255));            // 0.114 * 255 = 29.1
        assertEquals(105, Cifar10.gray(100, 110, 90));        // 29.9 + 64.57 + 10.26 = 104.7
        SequenceDataset d = Cifar10.test(dir, Cifar10.Variant.LRA_IMAGE);
        assertEquals("lra-image/test", d.name());
        assertEquals(1, d.features());
        for (int i = 0; i < 3; i++)
            for (int t = 0; t < 1024; t++) {
                int r = t / 32, c = t % 32;
                int g = Cifar10.gray(px(100 + i, 0, r, c), px(100 + i, 1, r, c), px(100 + i, 2, r, c));
                assertEquals((g - 122.6) / 61.0, d.x()[i * 1024 + t], 1e-5);
            }
    }

    @Test
    void trainConcatenatesTheFiveBatchesAndFindsTheArchiveSubdirectory() throws Exception {
        writeRelease(dir.resolve("cifar-10-batches-bin"));
        Cifar10.Images im = Cifar10.readTrain(dir);
        assertEquals(10, im.n());
        assertArrayEquals(new int[]{1, 8, 2, 7, 3, 6, 4, 5, 5, 4}, im.labels());
        for (int i = 0; i < 10; i++) assertEquals(px(i, 2, 31, 7), im.pixel(i, 2, 31, 7));
        SequenceDataset[] tv = Cifar10.trainVal(dir, Cifar10.Variant.LRA_IMAGE, 4, 4, 1);
        assertEquals(4, tv[0].size());
        assertEquals(4, tv[1].size());
        assertEquals("lra-image/train4", tv[0].name());
        assertEquals("lra-image/val4", tv[1].name());
    }

    @Test
    void rejectsBadFilesNamingThem() throws Exception {
        Path missing = dir.resolve("test_batch.bin");
        assertMessage(() -> Cifar10.read(missing), "test_batch.bin", "missing");
        batch(dir.resolve("t.bin"), new int[]{1, 2}, 0, 5);
        assertMessage(() -> Cifar10.read(dir.resolve("t.bin")), "t.bin", "truncated");
        batch(dir.resolve("l.bin"), new int[]{1, 10}, 0, 0);
        assertMessage(() -> Cifar10.read(dir.resolve("l.bin")), "l.bin", "label 10 of record 1");
        Files.write(dir.resolve("e.bin"), new byte[0]);
        assertMessage(() -> Cifar10.read(dir.resolve("e.bin")), "e.bin", "empty");
        for (int k = 1; k <= 4; k++) batch(dir.resolve("data_batch_" + k + ".bin"), new int[]{0}, 0, 0);
        assertMessage(() -> Cifar10.readTrain(dir), "data_batch_5.bin", "missing");
    }

    public static void assertMessage(org.junit.jupiter.api.function.Executable run, String... parts) {
        String m = assertThrows(IllegalArgumentException.class, run).getMessage();
        for (String p : parts) assertTrue(m.contains(p), "message '" + m + "' lacks '" + p + "'");
    }
}
