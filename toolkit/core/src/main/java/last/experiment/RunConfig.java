package last.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import last.model.ModelConfig;
import last.train.TrainConfig;

/**
 * One training run as a file (one per task and model, under {@code data/configs/}): the task and data sizes,
 * the architecture and the training hyper-parameters.
 *
 * @param task        task name understood by {@link Tasks}
 * @param scale       "cpu" (run here) or "paper" (Tables 3-4, for a GPU)
 * @param trainSize   training examples (0 = all)
 * @param valSize     validation examples held out of the training file
 * @param testSize    test examples used for evaluation and pruning sweeps (0 = the whole test split)
 * @param model       architecture
 * @param train       optimiser and schedule
 * @param note        free text: where the values come from, what differs from the paper
 */
public record RunConfig(String task, String scale, int trainSize, int valSize, int testSize, ModelConfig model,
                        TrainConfig train, String note) {

    /** Refuses a config that would otherwise fail later with a NullPointerException or train on a silently wrong size. */
    public RunConfig {
        if (task == null || task.isBlank()) throw new IllegalArgumentException("run config: \"task\" is missing (known: " + Tasks.NAMES + ")");
        if (model == null) throw new IllegalArgumentException("run config: \"model\" (the architecture) is missing");
        if (train == null) throw new IllegalArgumentException("run config: \"train\" (optimiser and schedule) is missing");
        if (trainSize < 0) throw new IllegalArgumentException("run config: trainSize must be >= 0 (0 = all) but is " + trainSize);
        if (valSize < 0) throw new IllegalArgumentException("run config: valSize must be >= 0 but is " + valSize);
        if (testSize < 0) throw new IllegalArgumentException("run config: testSize must be >= 0 (0 = all) but is " + testSize);
    }

    static final ObjectMapper JSON = new ObjectMapper();

    public static RunConfig read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RunConfig.class);
        } catch (IOException e) {
            // Jackson wraps the compact constructor's IllegalArgumentException; report its message, naming the file
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof IllegalArgumentException)) c = c.getCause();
            String msg = c instanceof IllegalArgumentException ? c.getMessage() : e.getMessage();
            throw new IllegalArgumentException("cannot read run config " + file + ": " + msg, e);
        }
    }
    /**
     * Refuses a checkpoint directory whose run config disagrees with the checkpoint's sidecar (task, or any component
     * of the architecture, each named with both values): a config copied over another run's checkpoint must not
     * evaluate one task's model on another task's data.
     */
    public static void checkMatches(Path dir, Path configFile, RunConfig c) {
        var meta = last.model.Checkpoint.meta(dir);
        if (meta.task() != null && !meta.task().equals(c.task()))
            throw new IllegalArgumentException("checkpoint " + dir + ": " + configFile + " names task " + c.task()
                    + " but model.json records task " + meta.task());
        if (!meta.config().equals(c.model())) {
            StringBuilder diff = new StringBuilder();
            for (var rc : last.model.ModelConfig.class.getRecordComponents()) {
                try {
                    Object a = rc.getAccessor().invoke(c.model()), b = rc.getAccessor().invoke(meta.config());
                    if (!java.util.Objects.equals(a, b))
                        diff.append(diff.length() == 0 ? "" : ", ").append(rc.getName()).append(" ").append(a).append(" vs ").append(b);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalArgumentException("checkpoint " + dir + ": the model architecture in " + configFile
                    + " disagrees with model.json (" + diff + ")");
        }
    }

}
