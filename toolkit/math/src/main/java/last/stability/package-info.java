/**
 * Stability of discrete systems: the Schur-Cohn (Jury) test, Montel's sufficient criterion, the second-order stability regions of Fig. 5, poles and characteristic polynomials.
 *
 * <p>Implements: Paper Appendix A.1 and Fig. 5.
 *
 * <p>May import: last.ssm, EJML.
 */
package last.stability;
