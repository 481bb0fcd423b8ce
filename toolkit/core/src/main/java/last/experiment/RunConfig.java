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

    static final ObjectMapper JSON = new ObjectMapper();

    public static RunConfig read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read run config " + file + ": " + e.getMessage(), e);
        }
    }
}
