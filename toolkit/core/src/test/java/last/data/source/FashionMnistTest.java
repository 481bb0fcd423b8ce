package last.data.source;

import last.data.Fixtures;
import last.data.SequenceDataset;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir Path dir;

    /** Writes a 3-image fixture under the Debian file names; image i has pixel (r, c) = (i * 50 + r + c) % 256. */
    private byte[] writeFixture() throws Exception {
        byte[] px = new byte[3 * 28 * 28];
        for (int i = 0; i < 3; i++) for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) px[(i * 28 + r) * 28 + c] = (byte) ((i * 50 + r + c) % 256);
        for (String s : new String[]{"train", "t10k"}) {
            Fixtures.idxImages(dir.resolve(s + "-images-idx3-ubyte.gz"), px, 3, 28, 28, true, 2051, 0);
            Fixtures.idxLabels(dir.resolve(s + "-labels-idx1-ubyte.gz"), new int[]{4, 0, 9}, true, 2049);
        }
        return px;
    }

    @Test
    void padsTo32AndAppliesLraNormalisation() throws Exception {
        byte[] px = writeFixture();
        SequenceDataset d = FashionMnist.test(dir, FashionMnist.Norm.LRA_IMAGE);
        assertEquals(1024, d.length());
        assertEquals(1, d.features());
        assertArrayEquals(new int[]{4, 0, 9}, d.labels());
        float zero = (float) ((0 - 122.6 / 255) / (61.0 / 255));
        for (int i = 0; i < 3; i++)
            for (int r = 0; r < 32; r++)
                for (int c = 0; c < 32; c++) {
                    boolean inside = r >= 2 && r < 30 && c >= 2 && c < 30;
                    double p = inside ? (px[(i * 28 + r - 2) * 28 + c - 2] & 0xff) : 0;
                    assertEquals((p - 122.6) / 61.0, d.x()[i * 1024 + r * 32 + c], 1e-5, "pixel " + i + "," + r + "," + c);
                    if (!inside) assertEquals(zero, d.x()[i * 1024 + r * 32 + c]);
                }
    }

    @Test
    void sCifarNormalisationUsesTrainStatisticsOfThePaddedImages() throws Exception {
        byte[] px = writeFixture();
        double s = 0, s2 = 0;
        for (byte b : px) { double v = (b & 0xff) / 255.0; s += v; s2 += v * v; }
        double mean = s / (3 * 1024), std = Math.sqrt(s2 / (3 * 1024) - mean * mean);
        assertArrayEquals(new double[]{mean, std}, FashionMnist.stats(dir, FashionMnist.Norm.SCIFAR), 1e-12);
        // the normalised training file has mean 0 and std 1 (the second, independent check)
        SequenceDataset d = FashionMnist.trainFull(dir, FashionMnist.Norm.SCIFAR);
        double m = 0, m2 = 0;
        for (float v : d.x()) { m += v; m2 += v * v; }
        assertEquals(0, m / d.x().length, 1e-5);
        assertEquals(1, m2 / d.x().length, 1e-4);
    }

    @Test
    void trainValIsStratifiedAndDisjoint() throws Exception {
        byte[] px = new byte[40 * 784];
        int[] y = new int[40];
        for (int i = 0; i < 40; i++) { y[i] = i % 10; px[i * 784] = (byte) i; }
        Fixtures.idxImages(dir.resolve("train-images-idx3-ubyte.gz"), px, 40, 28, 28, true, 2051, 0);
        Fixtures.idxLabels(dir.resolve("train-labels-idx1-ubyte.gz"), y, true, 2049);
        SequenceDataset[] tv = FashionMnist.trainVal(dir, FashionMnist.Norm.LRA_IMAGE, 20, 10, 1);
        assertEquals(20, tv[0].size());
        assertEquals(10, tv[1].size());
        int[] count = new int[10];
        for (int l : tv[0].labels()) count[l]++;
        for (int c : count) assertEquals(2, c);
        java.util.Set<Float> firstPixels = new java.util.HashSet<>();
        for (SequenceDataset d : tv) for (int i = 0; i < d.size(); i++) assertTrue(firstPixels.add(d.x()[i * 1024 + 2 * 32 + 2]));
    }

    @Test
    void rejectsImagesThatAreNot28By28() throws Exception {
        Fixtures.idxImages(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[32 * 32], 1, 32, 32, true, 2051, 0);
        Fixtures.idxLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[]{1}, true, 2049);
        var e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.test(dir, FashionMnist.Norm.LRA_IMAGE));
        assertTrue(e.getMessage().contains("28 x 28"), e.getMessage());
    }
}
