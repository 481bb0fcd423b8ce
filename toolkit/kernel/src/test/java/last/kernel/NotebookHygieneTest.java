package last.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed notebooks read like a paper: no executed output may show a default {@code toString} dump
 * ({@code java.io.PrintStream@1b2c3d}, {@code [D@6d06d69c}), an absolute machine path ({@code /work/}, {@code /root/},
 * {@code /tmp/}, {@code /home/}) or an error (an error output, an stderr stream with an exception).
 * <p>
 * Notebooks in {@link #NOT_YET_CLEAN} are checked too, but their findings are reported as a skipped test (with the
 * exact list) until they are re-executed; {@code -Dlast.notebooks.hygiene.strict=true} makes every notebook count.
 */
class NotebookHygieneTest {

    static final Path NOTEBOOKS = Path.of(System.getProperty("last.kernel.dir", ".")).toAbsolutePath()
            .resolve("../../notebooks").normalize();

    /**
     * Executed before the kernel rendered images, printf results and charts without identity dumps, or printing
     * absolute data paths: 00 (data paths from Prepare.verify, needs the data set to re-run), 03 and 04 (hours).
     */
    static final Set<String> NOT_YET_CLEAN = Set.of();   // every notebook is clean since they were re-executed

    static final Pattern IDENTITY_DUMP = Pattern.compile(
            "(?:\\b[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*(?:\\[])*|\\[+(?:[BCDFIJSZ]|L[\\w$.]+;))@[0-9a-f]{6,}\\b");
    static final Pattern MACHINE_PATH = Pattern.compile("/(?:work|root|tmp|home)/");

    @TestFactory
    Stream<DynamicTest> committedNotebooksHaveCleanOutputs() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            files = s.filter(p -> p.toString().endsWith(".ipynb") && !p.toString().endsWith(".failed.ipynb")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no notebooks in " + NOTEBOOKS);
        boolean strict = Boolean.getBoolean("last.notebooks.hygiene.strict");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            List<String> problems = problems(new JsonParser().parse(Files.readString(f)).getAsJsonObject());
            String report = f.getFileName() + ": " + problems.size() + " problem(s)\n  " + String.join("\n  ", problems);
            if (!problems.isEmpty()) System.out.println("[hygiene] " + report);
            if (!strict && NOT_YET_CLEAN.contains(f.getFileName().toString())) {
                Assumptions.assumeTrue(problems.isEmpty(), "not enforced yet (-Dlast.notebooks.hygiene.strict=true): " + report);
            }
            assertTrue(problems.isEmpty(), report);
        }));
    }

    /** One line per offending output: cell index, execution count, kind of problem, the offending excerpt. */
    static List<String> problems(JsonObject notebook) {
        List<String> out = new ArrayList<>();
        JsonArray cells = notebook.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            if (!cell.has("outputs")) continue;
            String where = "cell index " + i + " [" + executionCount(cell) + "]";
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                check(o.getAsJsonObject(), where, out);
            }
        }
        return out;
    }

    private static void check(JsonObject output, String where, List<String> out) {
        String type = output.get("output_type").getAsString();
        if (type.equals("error")) {
            out.add(where + " error output: " + output.get("ename").getAsString() + ": " + output.get("evalue").getAsString());
            return;
        }
        for (Map.Entry<String, String> text : texts(output).entrySet()) {
            String kind = text.getKey(), s = text.getValue();
            if (kind.equals("stderr") && s.contains("Exception")) out.add(where + " stderr with an exception: " + excerpt(s, s.indexOf("Exception")));
            Matcher dump = IDENTITY_DUMP.matcher(s);
            if (dump.find()) out.add(where + " " + kind + " default toString: " + dump.group());
            Matcher path = MACHINE_PATH.matcher(s);
            if (path.find()) out.add(where + " " + kind + " absolute path: " + excerpt(s, path.start()));
        }
    }

    /** stream text by stream name, display data by MIME type; images and other binary data are not text. */
    private static Map<String, String> texts(JsonObject output) {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        if (output.has("text")) texts.put(output.get("name").getAsString(), join(output.get("text")));
        if (output.has("data")) {
            for (Map.Entry<String, JsonElement> e : output.getAsJsonObject("data").entrySet()) {
                if (e.getKey().startsWith("text/") || e.getKey().endsWith("json")) texts.put(e.getKey(), join(e.getValue()));
            }
        }
        return texts;
    }

    private static String join(JsonElement text) {
        if (text.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonElement line : text.getAsJsonArray()) b.append(line.isJsonPrimitive() ? line.getAsString() : line.toString());
            return b.toString();
        }
        return text.isJsonPrimitive() ? text.getAsString() : text.toString();
    }

    private static String executionCount(JsonObject cell) {
        JsonElement n = cell.get("execution_count");
        return n == null || n.isJsonNull() ? " " : n.getAsString();
    }

    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - 40), to = Math.min(s.length(), at + 60);
        return (from > 0 ? "..." : "") + s.substring(from, to).replace("\n", " | ") + (to < s.length() ? "..." : "");
    }
}
