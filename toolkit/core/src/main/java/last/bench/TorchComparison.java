package last.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The speed issue's side-by-side table, rerun (benchmark, not a test): the toolkit's S5 and S4D training step,
 * inference rate and memory per training iteration against the same computation written idiomatically in PyTorch
 * ({@code tools/bench_pytorch.py}), same shapes, thread count and malloc settings.
 *
 * <p>Every measurement runs in a fresh child process (a JVM running {@code bench-train --json}, or the Python script
 * with {@code --json}), so that the memory of one run does not hide that of the next, and the two sides alternate
 * round by round (Java S5, PyTorch S5, Java S4D, PyTorch S4D, ...) so that a change in the machine's load hits both.
 * Reported: the median over the rounds with the spread (min, max). Memory is the growth of the resident set over its
 * value with the model built, at its peak during the timed loop ({@link ProcessMemory}), measured the same way on both
 * sides. The PyTorch side needs a Python with torch ({@code apt-get install python3-torch} gives 1.13 on Debian 12);
 * without one the Java side is printed alone.
 */
public final class TorchComparison {
    private TorchComparison() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** One side's measurements over the rounds, per model kind. */
    public record Side(String name, Map<String, List<JsonNode>> byKind) {}

    /** The first of {@code LAST_TORCH_PYTHON}, /usr/bin/python3, python3 that imports torch, or null. */
    public static String torchPython() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("LAST_TORCH_PYTHON");
        if (env != null && !env.isBlank()) candidates.add(env);
        candidates.addAll(List.of("/usr/bin/python3", "python3"));
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) return py;
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Runs the comparison and prints it; {@code script} is tools/bench_pytorch.py. */
    public static void run(int rounds, int len, int h, int p, int layers, int batch, int steps, int threads, Path script) {
        if (rounds < 1 || len < 1 || h < 1 || p < 2 || layers < 1 || batch < 1 || steps < 1 || threads < 1)
            throw new IllegalArgumentException("bench-compare: rounds, L, H, layers, batch, steps and threads must be >= 1 and P >= 2");
        String py = torchPython();
        if (py != null && !Files.isRegularFile(script))
            throw new IllegalArgumentException("bench-compare: the PyTorch script " + script + " does not exist");
        System.out.printf(Locale.ROOT, "bench-compare: L=%d H=%d P=%d layers=%d B=%d, %d timed steps per run, %d threads, %d rounds; PyTorch: %s%n",
                len, h, p, layers, batch, steps, threads, rounds, py == null ? "not available (Java only)" : py);
        String[] kinds = {"S5", "S4D"};
        Map<String, List<JsonNode>> java = new TreeMap<>(), torch = new TreeMap<>();
        String torchVersion = "";
        for (int r = 0; r < rounds; r++) {
            for (String kind : kinds) {
                String[] a = {kind, "" + len, "" + h, "" + p, "" + layers, "" + batch, "" + steps};
                JsonNode j = child(javaCommand(a, threads));
                java.computeIfAbsent(kind, k -> new ArrayList<>()).add(j);
                System.out.printf(Locale.ROOT, "round %d %-3s java    train %7.1f ms/step  infer %7.1f seq/s  peak +%6.0f MB%n", r + 1, kind,
                        j.get("train_ms").asDouble(), j.get("infer_seq_s").asDouble(), j.get("peak_train_mb").asDouble());
                if (py != null) {
                    JsonNode t = child(List.of(py, script.toString(), "--kind", kind, "--length", "" + len, "--h", "" + h, "--p", "" + p,
                            "--layers", "" + layers, "--batch", "" + batch, "--steps", "" + steps, "--threads", "" + threads, "--json"));
                    torch.computeIfAbsent(kind, k -> new ArrayList<>()).add(t);
                    torchVersion = t.path("torch").asText();
                    System.out.printf(Locale.ROOT, "round %d %-3s pytorch train %7.1f ms/step  infer %7.1f seq/s  peak +%6.0f MB%n", r + 1, kind,
                            t.get("train_ms").asDouble(), t.get("infer_seq_s").asDouble(), t.get("peak_train_mb").asDouble());
                }
            }
        }
        System.out.println();
        System.out.println("| measurement | Java (median [min, max]) | PyTorch " + torchVersion + " (median [min, max]) | Java / PyTorch | goal |");
        System.out.println("|---|---|---|---|---|");
        for (String kind : kinds) {
            row(kind + " training step (ms)", java.get(kind), torch.get(kind), "train_ms", "<= 1");
            row(kind + " inference (seq/s)", java.get(kind), torch.get(kind), "infer_seq_s", ">= 1");
            row(kind + " memory per training iteration (MB, peak RSS growth)", java.get(kind), torch.get(kind), "peak_train_mb", "<= 1.2");
        }
    }

    static void row(String what, List<JsonNode> java, List<JsonNode> torch, String field, String goal) {
        double[] j = stats(java, field), t = torch == null ? null : stats(torch, field);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", what, fmt(j), t == null ? "n/a" : fmt(t),
                t == null ? "n/a" : String.format(Locale.ROOT, "%.2f", j[0] / t[0]), goal);
    }

    /** {median, min, max} of one field over the rounds. */
    static double[] stats(List<JsonNode> runs, String field) {
        double[] v = runs.stream().mapToDouble(n -> n.get(field).asDouble()).sorted().toArray();
        double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new double[]{med, v[0], v[v.length - 1]};
    }

    static String fmt(double[] s) { return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", s[0], s[1], s[2]); }

    static List<String> javaCommand(String[] benchArgs, int threads) {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads, "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), "last.cli.Main", "bench-train"));
        cmd.addAll(Arrays.asList(benchArgs));
        cmd.add("--json");
        return cmd;
    }

    /** Runs a child process (same environment: malloc settings included) and parses the last JSON line it prints. */
    static JsonNode child(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            String last = null;
            for (String line : out.split("\n")) if (line.trim().startsWith("{")) last = line.trim();
            if (code != 0 || last == null)
                throw new IllegalStateException("bench-compare: " + String.join(" ", cmd.subList(0, Math.min(3, cmd.size())))
                        + "... exited with " + code + " without a result line; its output ends: "
                        + out.substring(Math.max(0, out.length() - 600)));
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("bench-compare: cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench-compare interrupted");
        }
    }
}
