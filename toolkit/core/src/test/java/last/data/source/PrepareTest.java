package last.data.source;

import last.data.DataPaths;
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

    // ------------------------------------------------------------------ prepare never re-blesses corrupt data

    /** A fake registry source: the pristine files in {@code origin}, "fetched" (copied) into {@code cache/set}. */
    static final class FakeSource {
        final Path origin, cached;
        int fetches;
        boolean replaceable = true;

        FakeSource(Path root) throws Exception {
            origin = Files.createDirectories(root.resolve("origin"));
            cached = root.resolve("cache/set");
            Files.writeString(origin.resolve("a.bin"), "abc");
            Files.writeString(origin.resolve("b.bin"), "0123456789");
        }

        Prepare.Source source(boolean reproducible) {
            return new Prepare.Source("set", "npm:set", "1.0", () -> {
                if (!Files.isDirectory(cached)) {
                    fetches++;
                    try {
                        Files.createDirectories(cached);
                        try (var s = Files.list(origin)) {
                            for (Path p : s.toList()) Files.copy(p, cached.resolve(p.getFileName()));
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return cached;
            }, f -> true, bad -> {
                if (!replaceable) throw new IllegalStateException("cannot replace " + bad);
                try {
                    DataPaths.deleteRecursively(cached);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, dir -> java.util.Map.of("n", 2), reproducible);
        }

        /** The manifest entry as {@code prepare} records it, read back. */
        Prepare.Recorded record(Path root, Prepare.Entry e) {
            Path m = root.resolve("manifest.json");
            Prepare.write(m, java.util.List.of(Prepare.toMap(e)));
            return Prepare.read(m).get(0);
        }
    }

    static void flipByte(Path f, int at) throws Exception {
        byte[] b = Files.readAllBytes(f);
        b[at] ^= 0x01;
        Files.write(f, b);
    }

    @Test
    void prepareFetchesAFileWithAChangedByteAgainInsteadOfRecordingItsNewChecksum(@TempDir Path root) throws Exception {
        FakeSource f = new FakeSource(root);
        Prepare.Entry first = Prepare.prepared(null, f.source(true), null);
        Prepare.Recorded rec = f.record(root, first);
        flipByte(f.cached.resolve("b.bin"), 3);
        Prepare.Entry again = Prepare.prepared(null, f.source(true), rec);
        assertEquals(2, f.fetches, "the changed file was fetched again");
        assertEquals(first.sha256(), again.sha256(), "the manifest keeps the source's checksums");
        assertEquals("0123456789", Files.readString(f.cached.resolve("b.bin")));
        assertEquals(2, Prepare.verify(root.resolve("manifest.json"), null));
    }

    @Test
    void prepareFetchesADeletedFileAgainInsteadOfDroppingItFromTheManifest(@TempDir Path root) throws Exception {
        FakeSource f = new FakeSource(root);
        Prepare.Recorded rec = f.record(root, Prepare.prepared(null, f.source(true), null));
        Files.delete(f.cached.resolve("a.bin"));
        Prepare.Entry again = Prepare.prepared(null, f.source(true), rec);
        assertEquals(2, f.fetches);
        assertTrue(again.sha256().containsKey("a.bin"), again.sha256().toString());
        assertTrue(Files.isRegularFile(f.cached.resolve("a.bin")));
    }

    @Test
    void prepareRefusesNamingTheFileWhenItCannotBeReplacedOrTheFreshCopyDiffers(@TempDir Path root) throws Exception {
        FakeSource f = new FakeSource(root);
        Prepare.Recorded rec = f.record(root, Prepare.prepared(null, f.source(true), null));
        flipByte(f.cached.resolve("a.bin"), 0);
        f.replaceable = false;                                     // a system package copy
        var e = assertThrows(IllegalStateException.class, () -> Prepare.prepared(null, f.source(true), rec));
        assertTrue(e.getMessage().contains("a.bin"), e.getMessage());
        f.replaceable = true;
        flipByte(f.origin.resolve("a.bin"), 0);                    // the source itself now differs from the manifest
        e = assertThrows(IllegalStateException.class, () -> Prepare.prepared(null, f.source(true), rec));
        assertTrue(e.getMessage().contains("a.bin") && e.getMessage().contains("fetched again"), e.getMessage());
        // a locally generated (non-reproducible) set records the regenerated file instead
        Prepare.Entry regenerated = Prepare.prepared(null, f.source(false), rec);
        assertEquals(Prepare.sha256(f.origin.resolve("a.bin")), regenerated.sha256().get("a.bin"));
    }

    @Test
    void aMalformedManifestIsAnErrorNamingManifestJsonAndTheProblem(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("manifest.json");
        String ok = "\"format\":\"last-toolkit-data-manifest\",\"version\":1";
        String hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "format");
        cases.put("[]", "not a JSON object");
        cases.put("{" + ok.replace(":1", ":2") + ",\"datasets\":[]}", "version");
        cases.put("{" + ok + "}", "datasets");
        cases.put("{" + ok + ",\"datasets\":{}}", "datasets");
        cases.put("{" + ok + ",\"datasets\":[{}]}", "name");
        cases.put("{" + ok + ",\"datasets\":[{\"name\":\"mnist\"}]}", "sha256");
        cases.put("{" + ok + ",\"datasets\":[{\"name\":\"mnist\",\"dir\":\"d\",\"sha256\":{\"a\":\"abc\"}}]}", "64 hex");
        cases.put("{" + ok + ",\"datasets\":[{\"name\":\"mnist\",\"dir\":3,\"sha256\":{\"a\":\"" + hex + "\"}}]}", "dir");
        cases.put("{" + ok + ",\"datasets\":[{\"name\":\"mnist\",\"sha256\":{\"../a\":\"" + hex + "\"}}]}", "plain file name");
        for (var c : cases.entrySet()) {
            Files.writeString(m, c.getKey());
            var e = assertThrows(IllegalStateException.class, () -> Prepare.verify(m, null), c.getKey());
            assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void verifyTaskChecksTheTasksFilesAgainstTheManifestAndCachesTheVerdict(@TempDir Path root) throws Exception {
        String old = System.getProperty("last.data");
        System.setProperty("last.data", root.toString());
        try {
            var e = assertThrows(IllegalStateException.class, () -> Prepare.verifyTask("smnist"));
            assertTrue(e.getMessage().contains("no data manifest"), e.getMessage());
            Prepare.verifyTask("listops");                           // generated: nothing to check
            FakeSource f = new FakeSource(root);
            Prepare.Entry set = Prepare.prepared(null, f.source(true), null);
            Prepare.write(Prepare.manifest(), java.util.List.of(Prepare.toMap(new Prepare.Entry("mnist", set.source(), set.version(),
                    set.sizes(), set.sha256(), 0))));
            e = assertThrows(IllegalStateException.class, () -> Prepare.verifyTask("scifar-fmnist"));
            assertTrue(e.getMessage().contains("fashion-mnist") && e.getMessage().contains("does not list"), e.getMessage());
            Prepare.verifyTask("smnist");
            assertTrue(Files.isRegularFile(root.resolve("manifest.verified.json")), "verdicts cached");
            Prepare.verifyTask("psmnist");
            Path b = f.cached.resolve("b.bin");
            var t = Files.getLastModifiedTime(b);
            flipByte(b, 5);
            Files.setLastModifiedTime(b, java.nio.file.attribute.FileTime.fromMillis(t.toMillis() + 2000));
            e = assertThrows(IllegalStateException.class, () -> Prepare.verifyTask("smnist"));
            assertTrue(e.getMessage().contains(b.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
            Files.delete(b);
            e = assertThrows(IllegalStateException.class, () -> Prepare.verifyTask("smnist"));
            assertTrue(e.getMessage().contains(b.toString()) && e.getMessage().contains("missing"), e.getMessage());
            Files.writeString(Prepare.manifest(), "{}");
            e = assertThrows(IllegalStateException.class, () -> Prepare.verifyTask("smnist"));
            assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("malformed"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty("last.data");
            else System.setProperty("last.data", old);
        }
    }
}
