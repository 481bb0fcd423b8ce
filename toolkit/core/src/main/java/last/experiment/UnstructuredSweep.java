package last.experiment;

import java.io.PrintStream;
import java.util.List;
import last.data.Batches;
import last.model.SequenceModel;
import last.prune.Pruning;
import last.prune.UnstructuredPlan;
import last.train.Evaluation;

/** The unstructured random rows of a {@link Sweep} (paper Table 5). */
final class UnstructuredSweep {
    private UnstructuredSweep() {}

    /**
     * Unstructured random at every ratio (mean over {@link Sweep#UNSTRUCTURED_SEEDS} seeds): individual poles, B_bar and C entries removed at the
     * ratio's parameter fraction ({@link UnstructuredPlan#random}); the end point removes the fraction the
     * structured end point removes (all but one pair per layer, or one mode per channel for S4D). The state_dim column is the structured
     * equivalent (1 - ratio) x full dimension, kept_per_layer is "-".
     */
    static void run(SequenceModel model, Batches test, Sweep.Settings s, boolean conj,
                                     List<last.ssm.DiscreteSsm> layers, java.util.function.Supplier<float[]> fullCorrectOnce,
                                     List<Sweep.Row> rows, PrintStream out, int total, long t0, SweepJournal journal) {
        int totalStates = layers.stream().mapToInt(last.ssm.DiscreteSsm::stateCount).sum();
        double fullDim = (conj ? 2.0 : 1.0) * totalStates / layers.size();
        int seeds = Math.min(Sweep.UNSTRUCTURED_SEEDS, s.randomSeeds());
        int points = s.ratios().length + (s.endPoint() ? 1 : 0);
        for (int p = 0; p < points; p++) {
            boolean end = p == s.ratios().length;
            double r = end ? Pruning.endPoint(last.score.Scores.random(layers, 0), layers).actualRatio() : s.ratios()[p];
            Sweep.Row done = journal == null ? null : journal.find(Sweep.UNSTRUCTURED, end ? 100 : Math.round(r * 100));
            if (done != null) {
                rows.add(done);
                continue;
            }
            float[] fullCorrect = fullCorrectOnce.get();
            float[] correct = new float[fullCorrect.length];
            double actSum = 0;
            int used = r == 0 ? 1 : seeds;
            for (int k = 0; k < used; k++) {
                UnstructuredPlan plan = UnstructuredPlan.random(model.layouts(), r, 1000 + k);
                float[] c;
                if (r == 0) c = fullCorrect;
                else try (SequenceModel pm = model.entryMasked(plan)) {
                    c = Sweep.evaluate(pm, test, s.batchSize());
                }
                for (int i = 0; i < c.length; i++) correct[i] += c[i] / used;
                actSum += plan.actualRatio();
            }
            Bootstrap.Interval loss = Bootstrap.pairedLoss(fullCorrect, correct);
            Sweep.Row row = new Sweep.Row(s.task(), s.modelName(), Sweep.UNSTRUCTURED, end ? 100 : Math.round(r * 100), actSum / used, "-",
                    fullDim * (1 - r), 100 * Evaluation.accuracy(correct), loss.estimate(), loss.lo(), loss.hi(), correct.length);
            rows.add(row);
            if (journal != null) journal.add(row);
            Sweep.progress(out, rows.size(), total, row, t0);
        }
    }
}
