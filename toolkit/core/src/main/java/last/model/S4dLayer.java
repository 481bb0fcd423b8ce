package last.model;

import last.prune.UnstructuredPlan;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import last.ssm.DiagonalSsm;
import last.ssm.DiscreteSsm;
import org.ejml.data.ZMatrixRMaj;

/**
 * The S4D layer (multi-SISO diagonal SSM, Gu et al. 2022; docs/conventions.md Sec. 3.1-3.2, 3.4) on DJL: H
 * independent SISO systems, one per channel, each with M = N_s/2 complex modes (conjugate pairs).
 *
 * <p>Parameters: {@code log_A_real}, {@code A_imag}, {@code B_re}, {@code B_im}, {@code C_re}, {@code C_im}
 * (all H x M; {@code C2_*} when bidirectional), {@code D} (H), {@code log_dt} (H, one step per channel).
 * {@code A = -exp(log_A_real) + i A_imag} is always stable. ZOH: {@code lambda_bar = exp(Delta_h A)},
 * {@code B_bar = B (lambda_bar - 1) / A}; Vandermonde kernel
 * {@code K_h[l] = 2 Re sum_n C_hn B_bar_hn lambda_bar_hn^l}, causal FFT convolution, plus {@code D u}.
 * A bidirectional layer adds the reverse-time convolution with the C2 kernel; like S5 (and unlike the S4 code,
 * whose backward branch starts at u_(t+1)) it includes u_t.
 *
 * <p>For scoring, each (channel h, mode n) pair is one state, numbered {@code i = h M + n}.
 */
public final class S4dLayer implements SsmLayer {
    private final NDArray logAReal, aImag, bRe, bIm, cRe, cIm, c2Re, c2Im, d, logDt;

    /** Pole mask of unstructured pruning (H, M; 0 makes lambda_bar = 0), or null. */
    private final NDArray lambdaKeep;

    /** Flat indices (S) of the states that contribute and the (H, S) 0/1 map of each to its channel, or null (all). */
    private final NDArray activeIdx, channelSum;

    private S4dLayer(Map<String, NDArray> p) { this(p, null); }

    private S4dLayer(Map<String, NDArray> p, NDArray lambdaKeep) {
        this.lambdaKeep = lambdaKeep;
        logAReal = p.get("log_A_real");
        aImag = p.get("A_imag");
        bRe = p.get("B_re");
        bIm = p.get("B_im");
        cRe = p.get("C_re");
        cIm = p.get("C_im");
        c2Re = p.get("C2_re");
        c2Im = p.get("C2_im");
        d = p.get("D");
        logDt = p.get("log_dt");
        Shape hm = logAReal.getShape();
        for (var e : p.entrySet()) {
            Shape want = e.getKey().equals("D") || e.getKey().equals("log_dt") ? new Shape(hm.get(0)) : hm;
            if (!e.getValue().getShape().equals(want))
                throw new IllegalArgumentException("S4D parameter " + e.getKey() + " has shape " + e.getValue().getShape()
                        + " but expected " + want);
            e.getValue().setRequiresGradient(true);
        }
        int[] act = activeStates();
        NDManager m = logAReal.getManager();
        if (act == null) {
            activeIdx = null;
            channelSum = null;
        } else {
            long[] idx = new long[act.length];
            float[] g = new float[(int) hm.get(0) * act.length];
            for (int s = 0; s < act.length; s++) {
                idx[s] = act[s];
                g[(int) (act[s] / hm.get(1)) * act.length + s] = 1f;
            }
            try (NDArray i = m.create(idx); NDArray gg = m.create(g, new Shape(hm.get(0), act.length))) {
                activeIdx = i.duplicate();                      // engine-owned copies, not views of Java arrays
                channelSum = gg.duplicate();
            }
        }
    }

    /**
     * The flat indices {@code h M + n} of the states that can contribute, or null when all can (or nearly all). A
     * state whose B and C (and C2) entries are all exactly 0 (what {@link #pruned} pads a channel with, and what
     * {@link #masked} leaves) contributes exactly 0 to the output and receives exactly 0 gradient, and stays 0 under
     * AdamW; skipping it changes no number but makes a pruned layer's kernel cost follow its kept states, not the
     * widest channel's (the padding of {@link #pruned}).
     */
    private int[] activeStates() {
        List<float[]> io = new ArrayList<>();
        for (NDArray a : new NDArray[]{bRe, bIm, cRe, cIm, c2Re, c2Im}) if (a != null) io.add(a.toFloatArray());
        int n = io.get(0).length, count = 0;
        boolean[] on = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (float[] v : io) on[i] |= v[i] != 0f;
            if (on[i]) count++;
        }
        if (count == 0 || count > 0.9 * n) return null;
        int[] out = new int[count];
        for (int i = 0, k = 0; i < n; i++) if (on[i]) out[k++] = i;
        return out;
    }

    /** A layer initialised from a numerics-core S4D initialisation ({@link last.ssm.S4dInit}, channel-major states). */
    public static S4dLayer of(NDManager m, DiagonalSsm init) {
        int h = init.inputs(), n = init.stateCount(), mm = n / h;
        if (mm * h != n) throw new IllegalArgumentException("an S4D layer needs H * M states; got N = " + n + ", H = " + h);
        double[] lar = new double[n], aim = new double[n], br = new double[n], bi = new double[n], cr = new double[n],
                ci = new double[n], c2r = new double[n], c2i = new double[n], dt = new double[h];
        for (int i = 0; i < n; i++) {
            int hh = i / mm;
            for (int j = 0; j < h; j++)
                if (j != hh && (init.bTilde().getReal(i, j) != 0 || init.bTilde().getImag(i, j) != 0
                        || init.cTilde().getReal(j, i) != 0 || init.cTilde().getImag(j, i) != 0))
                    throw new IllegalArgumentException("state " + i + " is not a SISO mode of channel " + hh
                            + " (S4D states must be channel-major, i = h M + n)");
            if (!(init.lambdaRe()[i] < 0)) throw new IllegalArgumentException("S4D needs Re(A) < 0 but state " + i + " has " + init.lambdaRe()[i]);
            lar[i] = Math.log(-init.lambdaRe()[i]);
            aim[i] = init.lambdaIm()[i];
            br[i] = init.bTilde().getReal(i, hh);
            bi[i] = init.bTilde().getImag(i, hh);
            cr[i] = init.cTilde().getReal(hh, i);
            ci[i] = init.cTilde().getImag(hh, i);
            if (init.bidirectional()) {
                c2r[i] = init.cTilde2().getReal(hh, i);
                c2i[i] = init.cTilde2().getImag(hh, i);
            }
            dt[hh] = Math.log(init.step()[i]);
        }
        Shape s = new Shape(h, mm);
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("log_A_real", Ops.array(m, lar, s));
        p.put("A_imag", Ops.array(m, aim, s));
        p.put("B_re", Ops.array(m, br, s));
        p.put("B_im", Ops.array(m, bi, s));
        p.put("C_re", Ops.array(m, cr, s));
        p.put("C_im", Ops.array(m, ci, s));
        if (init.bidirectional()) {
            p.put("C2_re", Ops.array(m, c2r, s));
            p.put("C2_im", Ops.array(m, c2i, s));
        }
        double[] dd = init.d().length == 0 ? new double[h] : init.d();
        p.put("D", Ops.array(m, dd, new Shape(h)));
        p.put("log_dt", Ops.array(m, dt, new Shape(h)));
        return new S4dLayer(p);
    }

    /** Rebuilds a layer from named parameter tensors (checkpoint loading); shapes are validated. */
    public static S4dLayer fromParams(Map<String, NDArray> p) { return new S4dLayer(new LinkedHashMap<>(p)); }

    Map<String, NDArray> map() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("log_A_real", logAReal);
        p.put("A_imag", aImag);
        p.put("B_re", bRe);
        p.put("B_im", bIm);
        p.put("C_re", cRe);
        p.put("C_im", cIm);
        if (c2Re != null) {
            p.put("C2_re", c2Re);
            p.put("C2_im", c2Im);
        }
        p.put("D", d);
        p.put("log_dt", logDt);
        return p;
    }

    @Override
    public List<Param> params() {
        List<Param> out = new ArrayList<>();
        for (var e : map().entrySet()) {
            String k = e.getKey();
            boolean ssm = k.equals("log_A_real") || k.equals("A_imag") || k.startsWith("B_") || k.equals("log_dt");
            out.add(new Param(k, e.getValue(), ssm ? Param.Group.SSM : Param.Group.REGULAR));
        }
        return out;
    }

    public int channels() { return (int) logAReal.getShape().get(0); }

    public int modesPerChannel() { return (int) logAReal.getShape().get(1); }

    @Override
    public int stateCount() { return channels() * modesPerChannel(); }

    /** {lambda_bar_re, lambda_bar_im, B_bar_re, B_bar_im, a = Re(A) Delta, b = Im(A) Delta}, all (H, M). */
    private NDArray[] discretize() {
        NDArray dt = logDt.exp().expandDims(1);                  // (H,1)
        NDArray re = logAReal.exp().neg(), im = aImag;           // A, (H,M)
        NDArray a = re.mul(dt), b = im.mul(dt);
        NDArray mag = a.exp();
        NDArray lr = mag.mul(b.cos()), li = mag.mul(b.sin());
        NDArray nr = Ops.sub(lr, 1f), ni = li;
        NDArray den = re.square().add(im.square());
        NDArray fr = nr.mul(re).add(ni.mul(im)).div(den), fi = ni.mul(re).sub(nr.mul(im)).div(den);
        NDArray bbr = fr.mul(bRe).sub(fi.mul(bIm)), bbi = fr.mul(bIm).add(fi.mul(bRe));
        if (lambdaKeep != null) {                                   // B_bar keeps the trained pole
            lr = lr.mul(lambdaKeep);
            li = li.mul(lambdaKeep);
        }
        return new NDArray[]{lr, li, bbr, bbi, a, b};
    }

    /**
     * The real convolution kernel (H, L): K_h[l] = 2 Re sum_n C_hn B_bar_hn lambda_bar_hn^l.
     *
     * <p>Every state contributes (the training path): the Vandermonde sum in two levels (issue #12, S4D's memory). With
     * {@code c = ceil(sqrt(L))} and {@code l = i c + j}, {@code lambda^l = lambda^j (lambda^c)^i}, so
     * {@code K_h[i c + j] = 2 Re sum_n (C B_bar lambda^j)_hn (lambda^(c i))_hn}: one batched complex matrix product
     * of an (H, ceil(L/c), M) by an (H, M, c) tensor. Nothing of size H x M x L is formed, in the forward pass or among
     * what backward keeps (two (H, M, ~sqrt L) factors instead of five (H, M, L) tensors); the flops drop from
     * O(H M L) transcendentals to O(H M sqrt L) plus a matrix product. A pruned pole (lambda_bar = 0) contributes
     * delta_l0 = delta_i0 delta_j0, so the mask applies to each factor.
     */
    private NDArray kernel(NDArray[] z, NDArray cr, NDArray ci, long len) {
        NDArray cpr = cr.mul(z[2]).sub(ci.mul(z[3])), cpi = cr.mul(z[3]).add(ci.mul(z[2]));   // C B_bar, (H,M)
        if (activeIdx != null) return activeKernel(z, cpr, cpi, len);
        NDManager mgr = logAReal.getManager();
        long c = (long) Math.ceil(Math.sqrt((double) len)), rows = (len + c - 1) / c;
        NDArray j = mgr.arange(0f, (float) c), ic = mgr.arange(0f, (float) rows).mul((float) c);   // j, c i
        NDArray a = z[4].expandDims(2), b = z[5].expandDims(2);                                     // (H,M,1)
        NDArray magP = a.mul(j).exp(), magQ = a.mul(ic).exp();
        if (lambdaKeep != null) {
            NDArray keep = lambdaKeep.expandDims(2), drop = Ops.add(keep.neg(), 1f);
            magP = magP.mul(keep).add(drop.mul(j.eq(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)));
            magQ = magQ.mul(keep).add(drop.mul(ic.eq(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)));
        }
        NDArray bj = b.mul(j), bi = b.mul(ic);
        NDArray cosP = bj.cos(), sinP = bj.sin();
        cpr = Ops.mul(cpr, 2f).expandDims(2);
        cpi = Ops.mul(cpi, 2f).expandDims(2);
        // P = 2 C B_bar lambda^j (H,M,c); Q = lambda^(c i) (H,M,rows)
        NDArray pr = cpr.mul(cosP).sub(cpi.mul(sinP)).mul(magP), pi = cpr.mul(sinP).add(cpi.mul(cosP)).mul(magP);
        NDArray qr = bi.cos().mul(magQ), qi = bi.sin().mul(magQ);
        NDArray k = qr.transpose(0, 2, 1).matMul(pr).sub(qi.transpose(0, 2, 1).matMul(pi));          // (H,rows,c)
        return k.reshape(k.getShape().get(0), rows * c).get(":, :" + len);
    }

    /** The kernel of the contributing states only (a physically pruned layer: its cost follows the kept states). */
    private NDArray activeKernel(NDArray[] z, NDArray cpr, NDArray cpi, long len) {
        NDArray a = active(z[4]), b = active(z[5]), lk = lambdaKeep;
        cpr = active(cpr);
        cpi = active(cpi);
        if (lk != null) lk = active(lk);
        NDArray k = logAReal.getManager().arange(0f, (float) len);                               // (L)
        NDArray ak = a.expandDims(1).mul(k), bk = b.expandDims(1).mul(k);                        // (S,L)
        NDArray mag = ak.exp();
        if (lk != null) {                                                                         // lambda_bar = 0: delta_l0
            NDArray keep = lk.expandDims(1), delta = k.eq(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            mag = mag.mul(keep).add(delta.mul(Ops.add(keep.neg(), 1f)));
        }
        // 2 Re(C B_bar lambda_bar^l) = (2 Re(C B_bar) cos(b l) - 2 Im(C B_bar) sin(b l)) exp(a l)
        cpr = Ops.mul(cpr, 2f).expandDims(1);
        cpi = Ops.mul(cpi, 2f).expandDims(1);
        NDArray terms = bk.cos().mul(cpr).sub(bk.sin().mul(cpi)).mul(mag);
        return channelSum.matMul(terms);                                                          // (H,L)
    }

    /** The entries of an (H, M) tensor at the contributing states, flat (S). */
    private NDArray active(NDArray hm) { return hm.reshape(-1).gather(activeIdx, 0); }

    @Override
    public NDArray apply(NDArray u) {                            // u (B,L,H)
        long len = u.getShape().get(1);
        NDArray[] z = discretize();
        NDArray ut = u.transpose(0, 2, 1);                       // (B,H,L)
        NDArray y = Ops.causalConv(kernel(z, cRe, cIm, len), ut);
        if (c2Re != null) y = y.add(Ops.causalConv(kernel(z, c2Re, c2Im, len), ut.flip(2)).flip(2));
        return y.transpose(0, 2, 1).add(u.mul(d));
    }

    @Override
    public NDArray applyRecurrent(NDArray u) {
        long len = u.getShape().get(1);
        NDArray[] z = discretize();
        NDArray y = scanOut(z, u, cRe, cIm, false, len);
        if (c2Re != null) y = y.add(scanOut(z, u, c2Re, c2Im, true, len));
        return y.add(u.mul(d));
    }

    private static NDArray scanOut(NDArray[] z, NDArray u, NDArray cr, NDArray ci, boolean reverse, long len) {
        NDArray xr = null, xi = null;
        NDArray[] out = new NDArray[(int) len];
        for (int s = 0; s < len; s++) {
            int t = reverse ? (int) len - 1 - s : s;
            NDArray ut = u.get(":, " + t + ", :").expandDims(2);          // (B,H,1)
            NDArray ur = ut.mul(z[2]), ui = ut.mul(z[3]);                  // (B,H,M)
            if (xr == null) {
                xr = ur;
                xi = ui;
            } else {
                NDArray nr = xr.mul(z[0]).sub(xi.mul(z[1])).add(ur);
                xi = xr.mul(z[1]).add(xi.mul(z[0])).add(ui);
                xr = nr;
            }
            out[t] = Ops.mul(xr.mul(cr).sub(xi.mul(ci)).sum(new int[]{2}), 2f); // (B,H)
        }
        return NDArrays.stack(new NDList(out), 1);                        // (B,L,H)
    }

    @Override
    public DiscreteSsm discrete() {
        NDArray[] z = discretize();
        int h = channels(), mm = modesPerChannel(), n = h * mm;
        double[] lr = Ops.doubles(z[0]), li = Ops.doubles(z[1]), br = Ops.doubles(z[2]), bi = Ops.doubles(z[3]);
        double[] cr = Ops.doubles(cRe), ci = Ops.doubles(cIm);
        double[] c2r = c2Re == null ? null : Ops.doubles(c2Re), c2i = c2Re == null ? null : Ops.doubles(c2Im);
        ZMatrixRMaj bBar = new ZMatrixRMaj(n, h), c = new ZMatrixRMaj(h, n), c2 = c2r == null ? null : new ZMatrixRMaj(h, n);
        for (int i = 0; i < n; i++) {
            int hh = i / mm;
            bBar.set(i, hh, br[i], bi[i]);
            c.set(hh, i, cr[i], ci[i]);
            if (c2 != null) c2.set(hh, i, c2r[i], c2i[i]);
        }
        return new DiscreteSsm(lr, li, bBar, c, c2, Ops.doubles(d), true);
    }

    /** The continuous-time eigenvalues A_hn (channel-major) as {re[], im[]}. */
    public double[][] continuousPoles() {
        return new double[][]{Ops.doubles(logAReal.exp().neg()), Ops.doubles(aImag)};
    }

    @Override
    public S4dLayer masked(NDManager m, boolean[] keep) {
        check(keep);
        float[] mask = new float[keep.length];
        for (int i = 0; i < keep.length; i++) mask[i] = keep[i] ? 1f : 0f;
        NDArray mk = m.create(mask, logAReal.getShape());
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (var e : map().entrySet()) {
            NDArray copy = m.create(e.getValue().toFloatArray(), e.getValue().getShape());
            if (e.getKey().startsWith("C")) copy = copy.mul(mk);
            p.put(e.getKey(), copy);
        }
        return new S4dLayer(p);
    }

    @Override
    public UnstructuredPlan.Layout layout() {
        int n = stateCount();
        return new UnstructuredPlan.Layout(n, n, n, c2Re == null ? 0 : n);
    }

    @Override
    public S4dLayer entryMasked(NDManager m, UnstructuredPlan.LayerMask mask) {
        Map<String, NDArray> p = Ops.entryMaskedCopy(m, map(), layout(), mask);
        return new S4dLayer(p, m.create(Ops.floats(mask.lambda()), logAReal.getShape()));
    }

    /**
     * Physical pruning of a multi-SISO layer: every channel keeps its own modes, so the new mode count per channel
     * is the largest kept count of any channel; channels with fewer kept modes are padded with modes whose B and C
     * are zero (they contribute nothing).
     */
    @Override
    public S4dLayer pruned(NDManager m, boolean[] keep) {
        check(keep);
        int h = channels(), mm = modesPerChannel(), width = 1;
        for (int hh = 0; hh < h; hh++) {
            int c = 0;
            for (int k = 0; k < mm; k++) if (keep[hh * mm + k]) c++;
            width = Math.max(width, c);
        }
        Map<String, float[]> src = new LinkedHashMap<>();
        for (var e : map().entrySet()) src.put(e.getKey(), e.getValue().toFloatArray());
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (var e : src.entrySet()) {
            String k = e.getKey();
            float[] v = e.getValue();
            if (k.equals("D") || k.equals("log_dt")) {
                p.put(k, m.create(v.clone(), new Shape(h)));
                continue;
            }
            boolean zeroPad = k.startsWith("B_") || k.startsWith("C");
            float[] out = new float[h * width];
            for (int hh = 0; hh < h; hh++) {
                int j = 0, first = -1;
                for (int n = 0; n < mm; n++)
                    if (keep[hh * mm + n]) {
                        if (first < 0) first = n;
                        out[hh * width + j++] = v[hh * mm + n];
                    }
                for (; j < width; j++) out[hh * width + j] = zeroPad ? 0f : v[hh * mm + (first < 0 ? 0 : first)];
            }
            p.put(k, m.create(out, new Shape(h, width)));
        }
        return new S4dLayer(p);
    }

    @Override
    public S4dLayer withParams(NDManager m, Map<String, NDArray> values) { return fromParams(values); }

    private void check(boolean[] keep) {
        if (keep.length != stateCount())
            throw new IllegalArgumentException("mask has " + keep.length + " entries but the layer has " + stateCount() + " states");
    }
}
