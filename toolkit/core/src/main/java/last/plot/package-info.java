/**
 * Figures and tables in the paper's style: trade-off curves, score curves, kept-state bars, pole plots, region plots, grids, HTML/Markdown tables,
 * all from plain values (arrays, curves, Tablesaw tables).
 *
 * <p>Implements: Paper Fig. 1-6 (style of the poster).
 *
 * <p>May import: XChart and Tablesaw only (no other package of the toolkit).
 */
package last.plot;
