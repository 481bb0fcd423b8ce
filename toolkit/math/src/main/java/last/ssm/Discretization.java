package last.ssm;

import org.ejml.data.ZMatrixRMaj;

/**
 * Discretization of diagonal SSMs, elementwise per state i (paper Sec. 2; docs/conventions.md Sec. 1.4, 3.2).
 * C~ and D are not discretized.
 */
public final class Discretization {
    private Discretization() {}

    /**
     * Zero-order hold: {@code lambda_bar_i = exp(lambda_i Delta_i)},
     * {@code B_bar_i = (lambda_bar_i - 1) / lambda_i * B~_i}.
     * For lambda_i = 0 the limit {@code B_bar_i = Delta_i B~_i} is used.
     */
    public static DiscreteSsm zoh(DiagonalSsm s) {
        int n = s.stateCount();
        double[] lr = new double[n], li = new double[n];
        double[] fr = new double[n], fi = new double[n]; // factor (lambda_bar - 1) / lambda
        for (int i = 0; i < n; i++) {
            double a = s.lambdaRe()[i] * s.step()[i], b = s.lambdaIm()[i] * s.step()[i];
            double ea = Math.exp(a);
            lr[i] = ea * Math.cos(b);
            li[i] = ea * Math.sin(b);
            double re = s.lambdaRe()[i], im = s.lambdaIm()[i];
            double den = re * re + im * im;
            if (den == 0) {
                fr[i] = s.step()[i];
                fi[i] = 0;
            } else {
                // lambda_bar - 1 computed with expm1 for accuracy when |lambda Delta| is small
                double nr = Math.expm1(a) * Math.cos(b) - 2 * Math.sin(b / 2) * Math.sin(b / 2);
                double ni = li[i];
                fr[i] = (nr * re + ni * im) / den;
                fi[i] = (ni * re - nr * im) / den;
            }
        }
        return new DiscreteSsm(lr, li, scaleRows(s.bTilde(), fr, fi), s.cTilde(), s.cTilde2(), s.d(), s.conjSym());
    }

    /**
     * Bilinear (Tustin): {@code beta_i = 1 / (1 - Delta_i lambda_i / 2)}, {@code lambda_bar_i = beta_i (1 + Delta_i lambda_i / 2)},
     * {@code B_bar_i = beta_i Delta_i B~_i}.
     */
    public static DiscreteSsm bilinear(DiagonalSsm s) {
        int n = s.stateCount();
        double[] lr = new double[n], li = new double[n], fr = new double[n], fi = new double[n];
        for (int i = 0; i < n; i++) {
            double h = s.step()[i] / 2;
            double ar = 1 - h * s.lambdaRe()[i], ai = -h * s.lambdaIm()[i];   // 1 - Delta lambda / 2
            double den = ar * ar + ai * ai;
            if (den == 0) throw new IllegalArgumentException("bilinear discretization is singular for state " + i
                    + " (Delta * lambda = 2)");
            double br = ar / den, bi = -ai / den;                                // beta = 1 / (1 - Delta lambda / 2)
            double pr = 1 + h * s.lambdaRe()[i], pi = h * s.lambdaIm()[i];      // 1 + Delta lambda / 2
            lr[i] = br * pr - bi * pi;
            li[i] = br * pi + bi * pr;
            fr[i] = br * s.step()[i];
            fi[i] = bi * s.step()[i];
        }
        return new DiscreteSsm(lr, li, scaleRows(s.bTilde(), fr, fi), s.cTilde(), s.cTilde2(), s.d(), s.conjSym());
    }

    private static ZMatrixRMaj scaleRows(ZMatrixRMaj b, double[] fr, double[] fi) {
        ZMatrixRMaj out = new ZMatrixRMaj(b.numRows, b.numCols);
        for (int i = 0; i < b.numRows; i++)
            for (int j = 0; j < b.numCols; j++) {
                double re = b.getReal(i, j), im = b.getImag(i, j);
                out.set(i, j, fr[i] * re - fi[i] * im, fr[i] * im + fi[i] * re);
            }
        return out;
    }
}
