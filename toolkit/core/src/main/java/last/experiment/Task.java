package last.experiment;

import java.util.Arrays;
import java.util.List;
import last.data.generate.ListOps;
import last.data.generate.SpeechSynth;
import last.data.source.Imdb;
import last.data.source.Retrieval;

/**
 * The tasks a config may name, each with what it is independent of any config: its name, input sequence length L
 * (the padded length for text and ListOps, per document for Retrieval), number of classes, sampling rate (audio
 * tasks; 0 otherwise) and the accuracy a CPU-scale checkpoint should reach before its pruning curves mean anything
 * (docs/protocol.md, "Scale"; NaN where the protocol sets none). Notebooks and reports read these instead of typing
 * "784", "10 %" or "97 %". {@link Tasks#load} makes the data.
 */
public enum Task {
    SMNIST("smnist", 784, 10, 97, 0),
    PSMNIST("psmnist", 784, 10, 90, 0),
    SCIFAR_FMNIST("scifar-fmnist", 1024, 10, 85, 0),
    LRA_IMAGE_FMNIST("lra-image-fmnist", 1024, 10, 85, 0),
    LISTOPS("listops", ListOps.L_MAX, 10, 35, 0),
    LISTOPS_500("listops-500", 512, 10, 35, 0),
    TEXT("text", Imdb.L_MAX, 2, 75, 0),
    TEXT_1024("text-1024", 1024, 2, 75, 0),
    RETRIEVAL("retrieval", Retrieval.L_MAX, 2, 75, 0),
    RETRIEVAL_1024("retrieval-1024", Retrieval.CPU_L_MAX, 2, 75, 0),
    PATHFINDER32("pathfinder32", 32 * 32, 2, 75, 0),
    PATH64("path64", 64 * 64, 2, 65, 0),
    PATHX128("pathx128", 128 * 128, 2, Double.NaN, 0),
    SPEECH35_SYNTH("speech35-synth", SpeechSynth.LENGTH, 35, 85, SpeechSynth.RATE),
    /** The keyword clips band-limited to 4 kHz (when 16 kHz does not fit the CPU budget); zero-shot test at 2 kHz. */
    SPEECH35_SYNTH_4K("speech35-synth-4k", SpeechSynth.LENGTH / 4, 35, 85, 4000),
    /** A small synthetic task for tests and examples ({@code last.data.generate.Synthetic#sinusoids}). */
    SINUSOIDS("sinusoids", 64, 4, Double.NaN, 0);

    private final String id;
    private final int length, classes, sampleRate;
    private final double targetPercent;

    Task(String id, int length, int classes, double targetPercent, int sampleRate) {
        this.id = id;
        this.length = length;
        this.classes = classes;
        this.targetPercent = targetPercent;
        this.sampleRate = sampleRate;
    }

    /** The name configs, result files and checkpoints use, e.g. "smnist". */
    public String id() { return id; }

    /** Input sequence length L. */
    public int length() { return length; }

    public int classes() { return classes; }

    /** The accuracy (%) of a uniform random guess. */
    public double chancePercent() { return 100.0 / classes; }

    /** The protocol's accuracy target (%), or NaN where it sets none. */
    public double targetPercent() { return targetPercent; }

    /** Whether the task is audio (it then has a sampling rate and a zero-shot half-rate test set). */
    public boolean audio() { return sampleRate > 0; }

    /** Sampling rate (Hz) of an audio task's training data; refused for other tasks. */
    public int sampleRate() {
        if (!audio()) throw new IllegalArgumentException("task '" + id + "' is not an audio task");
        return sampleRate;
    }

    @Override public String toString() { return id; }

    /** The task of a name; the error lists the known ones. */
    public static Task of(String id) {
        for (Task t : values()) if (t.id.equals(id)) return t;
        throw new IllegalArgumentException("unknown task '" + id + "' (known: " + ids() + ")");
    }

    /** Every task name, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Task::id).toList();
    }
}
