package last.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which checkpoint stands for each of the paper's (task, model) pairs in Figure 6, Tables 1 and 5-9 and the claims.
 *
 * <p>{@code ../shared/protocol.md} ("Scale"): keep the paper's per-layer state dimension (S5 P, S4D N_s), or at least
 * half of it. Our first pixel-level models have S5 P = 32 and S4D N_s = 8; the state-dimension study (notebook 07)
 * trained the same models at the paper's P = 128 and S4's N_s = 64. A slot (e.g. {@code smnist-s5}) takes the first
 * of its candidates, in order of preference, that is trained ({@code model.json}) and has a committed sweep with
 * LAST's curve; a slot without candidates is its own checkpoint. The choice is printed with its reason, so a table
 * built from a smaller model says so.
 */
public final class MainCheckpoints {
    private MainCheckpoints() {}

    /** Slot -> candidates, the protocol's state dimension first. */
    public static final Map<String, List<String>> CANDIDATES = candidates();

    private static Map<String, List<String>> candidates() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        for (String t : List.of("smnist", "psmnist", "scifar-fmnist")) {
            c.put(t + "-s5", List.of(t + "-s5-p128", t + "-s5"));
            c.put(t + "-s4d", List.of(t + "-s4d-n64", t + "-s4d"));
        }
        return java.util.Collections.unmodifiableMap(c);
    }

    /** One slot's checkpoint and why. */
    public record Choice(String slot, String checkpoint, String reason) {
        @Override
        public String toString() { return slot + " -> " + checkpoint + " (" + reason + ")"; }
    }

    /** The checkpoint of each slot (see the class comment); slots with no usable candidate keep their own name. */
    public static List<Choice> choose(Path checkpoints, Path results, List<String> slots) {
        List<Choice> out = new ArrayList<>();
        for (String slot : slots) {
            List<String> cands = CANDIDATES.getOrDefault(slot, List.of(slot));
            Choice pick = null;
            List<String> skipped = new ArrayList<>();
            for (String c : cands) {
                if (!Files.isRegularFile(checkpoints.resolve(c).resolve("model.json"))) { skipped.add(c + " not trained"); continue; }
                if (!hasLastSweep(results, c)) { skipped.add(c + " not swept with LAST"); continue; }
                pick = new Choice(slot, c, cands.size() == 1 ? "the task's checkpoint"
                        : c.equals(cands.get(0)) ? "the protocol's state dimension" : "smaller model; " + String.join(", ", skipped));
                break;
            }
            out.add(pick != null ? pick : new Choice(slot, slot, "no trained and swept candidate: " + String.join(", ", skipped)));
        }
        return out;
    }

    /** The checkpoint names of {@link #choose}, in slot order. */
    public static List<String> names(Path checkpoints, Path results, List<String> slots) {
        return choose(checkpoints, results, slots).stream().map(Choice::checkpoint).toList();
    }

    /** Whether {@code results} holds a committed sweep file of {@code name} whose key lists LAST. */
    static boolean hasLastSweep(Path results, String name) {
        try (var st = Files.list(results)) {
            return st.filter(f -> {
                String n = f.getFileName().toString();
                return n.equals(name + "-sweep.csv") || (n.startsWith(name + "-sweep-") && n.endsWith(".csv"));
            }).anyMatch(f -> SweepFiles.recordedMethods(f).map(m -> m.contains("LAST")).orElse(true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + results, e);
        }
    }
}
