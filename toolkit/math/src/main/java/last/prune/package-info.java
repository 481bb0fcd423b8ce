/**
 * Pruning plans from scores: the global threshold with the reference code's rule, uniform per-layer selection, the one-state-per-layer end point, masks, and unstructured random plans (Table 5).
 *
 * <p>Implements: Paper Sec. 3-4 (pruning ratio, Fig. 1 cross-layer threshold) and Table 5.
 *
 * <p>May import: last.score, last.ssm.
 */
package last.prune;
