/**
 * State-importance scores: Random, Uniform/Global magnitude, LAMP, Uniform/Global H-infinity and LAST (the paper's criteria), plus H2, layer-normalised H2 and Hankel scores.
 *
 * <p>Implements: Paper Sec. 3 (LAST; docs/method.md (M10), threshold (M11)) and Sec. 5 (the baselines of Tables 1, 5, 6).
 *
 * <p>May import: last.ssm, last.norm.
 */
package last.score;
