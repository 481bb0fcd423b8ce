/**
 * The paper's figures from experiment results: trade-off panels with the paper's digitised curve (Fig. 2, Fig. 6,
 * appendix curves; {@code Figures}), scores and kept states per layer (Fig. 3) and the kept poles (Fig. 4;
 * {@code PruningFigures}).
 *
 * <p>Implements: Paper Fig. 2, 3, 4, 6 and the appendix trade-off curves.
 *
 * <p>May import: everything (it is the top layer beside last.cli); nothing but notebooks and the CLI imports it.
 */
package last.figures;
