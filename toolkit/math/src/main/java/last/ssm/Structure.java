package last.ssm;

import org.ejml.data.ZMatrixRMaj;

/** Index bookkeeping shared by the diagonal SSM values (sub-selection of states, multi-SISO structure). */
final class Structure {
    private Structure() {}

    static void checkIndices(int[] keep, int n) {
        if (keep.length == 0) throw new IllegalArgumentException("cannot keep zero states: a layer needs at least one state");
        boolean[] seen = new boolean[n];
        for (int k : keep) {
            if (k < 0 || k >= n) throw new IllegalArgumentException("state index " + k + " out of range [0, " + n + ")");
            if (seen[k]) throw new IllegalArgumentException("state index " + k + " listed twice");
            seen[k] = true;
        }
    }

    static double[] pick(double[] a, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = a[idx[k]];
        return out;
    }

    static ZMatrixRMaj rows(ZMatrixRMaj m, int[] idx) {
        ZMatrixRMaj out = new ZMatrixRMaj(idx.length, m.numCols);
        for (int k = 0; k < idx.length; k++)
            for (int j = 0; j < m.numCols; j++) out.set(k, j, m.getReal(idx[k], j), m.getImag(idx[k], j));
        return out;
    }

    static ZMatrixRMaj cols(ZMatrixRMaj m, int[] idx) {
        ZMatrixRMaj out = new ZMatrixRMaj(m.numRows, idx.length);
        for (int r = 0; r < m.numRows; r++)
            for (int k = 0; k < idx.length; k++) out.set(r, k, m.getReal(r, idx[k]), m.getImag(r, idx[k]));
        return out;
    }

    static int[] channelOfState(ZMatrixRMaj b, ZMatrixRMaj c, ZMatrixRMaj c2) {
        int n = b.numRows;
        int[] ch = new int[n];
        for (int i = 0; i < n; i++) {
            int only = -1;
            boolean mimo = false;
            for (int j = 0; j < b.numCols && !mimo; j++)
                if (b.getReal(i, j) != 0 || b.getImag(i, j) != 0) {
                    if (only >= 0 && only != j) mimo = true;
                    only = j;
                }
            for (int r = 0; r < c.numRows && !mimo; r++) {
                boolean nz = c.getReal(r, i) != 0 || c.getImag(r, i) != 0
                        || (c2 != null && (c2.getReal(r, i) != 0 || c2.getImag(r, i) != 0));
                if (nz) {
                    if (only >= 0 && only != r) mimo = true;
                    only = r;
                }
            }
            ch[i] = mimo ? -1 : only;
        }
        return ch;
    }
}
