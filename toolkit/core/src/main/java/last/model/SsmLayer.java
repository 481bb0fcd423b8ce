package last.model;

import last.prune.UnstructuredPlan;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import last.ssm.DiscreteSsm;

/**
 * The SSM of one layer of a deep SSM (S5 MIMO or S4D multi-SISO) as DJL tensors: a sequence map
 * u (B, L, H) -> y (B, L, H), its discrete numerics-core view for scoring, and state selection for pruning.
 */
public interface SsmLayer {

    /** The layer's output for input {@code u} of shape (B, L, H), computed in parallel (FFT convolution). */
    NDArray apply(NDArray u);

    /** The same map computed step by step by the recurrence x_k = Lambda_bar x_(k-1) + B_bar u_k (slow; for checks). */
    NDArray applyRecurrent(NDArray u);

    /** The layer's discrete system (Lambda_bar, B_bar, C, D) in double precision, for scores and norms. */
    DiscreteSsm discrete();

    /** The number of stored (complex) states, the unit of scores and masks. */
    int stateCount();

    /** A copy (in {@code m}) with the states whose mask entry is false contributing nothing (B_bar_i = 0, C_i = 0). */
    SsmLayer masked(NDManager m, boolean[] keep);

    /** A physically smaller copy (in {@code m}) holding only the states with a true mask entry. */
    SsmLayer pruned(NDManager m, boolean[] keep);

    /** The entries unstructured pruning can remove (poles, B_bar entries, C entries; paper Table 5). */
    UnstructuredPlan.Layout layout();

    /**
     * A copy (in {@code m}) with individual entries removed: a removed pole makes lambda_bar_i = 0, removed B_bar
     * and C entries are 0 (unstructured pruning, paper Table 5). For evaluation; the pole mask is not a parameter.
     */
    SsmLayer entryMasked(NDManager m, UnstructuredPlan.LayerMask mask);

    /** The trainable parameters, with their optimiser groups; names are relative to the layer. */
    List<Param> params();

    /** A copy of this layer in another manager with the given parameter values (same shapes), used when loading. */
    SsmLayer withParams(NDManager m, java.util.Map<String, NDArray> values);
}
