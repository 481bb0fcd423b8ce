/**
 * Experiments: run configs and tasks, pruning sweeps with paired bootstrap intervals, the paper's reporting rule (Protocol), tables and figures of the paper (Reports), the claims engine, the state-dimension study, Table 8 timing.
 *
 * <p>Implements: Paper Sec. 4.2 and 5 (every table and figure); protocol.md.
 *
 * <p>May import: everything below it, Tablesaw, and last.plot for figures.
 */
package last.experiment;
