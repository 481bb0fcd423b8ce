package last.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed raw-member API of {@link Npz} ({@code writeRaw}, {@code scan}) against the array API. */
class NpzTest {
    @TempDir Path dir;

    @Test
    void rawMembersGiveTheSameBytesAsTheArrayWriter() throws Exception {
        float[] w = {1.5f, -2f, 3.25f, 0f, 7f, -0.125f};
        ByteBuffer b = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : w) b.putFloat(x);
        Path raw = dir.resolve("raw.npz"), arrays = dir.resolve("arrays.npz");
        Npz.writeRaw(raw, List.of(new Npz.Raw(new Npz.Member("w", "<f4", new long[]{2, 3}), b.array())));
        Npz.write(arrays, Map.of("w", HostArray.of(w, 2, 3)));
        assertArrayEquals(Files.readAllBytes(arrays), Files.readAllBytes(raw));
        assertArrayEquals(w, Npz.read(raw).get("w").values());
    }

    @Test
    void int16AndBytesStreamBackInOrder() throws Exception {
        short[] s = {-32768, -1, 0, 1, 12345, 32767};
        ByteBuffer b = ByteBuffer.allocate(2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short x : s) b.putShort(x);
        byte[] text = "{\"a\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path f = dir.resolve("m.npz");
        Npz.writeRaw(f, List.of(new Npz.Raw(new Npz.Member("meta", "|u1", new long[]{text.length}), text),
                new Npz.Raw(new Npz.Member("pcm", "<i2", new long[]{3, 2}), b.array())));
        List<String> names = new ArrayList<>();
        short[] back = new short[6];
        Npz.scan(f, (m, data) -> {
            names.add(m.name() + " " + m.descr() + " " + m.shapeString());
            if (m.name().equals("pcm")) {
                DataInputStream in = new DataInputStream(data);
                in.readShort();                                    // read a prefix only: scan skips and checks the rest
            }
        });
        assertEquals(List.of("meta |u1 (" + text.length + ",)", "pcm <i2 (3, 2)"), names);
        Npz.scan(f, (m, data) -> {
            if (!m.name().equals("pcm")) return;
            ByteBuffer all = ByteBuffer.wrap(data.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 6; i++) back[i] = all.getShort();
        });
        assertArrayEquals(s, back);
    }

    @Test
    void wrongSizesAndDamagedFilesAreNamed() throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Npz.Raw(new Npz.Member("x", "<i2", new long[]{4}), new byte[7]));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("needs 8 bytes"), e.getMessage());
        Path f = dir.resolve("d.npz");
        Npz.writeRaw(f, List.of(new Npz.Raw(new Npz.Member("x", "<i2", new long[]{1000}), new byte[2000])));
        byte[] all = Files.readAllBytes(f);
        byte[] flipped = all.clone();
        flipped[all.length / 2] ^= 4;
        Files.write(f, flipped);
        e = assertThrows(IllegalArgumentException.class, () -> Npz.scan(f, (m, d) -> { }));
        assertTrue(e.getMessage().contains("d.npz") && e.getMessage().contains("CRC-32"), e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
        e = assertThrows(IllegalArgumentException.class, () -> Npz.scan(f, (m, d) -> { }));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npz.scan(dir.resolve("none.npz"), (m, d) -> { }));
        assertTrue(e.getMessage().contains("missing file"), e.getMessage());
        try (var s = Files.list(dir)) { assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count(), "no temp file left"); }
    }
}
