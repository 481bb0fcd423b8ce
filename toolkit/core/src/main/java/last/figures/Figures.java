package last.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import last.experiment.Claims;
import last.experiment.PaperReference;
import last.experiment.Protocol;
import last.experiment.Tasks;
import last.plot.Curve;
import last.plot.Plots;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * The paper's trade-off panels drawn from sweep tables ({@code last.experiment.Sweep}): accuracy vs remaining state
 * dimension per method (Fig. 2, Fig. 6 and the appendix curves), optionally with the paper's digitised LAST curve.
 * This package sits on top: it reads experiment results and draws them with {@code last.plot}, which knows nothing
 * of the toolkit; experiments never draw.
 */
public final class Figures {
    private Figures() {}

    /** {@link #tradeOff(Table, List, double, String)} without a checkpoint name in the title. */
    public static XYChart tradeOff(Table sweep, List<String> methods, double randomGuess) {
        return tradeOff(sweep, methods, randomGuess, null);
    }

    /**
     * {@link #tradeOff(Table, List, double, String)} with the random-guess line at the chance level of the sweep's task
     * ({@link Tasks#describe}).
     */
    public static XYChart tradeOff(Table sweep, List<String> methods, String checkpoint) {
        return tradeOff(sweep, methods, Tasks.describe(sweep.stringColumn("task").get(0)).chancePercent(), checkpoint);
    }

    /**
     * One trade-off panel: accuracy vs remaining state dimension for {@code methods} (those present in the sweep).
     * {@code checkpoint} (e.g. "smnist-s5", "speech35-synth-4k-s5, half rate"; null for none) names the panel, so a panel
     * copied out of a notebook still says which trained model it evaluates: a name that starts with the task is the
     * title itself, any other is appended to "task / model" in brackets.
     */
    public static XYChart tradeOff(Table sweep, List<String> methods, double randomGuess, String checkpoint) {
        List<Curve> curves = new ArrayList<>();
        for (String method : methods) {
            Table m = sweep.where(sweep.stringColumn("method").isEqualTo(method));
            if (m.rowCount() == 0) continue;
            curves.add(new Curve(method, m.doubleColumn("state_dim").asDoubleArray(), m.doubleColumn("accuracy").asDoubleArray()));
        }
        String task = sweep.stringColumn("task").get(0), model = sweep.stringColumn("model").get(0);
        double full = Protocol.value(sweep, task, model, "LAST", 0);
        String samples = String.format(Locale.ROOT, "(%d test samples)", sweep.intColumn("samples").get(0));
        // a checkpoint name that already names the task ("smnist-s5") is the title; otherwise task / model [checkpoint]
        String title = checkpoint != null && checkpoint.startsWith(task + "-") ? checkpoint + " " + samples
                : Plots.title(task + " / " + model + " " + samples, checkpoint);
        return Plots.tradeOff(title, curves, full, 10, randomGuess);
    }

    /**
     * One Fig. 2 panel: our curves of {@code methods} ({@link #tradeOff(Table, List, double, String)}) with the paper's digitised LAST
     * curve of the same task drawn faintly. The paper's models have other state dimensions, so its points are placed
     * by pruning ratio on our axis: remaining state dimension = our full dimension x (1 - ratio), and the paper's end
     * point at our end point. The random-guess line is the task's chance level ({@link Tasks#describe}).
     */
    public static XYChart tradeOffWithPaper(Table sweep, List<String> methods, Path paperDir, String checkpoint) {
        String task = sweep.stringColumn("task").get(0), model = sweep.stringColumn("model").get(0);
        XYChart chart = tradeOff(sweep, methods, Tasks.describe(task).chancePercent(), checkpoint);
        String paperTask = Claims.paperTasks(paperDir).get(task);
        PaperReference.PaperCurve c = paperTask == null ? null : PaperReference.curve(paperDir, paperTask, model, "LAST");
        if (c == null) return chart;
        Table last = sweep.where(sweep.stringColumn("method").isEqualTo("LAST"));
        double full = Protocol.row(last, task, model, "LAST", 0).getDouble("state_dim");
        double end = last.doubleColumn("state_dim").min();
        double[] x = new double[c.ratio().length];
        for (int i = 0; i < x.length; i++) x[i] = c.ratio()[i] >= 100 ? end : full * (1 - c.ratio()[i] / 100);
        Plots.addReference(chart, "LAST", x, c.accuracy());
        return chart;
    }
}
