/**
 * System norms: the closed-form per-state H-infinity norm of a diagonal system, H-infinity of dense systems (Hamiltonian bisection, frequency sweeps), H2 through the Stein equation, Gramians and Hankel singular values.
 *
 * <p>Implements: Paper Sec. 3 (the per-state H-infinity bound behind LAST; docs/method.md (M6)-(M8)).
 *
 * <p>May import: last.ssm, last.stability, EJML.
 */
package last.norm;
