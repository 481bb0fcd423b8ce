package last.data;

import last.data.original.SpeechCommandsTest;
import last.data.generate.Pathfinder;
import last.data.original.Cifar10;
import last.data.original.LraTsv;
import last.data.original.PathfinderFiles;
import last.data.original.SpeechCommands;
import last.data.source.Idx;
import last.data.source.Prepare;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 seeded random truncations and byte flips of a small valid file per reader of outside data. Every outcome must
 * be a correct result or an IllegalArgumentException / UncheckedIOException (IllegalStateException for the manifest)
 * whose message names the file; never a hang, an unnamed exception or error, or a silently wrong value: a flip inside
 * the header ({@code header} bytes) must give the original result or an error, a flip in the payload must keep the
 * shape, and a truncation of a binary format must be an error.
 */
class ReaderFuzzTest {

    static final int TRIALS = 200;

    interface Reader { Object read(Path f) throws Exception; }

    /** A comparable summary of a result: its "shape" (sizes, rates) and its full value. */
    interface Summary { Object shape(Object r); Object value(Object r); }

    static void fuzz(String name, Path file, byte[] valid, int header, boolean binary, Reader reader, Summary sum,
                     Class<?>... allowed) throws Exception {
        Files.write(file, valid);
        Object original = reader.read(file);
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        for (int t = 0; t < TRIALS; t++) {
            byte[] b;
            boolean flip = rng.nextBoolean();
            int pos = rng.nextInt(valid.length);
            if (flip) {
                b = valid.clone();
                b[pos] ^= (byte) rng.nextInt(1, 256);
            } else b = Arrays.copyOf(valid, pos);
            Files.write(file, b);
            String what = name + " trial " + t + ": " + (flip ? "flip at byte " + pos : "truncated to " + pos + " bytes");
            Object[] got = new Object[1];
            Throwable[] err = new Throwable[1];
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try {
                    got[0] = reader.read(file);
                } catch (Throwable e) {
                    err[0] = e;
                }
            }, what + " hangs");
            if (err[0] != null) {
                Throwable e = err[0];
                boolean ok = e instanceof IllegalArgumentException || e instanceof UncheckedIOException;
                for (Class<?> c : allowed) ok |= c.isInstance(e);
                if (!ok) throw new AssertionError(what + ": unnamed " + e, e);
                assertTrue(e.getMessage() != null && e.getMessage().contains(file.getFileName().toString()),
                        what + ": the message does not name the file: " + e.getMessage());
                continue;
            }
            if (!flip && binary) fail(what + ": a truncated file was read without an error");
            if (flip && pos < header)
                assertEquals(sum.value(original), sum.value(got[0]), what + ": a header flip changed the result silently");
            else assertEquals(sum.shape(original), sum.shape(got[0]), what + ": the shape changed silently");
        }
    }

    static Summary idx() {
        return new Summary() {
            public Object shape(Object r) { var i = (Idx.Images) r; return i.n() + "x" + i.rows() + "x" + i.cols(); }
            public Object value(Object r) { return shape(r) + Arrays.toString(((Idx.Images) r).pixels()); }
        };
    }

    static byte[] pixels(int n) {
        byte[] px = new byte[n];
        for (int i = 0; i < n; i++) px[i] = (byte) (i * 37 + 11);
        return px;
    }

    @Test
    void idxImagesPlainAndGzipped(@TempDir Path dir) throws Exception {
        for (boolean gz : new boolean[]{false, true}) {
            Path f = Fixtures.idxImages(dir.resolve("t" + gz), pixels(3 * 5 * 4), 3, 5, 4, gz, 2051, 0);
            byte[] valid = Files.readAllBytes(f);
            fuzz("idx-images-" + gz, dir.resolve(gz ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte"), valid,
                    gz ? 0 : 16, true, Idx::images, idx());
        }
    }

    @Test
    void idxLabels(@TempDir Path dir) throws Exception {
        Path f = Fixtures.idxLabels(dir.resolve("l"), new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2}, false, 2049);
        fuzz("idx-labels", dir.resolve("train-labels-idx1-ubyte"), Files.readAllBytes(f), 8, true, p -> Idx.labels(p, 10), new Summary() {
            public Object shape(Object r) { return ((int[]) r).length; }
            public Object value(Object r) { return Arrays.toString((int[]) r); }
        });
    }

    @Test
    void cifarBinary(@TempDir Path dir) throws Exception {
        byte[] valid = new byte[2 * Cifar10.RECORD];
        byte[] px = pixels(valid.length);
        System.arraycopy(px, 0, valid, 0, valid.length);
        valid[0] = 3;
        valid[Cifar10.RECORD] = 7;
        fuzz("cifar", dir.resolve("test_batch.bin"), valid, 0, false, Cifar10::read, new Summary() {
            public Object shape(Object r) { return ((Cifar10.Images) r).labels().length + " " + ((Cifar10.Images) r).pixels().length / 3072; }
            public Object value(Object r) { return shape(r); }
        });
    }

    @Test
    void lraRetrievalTsv(@TempDir Path dir) throws Exception {
        String tsv = "label\tid1\tid2\ttext1\ttext2\n1\ta\tb\tthe first paper\tthe second one\n0\tc\td\tanother text\tyet another\n1.0\te\tf\tx y z\tw\n";
        fuzz("lra-tsv", dir.resolve("new_aan_pairs.train.tsv"), tsv.getBytes(StandardCharsets.UTF_8), 0, false, LraTsv::retrieval,
                new Summary() {
                    public Object shape(Object r) { return "any"; }   // text: a changed character is a valid other text
                    public Object value(Object r) { return "any"; }
                });
    }

    @Test
    void pathfinderPngAndMetadata(@TempDir Path dir) throws Exception {
        BufferedImage im = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) im.getRaster().setSample(x, y, 0, (x * 31 + y * 17) & 0xff);
        Path png = dir.resolve("sample_0.png");
        assertTrue(ImageIO.write(im, "png", png.toFile()));
        byte[] valid = Files.readAllBytes(png);
        fuzz("pathfinder-png", png, valid, valid.length, true, p -> PathfinderFiles.readImage(p, 1), new Summary() {
            public Object shape(Object r) { return ((Pathfinder.Image) r).size(); }
            public Object value(Object r) { return shape(r) + Arrays.toString(((Pathfinder.Image) r).pixels()); }
        });
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("metadata"));
        String meta = "imgs/0 sample_0.png 0 1 1.0 14 4 2 0.5 1 1\nimgs/0 sample_1.png 1 0 1.0 14 4 2 0.5 1 1\n";
        fuzz("pathfinder-metadata", root.resolve("metadata/0.npy"), meta.getBytes(StandardCharsets.UTF_8), 0, false,
                p -> PathfinderFiles.entries(root), new Summary() {
                    public Object shape(Object r) { return "any"; }
                    public Object value(Object r) { return "any"; }
                });
    }

    @Test
    void wav(@TempDir Path dir) throws Exception {
        Path f = SpeechCommandsTest.clip(dir.resolve("c.wav"), 40, 3);
        byte[] valid = Files.readAllBytes(f);
        int header = valid.length - 80;   // everything before the samples: RIFF, fmt, LIST and the data chunk header
        fuzz("wav", dir.resolve("0a2b400e_nohash_0.wav"), valid, header, true, SpeechCommands::readWav, new Summary() {
            public Object shape(Object r) { return ((SpeechCommands.Wav) r).samples().length; }
            public Object value(Object r) {
                var w = (SpeechCommands.Wav) r;
                return w.sampleRate() + " " + Arrays.toString(w.samples());
            }
        });
    }

    @Test
    void dataManifest(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("set"));
        Files.writeString(data.resolve("a.bin"), "abc");
        String m = "{\"format\":\"last-toolkit-data-manifest\",\"version\":1,\"datasets\":[{\"name\":\"set\",\"dir\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(data.toString())
                + ",\"sha256\":{\"a.bin\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}}]}";
        fuzz("manifest", dir.resolve("manifest.json"), m.getBytes(StandardCharsets.UTF_8), 0, false, p -> Prepare.verify(p, null),
                new Summary() {
                    public Object shape(Object r) { return Objects.toString(r); }   // the number of verified files
                    public Object value(Object r) { return shape(r); }
                }, IllegalStateException.class);
    }
}
