package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import last.Toolkit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class ResultFilesTest {

    @Test
    void aSavedTableReadsBackAndItsProvenanceLineIsReplacedNotDuplicated(@TempDir Path dir) throws Exception {
        Table t = Table.create("Table 7, with a comma", DoubleColumn.create("accuracy", 98.5, 97.25));
        Path csv = ResultFiles.saveCsv(t, dir.resolve("sub/t7.csv"));
        assertEquals(List.of("accuracy", "98.5", "97.25"), Files.readAllLines(csv));
        ResultFiles.saveCsv(t, dir.resolve("sub/t7.csv"));
        ResultFiles.saveCsv(Table.create("other", DoubleColumn.create("x", 1.0)), dir.resolve("sub/a.csv"));
        var empty = assertThrows(IllegalArgumentException.class, () -> ResultFiles.saveCsv(Table.create("none"), dir.resolve("sub/b.csv")));
        assertTrue(empty.getMessage().contains("no columns"), empty.getMessage());
        List<String> prov = Files.readAllLines(dir.resolve("sub").resolve(ResultFiles.PROVENANCE));
        assertEquals("file,toolkit,commit,title", prov.get(0));
        assertEquals(3, prov.size(), prov.toString());   // header, a.csv, t7.csv (sorted, one line each)
        assertTrue(prov.get(1).startsWith("a.csv," + Toolkit.VERSION + ","), prov.toString());
        assertEquals("t7.csv," + Toolkit.VERSION + "," + Toolkit.gitCommit() + ",\"Table 7, with a comma\"", prov.get(2));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".tmp-")), "temp files left behind");
        }
    }

    @Test
    void anUnwritablePlaceIsReportedWithThePath(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        var e = assertThrows(java.io.UncheckedIOException.class, () -> ResultFiles.saveCsv(Table.create("t", DoubleColumn.create("x", 1.0)), blocker.resolve("t.csv")));
        assertTrue(e.getMessage().contains("t.csv"), e.getMessage());
    }
}
