package last.plot;

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
}
