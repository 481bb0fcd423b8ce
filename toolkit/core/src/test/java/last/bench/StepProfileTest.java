package last.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepProfileTest {

    @Test
    void selfTimeSubtractsNestedOperatorsPerThread() {
        // thread 1: matmul [0, 100) calls mm [10, 90), which calls copy_ [20, 30); then add [100, 110) (touching, not nested)
        // thread 2: an independent mul [5, 55) overlapping thread 1 in time
        var ev = List.of(
                new StepProfile.Event("aten::mm", 1, 10, 80),
                new StepProfile.Event("aten::matmul", 1, 0, 100),
                new StepProfile.Event("aten::copy_", 1, 20, 10),
                new StepProfile.Event("aten::add", 1, 100, 10),
                new StepProfile.Event("aten::mul", 2, 5, 50));
        var r = StepProfile.selfTimes(ev, 1);
        assertEquals(0.020, r.selfMsByOp().get("aten::matmul"), 1e-12);
        assertEquals(0.070, r.selfMsByOp().get("aten::mm"), 1e-12);
        assertEquals(0.010, r.selfMsByOp().get("aten::copy_"), 1e-12);
        assertEquals(0.010, r.selfMsByOp().get("aten::add"), 1e-12);
        assertEquals(0.050, r.selfMsByOp().get("aten::mul"), 1e-12);
        assertEquals(0.160, r.totalMs(), 1e-12);                    // the sum of top-level durations of both threads
        Map<String, Double> c = r.byCategory();
        assertEquals(0.090, c.get("matmul"), 1e-12);
        assertEquals(0.060, c.get("elementwise"), 1e-12);
        assertEquals(0.010, c.get("copy/fill"), 1e-12);
    }

    @Test
    void operatorsFallInTheIssuesCategories() {
        assertEquals("FFT", StepProfile.category("aten::_fft_r2c"));
        assertEquals("FFT", StepProfile.category("aten::fft_irfft"));
        assertEquals("matmul", StepProfile.category("aten::bmm"));
        assertEquals("matmul", StepProfile.category("aten::mm"));
        assertEquals("copy/fill", StepProfile.category("aten::copy_"));
        assertEquals("copy/fill", StepProfile.category("aten::fill_"));
        assertEquals("elementwise", StepProfile.category("aten::mul"));
        assertEquals("elementwise", StepProfile.category("aten::gelu_backward"));
        assertEquals("elementwise", StepProfile.category("aten::native_batch_norm"));
        assertEquals("other", StepProfile.category("aten::transpose"));
        assertEquals("other", StepProfile.category("MulBackward0"));
    }

    @Test
    void readsTheEngineTraceFormatWithItsTrailingCommas(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[\n{\"name\": \"aten::mul\", \"ph\": \"X\", \"ts\": 1.5, \"dur\": 2.0, \"tid\": 1, \"pid\": \"CPU Functions\", \"args\": {}},\n"
                + "{\"name\": \"meta\", \"ph\": \"M\", \"ts\": 0, \"tid\": 1},\n]");
        var ev = StepProfile.readTrace(f);
        assertEquals(List.of(new StepProfile.Event("aten::mul", 1, 1.5, 2.0)), ev);
        Files.writeString(f, "{\"nothing\": 1}");
        var e = assertThrows(IllegalArgumentException.class, () -> StepProfile.readTrace(f));
        assertTrue(e.getMessage().contains("not a Chrome trace"), e.getMessage());
    }

    @Test
    void aProfiledS5StepSpendsTimeInEveryCategory() {
        var r = StepProfile.run("S5", 64, 8, 8, 1, 4, 1, null);
        var c = r.byCategory();
        for (String k : List.of("elementwise", "FFT", "matmul"))
            assertTrue(c.get(k) > 0, k + " has no time: " + r.report(10));
        assertEquals(r.totalMs(), c.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
        assertTrue(r.report(5).contains("aten::"), r.report(5));
        var bad = assertThrows(IllegalArgumentException.class, () -> StepProfile.run("S6", 64, 8, 8, 1, 4, 1, null));
        assertTrue(bad.getMessage().contains("S5 or S4D"), bad.getMessage());
    }
}
