package last.plot;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One method's efficiency-accuracy trade-off curve (paper Fig. 2 and 6): accuracy (%) against the per-layer average
 * remaining state dimension.
 *
 * @param method   the method name (legend entry; also picks colour and marker, see {@link Style})
 * @param stateDim remaining state dimension per point
 * @param accuracy accuracy per point, in percent
 */
public record Curve(String method, double[] stateDim, double[] accuracy) {
    public Curve {
        if (stateDim.length != accuracy.length)
            throw new IllegalArgumentException("curve '" + method + "': " + stateDim.length + " x values but "
                    + accuracy.length + " accuracies");
        stateDim = stateDim.clone();
        accuracy = accuracy.clone();
    }

    /**
     * The same points ordered by decreasing state dimension (the full model first, as on the reversed axis). A sweep
     * lists points by pruning ratio, and S4D's per-layer rounding can make a larger ratio keep as many states as a
     * smaller one, so unsorted points made the drawn line double back.
     */
    public Curve sortedByStateDim() {
        int[] order = IntStream.range(0, stateDim.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -stateDim[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        return new Curve(method, Arrays.stream(order).mapToDouble(i -> stateDim[i]).toArray(),
                Arrays.stream(order).mapToDouble(i -> accuracy[i]).toArray());
    }
}
