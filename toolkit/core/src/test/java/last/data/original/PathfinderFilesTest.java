package last.data.original;

import last.data.SequenceDataset;
import last.data.generate.Pathfinder;
import static last.data.original.Cifar10Test.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathfinderFilesTest {
    @TempDir Path root;

    private static int px(int i, int r, int c) { return (i * 29 + r * 7 + c * 11) % 256; }

    /** A gray PNG of side s with pixels {@link #px}. */
    static void png(Path file, int i, int s) throws Exception {
        BufferedImage im = new BufferedImage(s, s, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < s; r++) for (int c = 0; c < s; c++) im.getRaster().setSample(c, r, 0, px(i, r, c));
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(im, "png", file.toFile()));
    }

    /** The LRA layout: metadata/1.npy (images 2, 3) and metadata/0.npy (images 0, 1), 4 x 4 PNGs under imgs/. */
    private void writeLayout() throws Exception {
        for (int i = 0; i < 4; i++) png(root.resolve("imgs/" + (i / 2) + "/sample_" + i + ".png"), i, 4);
        Files.createDirectories(root.resolve("metadata"));
        Files.writeString(root.resolve("metadata/0.npy"), "imgs/0 sample_0.png 0 1 1.0 14 4 2 0.5 1 1\nimgs/0 sample_1.png 1 0 1.0 14 4 2 0.5 1 1\n");
        Files.writeString(root.resolve("metadata/1.npy"), "imgs/1 sample_2.png 0 0 1.0 14 4 2 0.5 1 1\n\nimgs/1 sample_3.png 1 1 1.0 14 4 2 0.5 1 1\n");
    }

    @Test
    void readsMetadataInNumericOrderAndNormalisesToMinusOneOne() throws Exception {
        writeLayout();
        Files.writeString(root.resolve("metadata/10.npy"), "");              // sorts after 1.npy, adds nothing
        List<PathfinderFiles.Entry> e = PathfinderFiles.entries(root);
        assertEquals(4, e.size());
        assertEquals(root.resolve("imgs/1/sample_2.png"), e.get(2).image());
        SequenceDataset d = PathfinderFiles.dataset(root, "pf-files", 0);
        assertEquals(16, d.length());
        assertEquals(1, d.features());
        assertEquals(2, d.classes());
        assertArrayEquals(new int[]{1, 0, 0, 1}, d.labels());
        for (int i = 0; i < 4; i++)
            for (int t = 0; t < 16; t++) assertEquals((px(i, t / 4, t % 4) / 255.0 - 0.5) / 0.5, d.x()[i * 16 + t], 1e-6);
        assertEquals(2, PathfinderFiles.dataset(root, "pf-files", 2).size());
    }

    @Test
    void colourPngsAreConvertedWithPilLuma() throws Exception {
        BufferedImage im = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        im.setRGB(0, 0, 0xff0000);
        im.setRGB(1, 0, 0x00ff00);
        im.setRGB(0, 1, 0x0000ff);
        im.setRGB(1, 1, 0x646e5a);                                            // (100, 110, 90)
        Path f = root.resolve("rgb.png");
        ImageIO.write(im, "png", f.toFile());
        Pathfinder.Image p = PathfinderFiles.readImage(f, 1);
        assertEquals(76, p.pixel(0, 0));
        assertEquals(150, p.pixel(0, 1));
        assertEquals(29, p.pixel(1, 0));
        assertEquals(105, p.pixel(1, 1));
    }

    @Test
    void splitsEightyTenTenDeterministically() throws Exception {
        Files.createDirectories(root.resolve("metadata"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            png(root.resolve("imgs/0/s" + i + ".png"), i, 2);
            sb.append("imgs/0 s").append(i).append(".png ").append(i).append(' ').append(i % 2).append('\n');
        }
        Files.writeString(root.resolve("metadata/0.npy"), sb);
        SequenceDataset[] a = PathfinderFiles.splits(root, "pf", 0, 42), b = PathfinderFiles.splits(root, "pf", 0, 42);
        assertEquals(16, a[0].size());
        assertEquals(2, a[1].size());
        assertEquals(2, a[2].size());
        assertEquals("pf/val", a[1].name());
        for (int k = 0; k < 3; k++) assertArrayEquals(a[k].x(), b[k].x());
        java.util.Set<Float> first = new java.util.HashSet<>();                // the first pixel identifies an image
        for (SequenceDataset s : a) for (int i = 0; i < s.size(); i++) assertTrue(first.add(s.x()[i * 4]));
        assertEquals(20, first.size());
    }

    @Test
    void rejectsBadInputNamingTheFile() throws Exception {
        assertMessage(() -> PathfinderFiles.entries(root), "metadata", "missing");
        Files.createDirectories(root.resolve("metadata"));
        assertMessage(() -> PathfinderFiles.entries(root), "metadata", "no metadata files");
        Files.writeString(root.resolve("metadata/0.npy"), "\n");
        assertMessage(() -> PathfinderFiles.entries(root), "metadata", "empty split");
        Files.writeString(root.resolve("metadata/0.npy"), "imgs/0 a.png 0 2\n");
        assertMessage(() -> PathfinderFiles.entries(root), "0.npy line 1", "label 2");
        Files.writeString(root.resolve("metadata/0.npy"), "imgs/0 a.png 0\n");
        assertMessage(() -> PathfinderFiles.entries(root), "0.npy line 1", "4 columns");
        Files.writeString(root.resolve("metadata/0.npy"), "imgs/0 a.png 0 1\nimgs/0 b.png 1 0\n");
        assertMessage(() -> PathfinderFiles.images(root, 0), "a.png", "missing");
        png(root.resolve("imgs/0/a.png"), 0, 4);
        png(root.resolve("imgs/0/b.png"), 1, 3);
        assertMessage(() -> PathfinderFiles.images(root, 0), "b.png", "3 x 3");
        byte[] full = Files.readAllBytes(root.resolve("imgs/0/a.png"));
        Files.write(root.resolve("imgs/0/b.png"), java.util.Arrays.copyOf(full, full.length / 2));
        assertMessage(() -> PathfinderFiles.images(root, 0), "b.png");
        Files.writeString(root.resolve("imgs/0/b.png"), "not an image");
        assertMessage(() -> PathfinderFiles.images(root, 0), "b.png", "not a PNG");
    }
}
