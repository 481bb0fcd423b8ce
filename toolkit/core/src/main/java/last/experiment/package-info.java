/**
 * Experiments: run configs and tasks, pruning sweeps with paired bootstrap intervals, the paper's reporting rule
 * (Protocol), the paper's tables (Reports, PaperReference), the claims engine, the state-dimension study, Table 8
 * timing (Speed) and result files with their provenance (ResultFiles).
 *
 * <p>Implements: Paper Sec. 4.2 and 5 (every table; the figures are drawn by {@code last.figures}); docs/protocol.md.
 *
 * <p>May import: everything below it (math core, model, train, data, io) and Tablesaw; never last.plot or
 * last.figures (experiments compute, figures draw).
 */
package last.experiment;
