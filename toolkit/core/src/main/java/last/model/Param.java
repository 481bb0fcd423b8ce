package last.model;

import ai.djl.ndarray.NDArray;

/**
 * A named trainable tensor and its optimiser group (S5's parameter groups, docs/conventions.md Sec. 1.8).
 *
 * @param name  unique name inside the model, e.g. "layer2.ssm.Lambda_re"
 * @param array the tensor (float32; requires gradient)
 * @param group the optimiser group
 */
public record Param(String name, NDArray array, Group group) {

    /** Optimiser group: SSM parameters get the SSM learning rate without weight decay, the rest AdamW. */
    public enum Group {
        /** Lambda, log step and B (S5 "standard" opt_config; S4D's A, B, log dt): Adam at the SSM lr, no weight decay. */
        SSM,
        /** Everything else (C, D, dense layers, norms): AdamW at the base lr with weight decay. */
        REGULAR
    }
}
