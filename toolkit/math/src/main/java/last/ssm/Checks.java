package last.ssm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;

/** Argument checks shared by the numerics core: every failure names the argument and the offending value. */
public final class Checks {
    private Checks() {}

    /** Fails unless every entry of {@code a} is finite. */
    public static void finite(String name, double[] a) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        for (int i = 0; i < a.length; i++)
            if (!Double.isFinite(a[i]))
                throw new IllegalArgumentException(name + "[" + i + "] is not finite (" + a[i] + ")");
    }

    /** Fails unless every entry (real and imaginary part) of {@code m} is finite. */
    public static void finite(String name, ZMatrixRMaj m) {
        if (m == null) throw new IllegalArgumentException(name + " is null");
        double[] d = m.data;
        int n = m.getDataLength();
        for (int k = 0; k < n; k++)
            if (!Double.isFinite(d[k])) {
                int e = k / 2, r = e / m.numCols, c = e % m.numCols;
                throw new IllegalArgumentException(name + "(" + r + "," + c + ") has a non-finite "
                        + (k % 2 == 0 ? "real" : "imaginary") + " part (" + d[k] + ")");
            }
    }

    /** Fails unless {@code m} is rows x cols. */
    public static void shape(String name, ZMatrixRMaj m, int rows, int cols) {
        if (m.numRows != rows || m.numCols != cols)
            throw new IllegalArgumentException(name + " must be " + rows + "x" + cols + " but is "
                    + m.numRows + "x" + m.numCols);
    }

    /** Fails unless {@code a} has length n. */
    public static void length(String name, double[] a, int n) {
        if (a.length != n)
            throw new IllegalArgumentException(name + " must have length " + n + " but has " + a.length);
    }

    /** Fails unless every entry of the real matrix {@code m} is finite. */
    public static void finite(String name, DMatrixRMaj m) {
        if (m == null) throw new IllegalArgumentException(name + " is null");
        for (int k = 0; k < m.getNumElements(); k++)
            if (!Double.isFinite(m.data[k]))
                throw new IllegalArgumentException(name + "(" + (k / m.numCols) + "," + (k % m.numCols)
                        + ") is not finite (" + m.data[k] + ")");
    }

    /** Fails unless the real matrix {@code m} is rows x cols. */
    public static void shape(String name, DMatrixRMaj m, int rows, int cols) {
        if (m.numRows != rows || m.numCols != cols)
            throw new IllegalArgumentException(name + " must be " + rows + "x" + cols + " but is "
                    + m.numRows + "x" + m.numCols);
    }
}
