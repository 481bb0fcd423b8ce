package last.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import last.model.Param;

/**
 * Adam with decoupled weight decay and S5's two parameter groups (docs/conventions.md Sec. 1.8): the SSM group
 * (Lambda, B, log step) uses the SSM learning rate and no weight decay; every other parameter uses the base
 * learning rate and weight decay. beta = (0.9, 0.999), eps = 1e-8;
 * {@code theta <- theta - lr (m_hat / (sqrt(v_hat) + eps) + wd theta)}.
 *
 * <p>Our own, not DJL's {@code ai.djl.training.optimizer.AdamW}: that one has a single weight decay for all
 * parameters (S5's SSM group needs none) and keeps its moments private, so they could not be saved with a
 * checkpoint and restored for {@code --resume}.
 */
public final class AdamW {
    private final Map<String, NDArray> m1 = new LinkedHashMap<>(), m2 = new LinkedHashMap<>();
    private final NDManager manager;
    private long t;

    public AdamW(NDManager manager) { this.manager = manager; }

    /** Steps taken so far. */
    public long steps() { return t; }

    /** One update of every parameter from its gradient; {@code scale} multiplies both learning rates (schedule). */
    public void step(List<Param> params, double lr, double ssmLr, double weightDecay, double scale) {
        t++;
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
        for (Param p : params) {
            NDArray w = p.array(), g = w.getGradient();
            NDArray m = m1.computeIfAbsent(p.name(), k -> persistent(manager.zeros(w.getShape())));
            NDArray v = m2.computeIfAbsent(p.name(), k -> persistent(manager.zeros(w.getShape())));
            m.muli((float) b1).addi(g.mul((float) (1 - b1)));
            v.muli((float) b2).addi(g.square().mul((float) (1 - b2)));
            boolean ssm = p.group() == Param.Group.SSM;
            double rate = (ssm ? ssmLr : lr) * scale, wd = ssm ? 0 : weightDecay;
            NDArray upd = m.div((float) c1).div(v.div((float) c2).sqrt().add((float) eps));
            if (wd > 0) upd = upd.add(w.mul((float) wd));
            w.subi(upd.mul((float) rate));
        }
    }

    /** Optimiser state outlives the {@link ai.djl.ndarray.NDScope} of the step that creates it. */
    private static NDArray persistent(NDArray a) {
        ai.djl.ndarray.NDScope.unregister(a);
        return a;
    }

    /** The optimiser state (moments and step count) for checkpointing. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m1.forEach((k, v) -> out.put("m1." + k, v));
        m2.forEach((k, v) -> out.put("m2." + k, v));
        out.put("step", manager.create(new long[]{t}));
        return out;
    }

    /** Restores a state written by {@link #state()}. */
    public void load(Map<String, NDArray> state) {
        for (var e : state.entrySet()) {
            if (e.getKey().equals("step")) t = e.getValue().toLongArray()[0];
            else if (e.getKey().startsWith("m1.")) m1.put(e.getKey().substring(3), e.getValue());
            else if (e.getKey().startsWith("m2.")) m2.put(e.getKey().substring(3), e.getValue());
            else throw new IllegalArgumentException("unknown optimiser state entry " + e.getKey());
        }
    }
}
