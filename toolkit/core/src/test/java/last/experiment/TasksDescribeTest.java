package last.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TasksDescribeTest {

    @Test
    void everyTaskIsDescribed() {
        for (String t : Tasks.NAMES) {
            var d = Tasks.describe(t);
            assertTrue(d.length() > 0 && d.classes() >= 2, t);
            assertEquals(100.0 / d.classes(), d.chancePercent(), 1e-12);
        }
        assertEquals(784, Tasks.describe("smnist").length());
        assertEquals(16000, Tasks.describe("speech35-synth").length());
        assertThrows(IllegalArgumentException.class, () -> Tasks.describe("cifar"));
    }

    @Test
    void classesAgreeWithEveryConfig() throws Exception {
        Path dir = Path.of("../../data/configs");
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                RunConfig c = RunConfig.read(f);
                assertEquals(c.model().classes(), Tasks.describe(c.task()).classes(), f.getFileName().toString());
            }
        }
    }
}
