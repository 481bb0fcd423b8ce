/**
 * Diagonal state space models: values (DiagonalSsm, DiscreteSsm), HiPPO-LegS and the S5/S4D initialisations, zero-order hold and bilinear discretisation, dense systems and their responses.
 *
 * <p>Implements: Paper Sec. 2 (the SSM layer; docs/method.md (M1)-(M5)) and the S4D/S5 conventions (docs/conventions.md).
 *
 * <p>May import: EJML and the JDK only.
 */
package last.ssm;
