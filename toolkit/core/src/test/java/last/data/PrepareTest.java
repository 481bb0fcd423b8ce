package last.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareTest {

    @Test
    void sha256MatchesAKnownVectorAndDetectsChanges(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("abc.txt");
        Files.writeString(f, "abc");
        // FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Prepare.sha256(f));
        Files.writeString(f, "abd");
        assertNotEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Prepare.sha256(f));
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Prepare.sha256(dir.resolve("missing.bin")));
        assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
    }

    @Test
    void verifyNamesAMissingOrCorruptFile(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("set"));
        Files.writeString(data.resolve("a.bin"), "abc");
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, "{\"format\":\"last-toolkit-data-manifest\",\"version\":1,\"datasets\":[{\"name\":\"set\",\"dir\":\""
                + data.toString().replace("\\", "\\\\") + "\",\"sha256\":{\"a.bin\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}},"
                + "{\"name\":\"gen\",\"sha256\":{\"fingerprint\":\"00\"}}]}");
        assertEquals(1, Prepare.verify(manifest, null));
        Files.writeString(data.resolve("a.bin"), "ab");                     // truncated
        var e = assertThrows(IllegalStateException.class, () -> Prepare.verify(manifest, null));
        assertTrue(e.getMessage().contains("a.bin") && e.getMessage().contains("corrupt"), e.getMessage());
        Files.delete(data.resolve("a.bin"));
        e = assertThrows(IllegalStateException.class, () -> Prepare.verify(manifest, null));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(manifest, "{ not json");
        e = assertThrows(IllegalStateException.class, () -> Prepare.verify(manifest, null));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }
}
