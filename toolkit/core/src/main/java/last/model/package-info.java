/**
 * Deep SSM models on DJL: the S5 (MIMO) and S4D (multi-SISO) layers, the sequence model (encoder, norms, GLU blocks, pooling, decoder, two-tower head), masked and physically pruned copies, checkpoints.
 *
 * <p>Implements: Paper Sec. 4 and Tables 3-4 (architectures); S5 and S4D references.
 *
 * <p>May import: last.ssm, last.prune, last.data, DJL, Jackson.
 */
package last.model;
