/**
 * Benchmarks that print ratios (training step, norms, Pathfinder generation): speed targets live here, not in unit tests.
 *
 * <p>Implements: Paper Table 8 (speed) and the project's performance issues.
 *
 * <p>May import: every package below.
 */
package last.bench;

