/**
 * The command line (picocli): train, eval, sweep, prepare, bench-train; errors are one line naming the problem.
 *
 * <p>Implements: Not a paper section: the reproduction's commands.
 *
 * <p>May import: every package below.
 */
package last.cli;
