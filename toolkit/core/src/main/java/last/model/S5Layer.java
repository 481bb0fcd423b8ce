package last.model;

import last.prune.UnstructuredPlan;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
 * The S5 layer (MIMO diagonal SSM, Smith et al. 2023; docs/conventions.md Sec. 1.2-1.5) on DJL.
 *
 * <p>Parameters (all real; complex ones as re/im pairs because complex tensors are not differentiable on this
 * engine): {@code Lambda_re, Lambda_im} (N), {@code B_re, B_im} (N x H) = B~, {@code C_re, C_im} (H x N) = C~,
 * {@code C2_re, C2_im} for bidirectional layers, {@code D} (H), {@code log_step} (N). The real part of Lambda is
 * clipped to at most -1e-4 in the forward pass (S5's {@code clip_eigs}), so every state stays stable.
 *
 * <p>ZOH per state: {@code lambda_bar = exp(lambda Delta)}, {@code B_bar = (lambda_bar - 1)/lambda B~}; the sequence
 * x_k = lambda_bar x_(k-1) + B_bar u_k is computed as a causal convolution with lambda_bar^k by FFT; output
 * {@code y = 2 Re(C~ x) + D u} (conj-sym), plus {@code 2 Re(C~2 x')} of the reverse scan when bidirectional.
 */
public final class S5Layer implements SsmLayer {
    static final float MAX_RE = -1e-4f;

    private final NDArray lambdaRe, lambdaIm, bRe, bIm, cRe, cIm, c2Re, c2Im, d, logStep;
    private final boolean conjSym;
    /** Pole mask of unstructured pruning (N; 0 makes lambda_bar_i = 0), or null. */
    private final NDArray lambdaKeep;

    private S5Layer(Map<String, NDArray> p, boolean conjSym) { this(p, conjSym, null); }

    private S5Layer(Map<String, NDArray> p, boolean conjSym, NDArray lambdaKeep) {
        this.lambdaKeep = lambdaKeep;
        this.lambdaRe = p.get("Lambda_re");
        this.lambdaIm = p.get("Lambda_im");
        this.bRe = p.get("B_re");
        this.bIm = p.get("B_im");
        this.cRe = p.get("C_re");
        this.cIm = p.get("C_im");
        this.c2Re = p.get("C2_re");
        this.c2Im = p.get("C2_im");
        this.d = p.get("D");
        this.logStep = p.get("log_step");
        this.conjSym = conjSym;
        for (NDArray a : p.values()) a.setRequiresGradient(true);
    }

    /** A layer initialised from a numerics-core S5 initialisation ({@link last.ssm.S5Init}). */
    public static S5Layer of(NDManager m, DiagonalSsm init) {
        int n = init.stateCount();
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("Lambda_re", Ops.array(m, init.lambdaRe(), new Shape(n)));
        p.put("Lambda_im", Ops.array(m, init.lambdaIm(), new Shape(n)));
        NDArray[] b = Ops.complex(m, init.bTilde()), c = Ops.complex(m, init.cTilde());
        p.put("B_re", b[0]);
        p.put("B_im", b[1]);
        p.put("C_re", c[0]);
        p.put("C_im", c[1]);
        if (init.bidirectional()) {
            NDArray[] c2 = Ops.complex(m, init.cTilde2());
            p.put("C2_re", c2[0]);
            p.put("C2_im", c2[1]);
        }
        double[] d = init.d().length == 0 ? new double[init.inputs()] : init.d();
        p.put("D", Ops.array(m, d, new Shape(d.length)));
        double[] ls = new double[n];
        for (int i = 0; i < n; i++) ls[i] = Math.log(init.step()[i]);
        p.put("log_step", Ops.array(m, ls, new Shape(n)));
        return new S5Layer(p, init.conjSym());
    }

    private Map<String, NDArray> map() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("Lambda_re", lambdaRe);
        p.put("Lambda_im", lambdaIm);
        p.put("B_re", bRe);
        p.put("B_im", bIm);
        p.put("C_re", cRe);
        p.put("C_im", cIm);
        if (c2Re != null) {
            p.put("C2_re", c2Re);
            p.put("C2_im", c2Im);
        }
        p.put("D", d);
        p.put("log_step", logStep);
        return p;
    }

    @Override
    public List<Param> params() {
        List<Param> out = new ArrayList<>();
        for (var e : map().entrySet()) {
            boolean ssm = e.getKey().startsWith("Lambda") || e.getKey().startsWith("B_") || e.getKey().equals("log_step");
            out.add(new Param(e.getKey(), e.getValue(), ssm ? Param.Group.SSM : Param.Group.REGULAR));
        }
        return out;
    }

    @Override
    public int stateCount() { return (int) lambdaRe.getShape().get(0); }

    public boolean bidirectional() { return c2Re != null; }

    /** ZOH: {lambda_bar_re, lambda_bar_im, B_bar_re (N,H), B_bar_im (N,H), a = Re(lambda) Delta, b = Im(lambda) Delta}. */
    private NDArray[] discretize() {
        NDArray re = Ops.minimum(lambdaRe, MAX_RE);                      // (N)
        NDArray im = lambdaIm;                                      // (N)
        NDArray dt = logStep.exp();                                 // (N)
        NDArray a = re.mul(dt), b = im.mul(dt);                     // (N)
        NDArray mag = a.exp();
        NDArray lr = mag.mul(b.cos()), li = mag.mul(b.sin());       // lambda_bar
        NDArray nr = Ops.sub(lr, 1f), ni = li;                           // lambda_bar - 1 (B_bar keeps the trained pole)
        if (lambdaKeep != null) {
            lr = lr.mul(lambdaKeep);
            li = li.mul(lambdaKeep);
        }
        NDArray den = re.square().add(im.square());
        NDArray fr = nr.mul(re).add(ni.mul(im)).div(den);           // (lambda_bar - 1) / lambda
        NDArray fi = ni.mul(re).sub(nr.mul(im)).div(den);
        NDArray frc = fr.expandDims(1), fic = fi.expandDims(1);    // (N,1)
        NDArray bbr = frc.mul(bRe).sub(fic.mul(bIm));               // (N,H)
        NDArray bbi = frc.mul(bIm).add(fic.mul(bRe));
        return new NDArray[]{lr, li, bbr, bbi, a, b};
    }

    @Override
    public NDArray apply(NDArray u) {                               // u: (B,L,H)
        long len = u.getShape().get(1);
        NDArray[] z = discretize();
        // B_bar u straight into the (B, N, L) layout the FFT runs on: the transposed u is a strided operand of the
        // batched product (no copy), and the FFT gets a contiguous input (on a transposed view it copies first)
        NDArray ut = u.transpose(0, 2, 1);                            // (B,H,L) view
        NDArray buRe = z[2].matMul(ut), buIm = z[3].matMul(ut);       // (B,N,L)
        NDArray k = u.getManager().arange(0f, (float) len);           // (L)
        NDArray ak = z[4].expandDims(1).mul(k), bk = z[5].expandDims(1).mul(k); // (N,L)
        NDArray kMag = ak.exp();
        if (lambdaKeep != null) {                                     // lambda_bar_i = 0: kernel delta_k0
            NDArray keep = lambdaKeep.expandDims(1), delta = k.eq(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            kMag = kMag.mul(keep).add(delta.mul(Ops.add(keep.neg(), 1f)));
        }
        NDArray kRe = kMag.mul(bk.cos()), kIm = kMag.mul(bk.sin());   // lambda_bar^k, (N,L)
        NDArray[] x = Ops.complexCausalConv(kRe, kIm, buRe, buIm);   // (B,N,L)
        NDArray y = readOut(x[0], x[1], cRe, cIm);
        if (c2Re != null) {
            NDArray[] xr = Ops.complexCausalConv(kRe, kIm, buRe.flip(2), buIm.flip(2));
            y = y.add(readOut(xr[0].flip(2), xr[1].flip(2), c2Re, c2Im));
        }
        return y.add(u.mul(d));
    }

    /**
     * Re(C x) (times 2 with conj-sym) for x given as (B,N,L) re/im parts; returns (B,L,H). The factor 2 scales the
     * small C (H x N), not the (B, L, H) output: one pass less forward and backward, and the same numbers (a product
     * by 2 is exact in floating point).
     */
    private NDArray readOut(NDArray xRe, NDArray xIm, NDArray cr, NDArray ci) {
        if (conjSym) {
            cr = Ops.mul(cr, 2f);
            ci = Ops.mul(ci, 2f);
        }
        return xRe.transpose(0, 2, 1).matMul(cr.transpose()).sub(xIm.transpose(0, 2, 1).matMul(ci.transpose()));
    }

    @Override
    public NDArray applyRecurrent(NDArray u) {
        long len = u.getShape().get(1);
        NDArray[] z = discretize();
        NDArray buRe = u.matMul(z[2].transpose()), buIm = u.matMul(z[3].transpose()); // (B,L,N)
        NDArray[] fwd = scan(z[0], z[1], buRe, buIm, false, len);
        NDArray y = readOut(fwd[0], fwd[1], cRe, cIm);
        if (c2Re != null) {
            NDArray[] bwd = scan(z[0], z[1], buRe, buIm, true, len);
            y = y.add(readOut(bwd[0], bwd[1], c2Re, c2Im));
        }
        return y.add(u.mul(d));
    }

    /** x_k = lambda_bar x_(k-1) + bu_k (or the reverse scan); returns (B,N,L) re/im. */
    private static NDArray[] scan(NDArray lr, NDArray li, NDArray buRe, NDArray buIm, boolean reverse, long len) {
        NDArray xr = null, xi = null;
        NDArray[] outR = new NDArray[(int) len], outI = new NDArray[(int) len];
        for (int s = 0; s < len; s++) {
            int t = reverse ? (int) len - 1 - s : s;
            NDArray ur = buRe.get(":, " + t + ", :"), ui = buIm.get(":, " + t + ", :");  // (B,N)
            if (xr == null) {
                xr = ur;
                xi = ui;
            } else {
                NDArray nr = xr.mul(lr).sub(xi.mul(li)).add(ur);
                NDArray ni = xr.mul(li).add(xi.mul(lr)).add(ui);
                xr = nr;
                xi = ni;
            }
            outR[t] = xr;
            outI[t] = xi;
        }
        return new NDArray[]{NDArrays.stack(new ai.djl.ndarray.NDList(outR), 2), NDArrays.stack(new ai.djl.ndarray.NDList(outI), 2)};
    }

    @Override
    public DiscreteSsm discrete() {
        NDArray[] z = discretize();
        ZMatrixRMaj bBar = Ops.toComplex(z[2], z[3]);
        return new DiscreteSsm(Ops.doubles(z[0]), Ops.doubles(z[1]), bBar, Ops.toComplex(cRe, cIm),
                c2Re == null ? null : Ops.toComplex(c2Re, c2Im), Ops.doubles(d), conjSym);
    }

    /** The continuous-time eigenvalues lambda_i as {re[], im[]} (Re clipped as in the forward pass). */
    public double[][] continuousPoles() {
        return new double[][]{Ops.doubles(Ops.minimum(lambdaRe, MAX_RE)), Ops.doubles(lambdaIm)};
    }

    @Override
    public S5Layer masked(NDManager m, boolean[] keep) {
        check(keep);
        float[] mask = new float[keep.length];
        for (int i = 0; i < keep.length; i++) mask[i] = keep[i] ? 1f : 0f;
        NDArray col = m.create(mask, new Shape(keep.length, 1)), row = m.create(mask, new Shape(1, keep.length));
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (var e : map().entrySet()) {
            NDArray v = e.getValue().stopGradient().toDevice(m.getDevice(), true);
            NDArray copy = m.create(v.toFloatArray(), v.getShape());
            if (e.getKey().startsWith("B_")) copy = copy.mul(col);
            else if (e.getKey().startsWith("C")) copy = copy.mul(row);
            p.put(e.getKey(), copy);
        }
        return new S5Layer(p, conjSym);
    }

    @Override
    public UnstructuredPlan.Layout layout() {
        int n = stateCount(), h = (int) d.getShape().get(0);
        return new UnstructuredPlan.Layout(n, n * h, h * n, c2Re == null ? 0 : h * n);
    }

    @Override
    public S5Layer entryMasked(NDManager m, UnstructuredPlan.LayerMask mask) {
        var l = layout();
        Map<String, NDArray> p = Ops.entryMaskedCopy(m, map(), l, mask);
        return new S5Layer(p, conjSym, m.create(Ops.floats(mask.lambda()), new Shape(l.lambda())));
    }

    @Override
    public S5Layer pruned(NDManager m, boolean[] keep) {
        check(keep);
        int[] idx = java.util.stream.IntStream.range(0, keep.length).filter(i -> keep[i]).toArray();
        if (idx.length == 0) throw new IllegalArgumentException("cannot prune every state of an S5 layer");
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (var e : map().entrySet()) {
            String k = e.getKey();
            int axis = k.equals("D") ? -1 : k.startsWith("C") ? 1 : 0;
            p.put(k, axis < 0 ? m.create(e.getValue().toFloatArray(), e.getValue().getShape())
                    : Ops.select(m, e.getValue(), axis, idx));
        }
        return new S5Layer(p, conjSym);
    }

    @Override
    public S5Layer withParams(NDManager m, Map<String, NDArray> values) { return fromParams(values, conjSym); }

    /** Rebuilds a layer from named parameter tensors (checkpoint loading); names and shapes are validated. */
    public static S5Layer fromParams(Map<String, NDArray> values, boolean conjSym) {
        for (String k : new String[]{"Lambda_re", "Lambda_im", "B_re", "B_im", "C_re", "C_im", "D", "log_step"})
            if (!values.containsKey(k)) throw new IllegalArgumentException("missing S5 parameter " + k);
        long n = values.get("Lambda_re").getShape().get(0), h = values.get("D").getShape().get(0);
        Map<String, Shape> want = new LinkedHashMap<>();
        want.put("Lambda_re", new Shape(n));
        want.put("Lambda_im", new Shape(n));
        want.put("B_re", new Shape(n, h));
        want.put("B_im", new Shape(n, h));
        want.put("C_re", new Shape(h, n));
        want.put("C_im", new Shape(h, n));
        if (values.containsKey("C2_re") || values.containsKey("C2_im")) {
            want.put("C2_re", new Shape(h, n));
            want.put("C2_im", new Shape(h, n));
        }
        want.put("D", new Shape(h));
        want.put("log_step", new Shape(n));
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (var e : want.entrySet()) {
            NDArray v = values.get(e.getKey());
            if (v == null) throw new IllegalArgumentException("missing S5 parameter " + e.getKey());
            if (!v.getShape().equals(e.getValue()))
                throw new IllegalArgumentException("S5 parameter " + e.getKey() + " has shape " + v.getShape()
                        + " but expected " + e.getValue());
            p.put(e.getKey(), v);
        }
        return new S5Layer(p, conjSym);
    }

    private void check(boolean[] keep) {
        if (keep.length != stateCount())
            throw new IllegalArgumentException("mask has " + keep.length + " entries but the layer has " + stateCount() + " states");
    }
}
