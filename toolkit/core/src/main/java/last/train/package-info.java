/**
 * Training and evaluation: AdamW with S5's parameter groups, the warm-up and cosine schedule, the trainer with atomic per-epoch checkpoints and resume, per-example evaluation.
 *
 * <p>Implements: Paper Sec. 4 (training protocol) and Tables 3-4.
 *
 * <p>May import: last.model, last.data, DJL.
 */
package last.train;
