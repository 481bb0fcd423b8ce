package last.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernelspec written by install.sh and the {@code ./last} launcher keep library chatter out of notebooks: DJL's
 * slf4j INFO lines and PyTorch's native c10 warnings.
 */
class InstallScriptTest {

    static final Path KERNEL_DIR = Path.of(System.getProperty("last.kernel.dir", ".")).toAbsolutePath();
    static final Path REPO_ROOT = KERNEL_DIR.resolve("../..").normalize();

    @Test
    void kernelspecQuietsDjlInfoAndTorchNativeWarnings(@TempDir Path tmp) throws Exception {
        Path fakeJar = Files.writeString(tmp.resolve("fake-kernel.jar"), "not a jar: only install.sh's copy is tested");
        Path jupyter = tmp.resolve("jupyter");
        ProcessBuilder pb = new ProcessBuilder("bash", KERNEL_DIR.resolve("install.sh").toString(), jupyter.toString())
                .redirectErrorStream(true);
        pb.environment().put("LAST_KERNEL_JAR", fakeJar.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);

        JsonObject spec = new JsonParser().parse(Files.readString(jupyter.resolve("kernels/java/kernel.json"))).getAsJsonObject();
        List<String> argv = new ArrayList<>();
        for (JsonElement e : spec.getAsJsonArray("argv")) argv.add(e.getAsString());
        assertTrue(argv.contains("-D" + Main.SLF4J_SIMPLE_LEVEL + "=warn"), argv.toString());
        assertTrue(argv.indexOf("-D" + Main.SLF4J_SIMPLE_LEVEL + "=warn") < argv.indexOf("-jar"), "JVM option before -jar");
        JsonObject env = spec.getAsJsonObject("env");
        assertEquals("ERROR", env.get("TORCH_CPP_LOG_LEVEL").getAsString());
        assertEquals("true", env.get("DJL_OFFLINE").getAsString());
    }

    @Test
    void launcherQuietsTorchForTheCliAndInstallsMathJax() throws Exception {
        String last = Files.readString(REPO_ROOT.resolve("last"));
        String javaCli = last.lines().filter(l -> l.startsWith("java_cli()")).findFirst().orElseThrow();
        assertTrue(javaCli.contains("TORCH_CPP_LOG_LEVEL=\"${TORCH_CPP_LOG_LEVEL:-ERROR}\""), javaCli);
        String needJupyter = last.substring(last.indexOf("need_jupyter() {"), last.indexOf("need_tts() {"));
        assertTrue(needJupyter.contains("apt-get install") && needJupyter.contains("libjs-mathjax"), needJupyter);
        assertTrue(needJupyter.contains("/usr/share/javascript/mathjax/MathJax.js"), "checked, not only installed once");
    }

    @Test
    void kernelDefaultsSlf4jToWarnButKeepsAnExplicitLevel() {
        String before = System.getProperty(Main.SLF4J_SIMPLE_LEVEL);
        try {
            System.clearProperty(Main.SLF4J_SIMPLE_LEVEL);
            Main.quietLibraryLogs();
            assertEquals("warn", System.getProperty(Main.SLF4J_SIMPLE_LEVEL));
            System.setProperty(Main.SLF4J_SIMPLE_LEVEL, "debug");
            Main.quietLibraryLogs();
            assertEquals("debug", System.getProperty(Main.SLF4J_SIMPLE_LEVEL));
        } finally {
            if (before == null) System.clearProperty(Main.SLF4J_SIMPLE_LEVEL);
            else System.setProperty(Main.SLF4J_SIMPLE_LEVEL, before);
        }
    }
}
