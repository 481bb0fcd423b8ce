package last.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it ({@code /proc/self/status}): what the engine's native buffers,
 * the Java heap and everything else occupy together. The same numbers are read by {@code tools/bench_pytorch.py}
 * for the PyTorch side, so the two are compared on equal terms. Off Linux every value is -1.
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Current resident set size in bytes (VmRSS), or -1 where not available. */
    public static long rssBytes() { return field("VmRSS:"); }

    /** Peak resident set size in bytes since the start or the last {@link #resetPeak} (VmHWM), or -1. */
    public static long peakRssBytes() { return field("VmHWM:"); }

    /** Resets the peak (writes 5 to /proc/self/clear_refs); false where the kernel does not allow it. */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
