package last.figures;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import last.experiment.Method;
import last.experiment.Methods;
import last.experiment.Task;
import last.experiment.Tasks;
import last.plot.Style;
import org.junit.jupiter.api.Test;

/** Methods and tasks are types (issue 16): each method has one colour and marker of its own in every figure. */
class MethodStyleTest {

    @Test
    void everyMethodHasItsOwnColourAndMarkerPair() {
        Set<String> seen = new HashSet<>();
        for (Method m : Method.values()) {
            assertTrue(Style.METHODS.containsKey(m.displayName()), m + " has no style in last.plot.Style");
            var st = Style.of(m.displayName());
            assertTrue(seen.add(st.color().getRGB() + "/" + st.marker().getClass().getSimpleName()), m + " shares colour and marker with another method");
        }
        assertEquals(7, Method.paperCriteria().size());
        assertEquals(Methods.ALL, Methods.parse(String.join(",", Methods.ALL)));
        var e = assertThrows(IllegalArgumentException.class, () -> Method.of("LAST-ish"));
        assertTrue(e.getMessage().contains("LAST-ish") && e.getMessage().contains("Global H-inf"), e.getMessage());
    }

    @Test
    void taskDescriptionsComeFromTheTaskType() {
        for (Task t : Task.values()) {
            var d = Tasks.describe(t.id());
            assertEquals(t.length(), d.length());
            assertEquals(100.0 / t.classes(), d.chancePercent(), 1e-12);
            assertEquals(t.targetPercent(), d.targetPercent());
        }
        assertEquals(97.0, Task.of("smnist").targetPercent());
        assertEquals(4000, Tasks.sampleRate("speech35-synth-4k"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.sampleRate("smnist"));
        var e = assertThrows(IllegalArgumentException.class, () -> Task.of("cifar10"));
        assertTrue(e.getMessage().contains("cifar10") && e.getMessage().contains("scifar-fmnist"), e.getMessage());
    }
}
