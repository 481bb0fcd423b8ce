package last.data.source;

import last.data.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    @Test
    void readsPlainAndGzippedFiles() throws Exception {
        byte[] px = new byte[2 * 3 * 4];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 10);
        for (boolean gz : new boolean[]{false, true}) {
            Idx.Images im = Idx.images(Fixtures.idxImages(dir.resolve("im" + gz), px, 2, 3, 4, gz, 2051, 0));
            assertEquals(2, im.n());
            assertEquals(3, im.rows());
            assertEquals(4, im.cols());
            assertEquals(230, im.pixel(1, 2, 3));
            assertArrayEquals(new int[]{3, 0, 9}, Idx.labels(Fixtures.idxLabels(dir.resolve("lb" + gz), new int[]{3, 0, 9}, gz, 2049), 10));
        }
    }

    @Test
    void failsWithTheFileAndTheProblem() throws Exception {
        byte[] px = new byte[24];
        Path magic = Fixtures.idxImages(dir.resolve("magic"), px, 2, 3, 4, false, 2049, 0);
        assertMessage(() -> Idx.images(magic), "magic", "magic");
        Path cut = Fixtures.idxImages(dir.resolve("cut.gz"), px, 2, 3, 4, true, 2051, 5);
        assertMessage(() -> Idx.images(cut), "cut.gz", "truncated");
        Path lab = Fixtures.idxLabels(dir.resolve("labels"), new int[]{1, 12}, false, 2049);
        assertMessage(() -> Idx.labels(lab, 10), "labels", "outside");
        assertMessage(() -> Idx.images(dir.resolve("absent")), "absent", "missing");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String file, String problem) {
        String m = assertThrows(IllegalArgumentException.class, e).getMessage();
        assertTrue(m.contains(file) && m.contains(problem), m);
    }

    @Test
    void bitReversalPermutationMatchesS4AndS5() {
        int[] p = Mnist.bitReversalPermutation();
        assertEquals(784, p.length);
        assertArrayEquals(new int[]{0, 512, 256, 768, 128, 640, 384, 64, 576, 320}, Arrays.copyOf(p, 10));
        assertArrayEquals(new int[]{255, 767, 511}, Arrays.copyOfRange(p, 781, 784));
        int[] s = p.clone();
        Arrays.sort(s);
        for (int i = 0; i < 784; i++) assertEquals(i, s[i]);
    }
}
