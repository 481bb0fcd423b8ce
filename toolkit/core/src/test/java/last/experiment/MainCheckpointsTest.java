package last.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainCheckpointsTest {
    static void trained(Path ck, String name) throws Exception {
        Files.createDirectories(ck.resolve(name));
        Files.writeString(ck.resolve(name).resolve("model.json"), "{}");
    }

    static void swept(Path res, String file, String methods) throws Exception {
        Files.writeString(res.resolve(file), "task,model\n");
        Files.writeString(res.resolve(file + ".key"), "rows 1\nmethods " + methods + "\n");
    }

    @Test
    void prefersTheProtocolsStateDimensionOnlyWhenTrainedAndSweptWithLast(@TempDir Path tmp) throws Exception {
        Path ck = Files.createDirectories(tmp.resolve("checkpoints")), res = Files.createDirectories(tmp.resolve("results"));
        trained(ck, "smnist-s5"); swept(res, "smnist-s5-sweep.csv", "Random,LAST");
        trained(ck, "smnist-s5-p128"); swept(res, "smnist-s5-p128-sweep-hinf.csv", "Uniform H-inf,Global H-inf,LAST");
        trained(ck, "psmnist-s5"); swept(res, "psmnist-s5-sweep.csv", "LAST");
        trained(ck, "psmnist-s5-p128"); swept(res, "psmnist-s5-p128-sweep-random.csv", "Random");   // no LAST curve yet
        trained(ck, "smnist-s4d-n64");                                                               // trained, not swept
        var c = MainCheckpoints.choose(ck, res, List.of("smnist-s5", "psmnist-s5", "smnist-s4d", "listops-500-s5"));
        assertEquals(List.of("smnist-s5-p128", "psmnist-s5", "smnist-s4d", "listops-500-s5"), c.stream().map(MainCheckpoints.Choice::checkpoint).toList());
        assertEquals("the protocol's state dimension", c.get(0).reason());
        assertTrue(c.get(1).reason().contains("psmnist-s5-p128 not swept with LAST"), c.get(1).reason());
        assertTrue(c.get(2).reason().startsWith("no trained and swept candidate"), c.get(2).reason());
        assertTrue(c.get(2).reason().contains("smnist-s4d-n64 not swept with LAST"), c.get(2).reason());
    }
}
