package last.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * The paper's claims (listed in docs/protocol.md §5.2) as functions from our
 * results to a verdict. Each claim reports the paper's value (read from {@code data/paper/*.csv}, never typed here),
 * ours with its interval, a verdict and the reason in words.
 *
 * <p>A verdict says {@link Verdict#HOLDS} only when the evidence covers what the claim says: every task it names
 * (the ten tasks of the paper for the averages), every method it compares, and intervals that do not cross the
 * boundary the claim turns on. Evidence that points the claim's way but covers less is {@link Verdict#PARTLY};
 * evidence against it is {@link Verdict#DOES_NOT_HOLD}; no evidence is {@link Verdict#NOT_TESTABLE}.
 *
 * <p>Averages of losses get an approximate interval from the per-task bootstrap intervals, treating tasks as
 * independent: {@code se_i = (hi_i - lo_i) / 3.92}, {@code se = sqrt(sum se_i^2) / n}, interval = mean +- 1.96 se.
 */
public final class Claims {
    private Claims() {}

    /** How far the evidence supports a claim. */
    public enum Verdict {
        HOLDS("holds"), PARTLY("partly"), DOES_NOT_HOLD("does not hold"), NOT_TESTABLE("not testable here");

        private final String text;

        Verdict(String text) { this.text = text; }

        @Override
        public String toString() { return text; }
    }

    /** One claim's row of the claims table. */
    public record Claim(String id, String statement, String paper, String ours, Verdict verdict, String reason) {}

    /** The paper's seven criteria of Table 6, in the paper's order. */
    public static final List<String> PAPER_CRITERIA = List.of("Random", "Uniform magnitude", "Global magnitude", "LAMP",
            "Uniform H-inf", "Global H-inf", "LAST");

    /** The paper's ten tasks (Tables 1, 5, 6 average over them). */
    public static final List<String> PAPER_TASKS = List.of("sMNIST", "psMNIST", "sCIFAR", "ListOps", "Text", "Retrieval",
            "Image", "Pathfinder", "Path-X", "Speech");

    /**
     * What the claims are judged on.
     *
     * @param sweeps    one sweep table per (task, model) checkpoint, the main checkpoint of each task
     * @param paperDir  {@code data/paper}
     * @param speed     Table 8 rows (columns task, model, ratio, speedup, speedup_lo, speedup_hi, memory_ratio), or null
     * @param poles     mean |Re lambda| of the kept poles of one layer at increasing ratios, or null
     */
    public record Evidence(List<Table> sweeps, Path paperDir, Table speed, PoleShift poles) {}

    /**
     * The kept poles' mean |Re(lambda)| of one layer at increasing pruning ratios (Fig. 4).
     *
     * @param task  our task name
     * @param layer layer index (1-based, as the paper counts)
     */
    public record PoleShift(String task, String model, int layer, int[] ratios, double[] meanAbsRe) {}

    /** Every claim of Sec. 9, in order (claims 1-4 and 9 once per model). */
    public static List<Claim> evaluate(Evidence e) {
        Map<String, String> paperTask = paperTasks(e.paperDir());
        List<Claim> out = new ArrayList<>();
        for (String model : List.of("S5", "S4D")) out.add(averageRatio(e, paperTask, model));
        for (String model : List.of("S5", "S4D")) out.add(lastSmallestLoss(e, paperTask, model));
        for (String model : List.of("S5", "S4D")) out.add(structuredBeatsUnstructured(e, paperTask, model));
        out.add(perTaskRatios(e, paperTask));
        out.add(globalHinfCollapse(e, paperTask));
        out.add(fastPolesFirst(e, paperTask));
        out.add(speed(e));
        out.add(stablerThanGlobal(e, paperTask));
        return out;
    }

    /** The claims as a table (id, claim, paper, ours, verdict, reason). */
    public static Table table(List<Claim> claims) {
        var id = tech.tablesaw.api.StringColumn.create("#");
        var st = tech.tablesaw.api.StringColumn.create("claim");
        var pa = tech.tablesaw.api.StringColumn.create("paper");
        var ou = tech.tablesaw.api.StringColumn.create("ours");
        var ve = tech.tablesaw.api.StringColumn.create("verdict");
        var re = tech.tablesaw.api.StringColumn.create("reason");
        for (Claim c : claims) {
            id.append(c.id());
            st.append(c.statement());
            pa.append(c.paper());
            ou.append(c.ours());
            ve.append(c.verdict().toString());
            re.append(c.reason());
        }
        return Table.create("claims", id, st, pa, ou, ve, re);
    }

    // ---- claims 1 and 2: average ratio and loss of LAST ----

    static Claim averageRatio(Evidence e, Map<String, String> paperTask, String model) {
        String id = model.equals("S5") ? "1" : "2";
        String statement = model + ": LAST prunes a sizeable fraction of states with < 1 %p average loss, without retraining (Table 1)";
        Table t1 = read(e.paperDir().resolve("table1-averages.csv"));
        Row paperRow = find(t1, r -> r.getString("model").equals(model) && r.getString("method").equals("LAST"));
        double paperRatio = paperRow == null ? Double.NaN : num(paperRow, "avg_ratio");
        String paper = paperRow == null ? "unknown" : fmt("%.2f %% at %.2f %%p (%s tasks)", paperRatio, num(paperRow, "avg_loss"), "10");
        List<Protocol.TaskResult> rows = atLast(e, model, List.of("LAST"));
        if (rows.isEmpty()) return new Claim(id, statement, paper, "no " + model + " checkpoint", Verdict.NOT_TESTABLE, "no " + model + " sweep");
        double ratio = rows.stream().mapToDouble(Protocol.TaskResult::ratio).average().orElseThrow();
        double[] loss = Protocol.averageLoss(rows, "LAST");
        Set<String> covered = covered(rows, paperTask);
        String ours = fmt("%.2f %% at %.2f %%p [%s] (%d tasks: %s)", ratio, loss[0], interval(loss), rows.size(), String.join(", ", covered));
        List<String> gaps = new ArrayList<>();
        if (covered.size() < PAPER_TASKS.size()) gaps.add("covers " + covered.size() + " of the paper's 10 tasks");
        if (!(loss[2] < Protocol.MAX_LOSS)) gaps.add(Double.isNaN(loss[2]) ? "no interval on the loss" : "the loss interval reaches " + fmt("%.2f", loss[2]) + " %p");
        if (ratio < paperRatio - 10) gaps.add(fmt("average ratio %.1f %% vs the paper's %.1f %%", ratio, paperRatio));
        if (loss[0] >= Protocol.MAX_LOSS)
            return new Claim(id, statement, paper, ours, Verdict.DOES_NOT_HOLD, fmt("average loss %.2f %%p >= 1 %%p", loss[0]));
        if (gaps.isEmpty()) return new Claim(id, statement, paper, ours, Verdict.HOLDS, "loss interval below 1 %p over all 10 tasks, ratio within 10 %p of the paper's");
        return new Claim(id, statement, paper, ours, Verdict.PARTLY, "< 1 %p on the point estimate, but " + String.join("; ", gaps));
    }

    // ---- claim 3: LAST has the smallest loss at its ratios ----

    static Claim lastSmallestLoss(Evidence e, Map<String, String> paperTask, String model) {
        String statement = model + ": at LAST's ratios, LAST has the smallest average loss of the paper's seven criteria (Table 6)";
        String paper = paperTable6(e.paperDir(), model);
        List<String> methods = presentMethods(e, model, PAPER_CRITERIA);
        List<Protocol.TaskResult> rows = atLast(e, model, methods);
        if (rows.isEmpty()) return new Claim("3", statement, paper, "no " + model + " checkpoint", Verdict.NOT_TESTABLE, "no " + model + " sweep");
        List<Protocol.TaskResult> comp = rows.stream().filter(Protocol.TaskResult::compressible).toList();
        Map<String, double[]> avg = new LinkedHashMap<>();
        for (String m : methods) avg.put(m, Protocol.averageLoss(rows, m));
        List<String> ranking = new ArrayList<>(methods);
        ranking.sort(Comparator.comparingDouble(m -> avg.get(m)[0]));
        String ours = ranking.stream().map(m -> fmt("%s %.2f [%s]", m, avg.get(m)[0], interval(avg.get(m)))).collect(Collectors.joining(" < "))
                + fmt(" (%d tasks, %d compressible)", rows.size(), comp.size());
        if (comp.isEmpty())
            return new Claim("3", statement, paper, ours, Verdict.NOT_TESTABLE, "every task is non-compressible (ratio 0), where all methods tie");
        List<String> missing = PAPER_CRITERIA.stream().filter(m -> !methods.contains(m)).toList();
        double last = avg.get("LAST")[0];
        List<String> better = methods.stream().filter(m -> !m.equals("LAST") && avg.get(m)[0] < last - 1e-9).toList();
        if (!better.isEmpty())
            return new Claim("3", statement, paper, ours, Verdict.DOES_NOT_HOLD, "lower average loss than LAST: " + String.join(", ", better));
        List<String> gaps = new ArrayList<>();
        Set<String> covered = covered(rows, paperTask);
        if (covered.size() < PAPER_TASKS.size()) gaps.add("covers " + covered.size() + " of 10 tasks (" + comp.size() + " compressible)");
        if (!missing.isEmpty()) gaps.add("missing " + String.join(", ", missing));
        if (Double.isNaN(avg.get("LAST")[2])) gaps.add("no loss intervals (sweeps made before intervals existed)");
        else {
            List<String> overlapping = methods.stream().filter(m -> !m.equals("LAST") && !(avg.get("LAST")[2] < avg.get(m)[1])).toList();
            if (!overlapping.isEmpty()) gaps.add("intervals overlap with " + String.join(", ", overlapping));
        }
        if (gaps.isEmpty()) return new Claim("3", statement, paper, ours, Verdict.HOLDS, "smallest, with intervals apart from every other criterion, over all 10 tasks");
        return new Claim("3", statement, paper, ours, Verdict.PARTLY, "smallest on the point estimates, but " + String.join("; ", gaps));
    }

    // ---- claim 4: structured random beats unstructured random ----

    static Claim structuredBeatsUnstructured(Evidence e, Map<String, String> paperTask, String model) {
        String statement = model + ": structured random state pruning loses less than unstructured random parameter pruning at the same ratio (Table 5)";
        Table t6 = read(e.paperDir().resolve("table6-s5-averages.csv"));
        Row r = find(t6, x -> x.getString("method").equals("Random")), u = find(t6, x -> x.getString("method").equals("Unstructured random"));
        String paper = model.equals("S5") && r != null && u != null ? fmt("%.2f vs %.2f %%p", num(r, "avg_loss"), num(u, "avg_loss")) : "not published";
        List<String> methods = presentMethods(e, model, List.of("Random", Sweep.UNSTRUCTURED));
        List<Protocol.TaskResult> rows = atLast(e, model, methods);
        if (rows.isEmpty() || methods.size() < 2)
            return new Claim("4", statement, paper, "no " + model + " sweep with both methods", Verdict.NOT_TESTABLE, "missing sweeps");
        List<Protocol.TaskResult> comp = rows.stream().filter(Protocol.TaskResult::compressible).toList();
        double[] s = Protocol.averageLoss(rows, "Random"), un = Protocol.averageLoss(rows, Sweep.UNSTRUCTURED);
        String ours = fmt("%.2f [%s] vs %.2f [%s] %%p at LAST's ratios (%d tasks, %d compressible)", s[0], interval(s), un[0], interval(un), rows.size(), comp.size());
        if (comp.isEmpty()) return new Claim("4", statement, paper, ours, Verdict.NOT_TESTABLE, "every task is non-compressible (ratio 0)");
        long wins = comp.stream().filter(t -> t.loss("Random") < t.loss(Sweep.UNSTRUCTURED)).count();
        if (s[0] >= un[0]) return new Claim("4", statement, paper, ours, Verdict.DOES_NOT_HOLD, "structured random loses as much or more");
        List<String> gaps = new ArrayList<>();
        Set<String> covered = covered(rows, paperTask);
        if (covered.size() < PAPER_TASKS.size()) gaps.add("covers " + covered.size() + " of 10 tasks");
        if (wins < comp.size()) gaps.add("structured wins on " + wins + " of " + comp.size() + " compressible tasks");
        if (Double.isNaN(s[2]) || Double.isNaN(un[1])) gaps.add("no loss intervals (sweeps made before intervals existed)");
        else if (!(s[2] < un[1])) gaps.add("the intervals overlap");
        if (gaps.isEmpty()) return new Claim("4", statement, paper, ours, Verdict.HOLDS, "structured loses less on every compressible task, intervals apart");
        return new Claim("4", statement, paper, ours, Verdict.PARTLY, "structured loses less on average, but " + String.join("; ", gaps));
    }

    // ---- claim 5: per-task S5 ratios ----

    static Claim perTaskRatios(Evidence e, Map<String, String> paperTask) {
        String statement = "S5 per-task LAST ratios on LRA and Speech (ListOps non-compressible; Text 60, Retrieval 50, Image 30, Pathfinder 30, Path-X 30, Speech 20 %)";
        Table per = read(e.paperDir().resolve("s5-last-per-task.csv"));
        Map<String, Integer> paperRatio = new LinkedHashMap<>();
        for (Row r : per)
            if (r.getString("model").equals("S5") && !r.isMissing("last_ratio"))
                paperRatio.put(r.getString("task"), (int) Math.round(num(r, "last_ratio")));
        String paper = paperRatio.entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).collect(Collectors.joining(", "));
        List<String> ours = new ArrayList<>(), off = new ArrayList<>();
        for (Protocol.TaskResult t : atLast(e, "S5", List.of("LAST"))) {
            String pt = paperTask.getOrDefault(t.task(), t.task());
            if (!paperRatio.containsKey(pt)) continue;
            double[] iv = t.lossInterval("LAST");
            ours.add(fmt("%s %d (loss %.2f [%s])", pt, t.ratio(), t.loss("LAST"), interval(new double[]{0, iv[0], iv[1]})));
            if (Math.abs(t.ratio() - paperRatio.get(pt)) > 10) off.add(fmt("%s %d vs %d", pt, t.ratio(), paperRatio.get(pt)));
        }
        if (ours.isEmpty()) return new Claim("5", statement, paper, "no LRA or Speech checkpoint", Verdict.NOT_TESTABLE, "no S5 LRA or Speech sweep");
        String o = String.join(", ", ours);
        if (ours.size() == paperRatio.size() && off.isEmpty())
            return new Claim("5", statement, paper, o, Verdict.HOLDS, "every task within 10 %p of the paper's ratio");
        if (off.size() > ours.size() / 2) return new Claim("5", statement, paper, o, Verdict.DOES_NOT_HOLD, "more than 10 %p off: " + String.join(", ", off));
        return new Claim("5", statement, paper, o, Verdict.PARTLY, ours.size() + " of " + paperRatio.size() + " tasks"
                + (off.isEmpty() ? ", each within 10 %p" : "; more than 10 %p off: " + String.join(", ", off)));
    }

    // ---- claim 6: Global H-inf collapses on Pathfinder and Path-X at 30 % ----

    static Claim globalHinfCollapse(Evidence e, Map<String, String> paperTask) {
        String statement = "Global H-inf collapses on Pathfinder and Path-X at 30 % while LAST stays within 1 %p (Fig. 2)";
        Table c = read(e.paperDir().resolve("claims.csv"));
        String paper = c.where(c.stringColumn("claim").isEqualTo("6")).stringColumn("display").asList().stream()
                .collect(Collectors.joining(" / ")) + " (Pathfinder / Path-X, Global H-inf at 30 %)";
        List<String> ours = new ArrayList<>();
        int collapsed = 0, found = 0;
        boolean intervalsClear = true;
        for (Table s : e.sweeps()) {
            String task = s.stringColumn("task").get(0), model = s.stringColumn("model").get(0);
            String pt = paperTask.getOrDefault(task, task);
            if (!model.equals("S5") || !(pt.equals("Pathfinder") || pt.equals("Path-X"))) continue;
            if (!s.stringColumn("method").contains("Global H-inf")) continue;
            found++;
            Row g = Protocol.row(s, task, model, "Global H-inf", 30), l = Protocol.row(s, task, model, "LAST", 30);
            ours.add(fmt("%s: Global H-inf %.1f %% (loss %.1f [%s]), LAST %.1f %% (loss %.2f)", task, g.getDouble("accuracy"),
                    g.getDouble("accuracy_loss"), interval(lossRow(g)), l.getDouble("accuracy"), l.getDouble("accuracy_loss")));
            boolean col = g.getDouble("accuracy_loss") >= 10 && l.getDouble("accuracy_loss") < Protocol.MAX_LOSS;
            if (col) collapsed++;
            if (!(lossRow(g)[1] >= 10)) intervalsClear = false;
        }
        if (found == 0) return new Claim("6", statement, paper, "no Pathfinder / Path-X checkpoint", Verdict.NOT_TESTABLE, "no S5 Pathfinder or Path-X sweep");
        String o = String.join("; ", ours);
        if (collapsed == 0) return new Claim("6", statement, paper, o, Verdict.DOES_NOT_HOLD, "no collapse (>= 10 %p loss) of Global H-inf with LAST within 1 %p");
        if (collapsed == 2 && found == 2 && intervalsClear) return new Claim("6", statement, paper, o, Verdict.HOLDS, "both tasks, intervals above 10 %p");
        return new Claim("6", statement, paper, o, Verdict.PARTLY, collapsed + " of 2 tasks collapse" + (intervalsClear ? "" : ", or an interval reaches below 10 %p"));
    }

    // ---- claim 7: fast-decaying poles first ----

    static Claim fastPolesFirst(Evidence e, Map<String, String> paperTask) {
        String statement = "LAST removes fast-decaying poles (large |Re lambda|) first (Fig. 4)";
        Table c = read(e.paperDir().resolve("claims.csv"));
        String paper = c.where(c.stringColumn("claim").isEqualTo("7")).stringColumn("display").get(0) + " (Path-X, layer 6)";
        PoleShift p = e.poles();
        if (p == null) return new Claim("7", statement, paper, "no pole data", Verdict.NOT_TESTABLE, "no checkpoint given");
        StringBuilder sb = new StringBuilder(fmt("%s %s layer %d: mean |Re lambda| of kept poles", p.task(), p.model(), p.layer()));
        boolean monotone = true;
        for (int i = 0; i < p.ratios().length; i++) {
            sb.append(fmt(" %d %%: %.3f", p.ratios()[i], p.meanAbsRe()[i]));
            if (i > 0 && p.meanAbsRe()[i] > p.meanAbsRe()[i - 1] + 1e-12) monotone = false;
        }
        boolean decreases = p.meanAbsRe()[p.meanAbsRe().length - 1] < p.meanAbsRe()[0];
        String pt = paperTask.getOrDefault(p.task(), p.task());
        if (!decreases) return new Claim("7", statement, paper, sb.toString(), Verdict.DOES_NOT_HOLD, "kept poles do not move toward the imaginary axis");
        if (monotone && pt.equals("Path-X"))
            return new Claim("7", statement, paper, sb.toString(), Verdict.HOLDS, "mean |Re lambda| of the kept poles falls at every step on the Path-X " + (p.task().equals("pathx128") ? "task" : "stand-in"));
        return new Claim("7", statement, paper, sb.toString(), Verdict.PARTLY, (monotone ? "falls at every step" : "falls overall but not at every step")
                + (pt.equals("Path-X") ? "" : ", shown on " + pt + " (the paper shows Path-X)"));
    }

    // ---- claim 8: pruned models are faster ----

    static Claim speed(Evidence e) {
        String statement = "Pruned S5 models run faster and use less peak memory (Table 8)";
        Table c = read(e.paperDir().resolve("claims.csv"));
        String paper = c.where(c.stringColumn("claim").isEqualTo("8")).stringColumn("display").asList().stream().collect(Collectors.joining(", "));
        Table t = e.speed();
        if (t == null || t.rowCount() == 0) return new Claim("8", statement, paper, "no timing", Verdict.NOT_TESTABLE, "no Table 8 measurements");
        List<String> ours = new ArrayList<>();
        int faster = 0, clear = 0, atRatio = 0;
        for (Row r : t) {
            if (r.getDouble("ratio") <= 0) continue;
            atRatio++;
            ours.add(fmt("%s %.0f %%: %.2fx [%.2f, %.2f], memory %.2fx", r.getString("task"), r.getDouble("ratio"), r.getDouble("speedup"),
                    r.getDouble("speedup_lo"), r.getDouble("speedup_hi"), r.getDouble("memory_ratio")));
            if (r.getDouble("speedup") > 1) faster++;
            if (r.getDouble("speedup_lo") > 1) clear++;
        }
        if (atRatio == 0) return new Claim("8", statement, paper, "every task at ratio 0", Verdict.NOT_TESTABLE, "nothing pruned at LAST's ratios");
        String o = String.join("; ", ours) + " (CPU, LAST's ratios)";
        if (faster == 0) return new Claim("8", statement, paper, o, Verdict.DOES_NOT_HOLD, "no pruned model is faster");
        if (clear == atRatio && atRatio >= 6) return new Claim("8", statement, paper, o, Verdict.HOLDS, "faster on every task, spread above 1x");
        return new Claim("8", statement, paper, o, Verdict.PARTLY, faster + " of " + atRatio + " faster, " + clear + " with the whole spread above 1x; measured on CPU, not the paper's GPU");
    }

    // ---- claim 9: LAST is more stable than Global H-inf on pixel-level tasks ----

    /** Actual removed fractions at which the pixel-level stability comparison is made. */
    public static final double[] STABILITY_FRACTIONS = {0.1, 0.2, 0.3, 0.4, 0.5};

    static Claim stablerThanGlobal(Evidence e, Map<String, String> paperTask) {
        String statement = "LAST is more stable than Global H-inf (and Uniform H-inf) on the pixel-level tasks, for S4D and S5 (Fig. 6)";
        String paper = "qualitative (Fig. 6 caption)";
        List<String> ours = new ArrayList<>();
        int pairs = 0, wins = 0, clearLosses = 0, beatsGlobal = 0, beatsUniform = 0;
        Set<String> seen = new TreeSet<>();
        for (Table s : e.sweeps()) {
            String task = s.stringColumn("task").get(0), model = s.stringColumn("model").get(0);
            String pt = paperTask.getOrDefault(task, task);
            if (!List.of("sMNIST", "psMNIST", "sCIFAR").contains(pt)) continue;
            if (!s.stringColumn("method").contains("Global H-inf") || !s.stringColumn("method").contains("Uniform H-inf")) continue;
            double last = meanLossAtFractions(s, task, model, "LAST"), glob = meanLossAtFractions(s, task, model, "Global H-inf"),
                    uni = meanLossAtFractions(s, task, model, "Uniform H-inf");
            pairs++;
            seen.add(pt + "/" + model);
            boolean win = last <= glob && last <= uni;
            if (last <= glob) beatsGlobal++;
            if (last <= uni) beatsUniform++;
            if (win) wins++;
            if (last > Math.min(glob, uni) + 1) clearLosses++;
            ours.add(fmt("%s %s: LAST %.2f, Global %.2f, Uniform %.2f", task, model, last, glob, uni));
        }
        if (pairs == 0) return new Claim("9", statement, paper, "no pixel-level sweep", Verdict.NOT_TESTABLE, "no pixel-level checkpoint");
        String o = "mean loss (%p) at actual fractions 10-50 %: " + String.join("; ", ours);
        String counts = fmt("LAST's mean loss is at or below Global H-inf's on %d and Uniform H-inf's on %d of %d task/model pairs",
                beatsGlobal, beatsUniform, pairs);
        if (wins == pairs && pairs == 6) return new Claim("9", statement, paper, o, Verdict.HOLDS, counts + " (all)");
        if (wins * 2 < pairs) return new Claim("9", statement, paper, o, Verdict.DOES_NOT_HOLD, counts
                + (clearLosses > 0 ? "; more than 1 %p behind the better ablation on " + clearLosses : ""));
        return new Claim("9", statement, paper, o, Verdict.PARTLY, counts + (clearLosses > 0 ? "; more than 1 %p behind on " + clearLosses : ""));
    }

    /** Mean loss of a method over {@link #STABILITY_FRACTIONS} (interpolated at equal actual fractions). */
    static double meanLossAtFractions(Table s, String task, String model, String method) {
        double sum = 0;
        int n = 0;
        for (double f : STABILITY_FRACTIONS) {
            double v = Protocol.lossAtActual(s, task, model, method, f)[0];
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    // ---- helpers ----

    static double[] lossRow(Row r) {
        boolean has = r.columnNames().contains("loss_lo");
        return new double[]{r.getDouble("accuracy_loss"), has ? r.getDouble("loss_lo") : Double.NaN, has ? r.getDouble("loss_hi") : Double.NaN};
    }

    static List<Protocol.TaskResult> atLast(Evidence e, String model, List<String> methods) {
        List<Protocol.TaskResult> out = new ArrayList<>();
        for (Table s : e.sweeps()) {
            if (!s.stringColumn("model").get(0).equals(model)) continue;
            out.addAll(Protocol.atLastRatioWhereAvailable(s, methods));
        }
        return out;
    }

    static List<String> presentMethods(Evidence e, String model, List<String> wanted) {
        return wanted.stream().filter(m -> e.sweeps().stream().anyMatch(s -> s.stringColumn("model").get(0).equals(model)
                && s.stringColumn("method").contains(m))).toList();
    }

    static Set<String> covered(List<Protocol.TaskResult> rows, Map<String, String> paperTask) {
        Set<String> out = new TreeSet<>(Comparator.comparingInt(t -> PAPER_TASKS.indexOf(t) < 0 ? 99 : PAPER_TASKS.indexOf(t)));
        for (Protocol.TaskResult r : rows) out.add(paperTask.getOrDefault(r.task(), r.task()));
        return out;
    }

    static String paperTable6(Path paperDir, String model) {
        if (!model.equals("S5")) return "not published (S4D: only LAST's 26.25 % / 0.32 %p)";
        Table t = read(paperDir.resolve("table6-s5-averages.csv"));
        List<String> parts = new ArrayList<>();
        List<Map.Entry<String, Double>> rows = new ArrayList<>();   // (a Tablesaw Row is a cursor: copy the values)
        for (Row r : t) if (PAPER_CRITERIA.contains(r.getString("method"))) rows.add(Map.entry(r.getString("method"), num(r, "avg_loss")));
        rows.sort(Map.Entry.comparingByValue());
        for (var r : rows) parts.add(fmt("%s %.2f", r.getKey(), r.getValue()));
        return String.join(" < ", parts);
    }

    /** Our task name -> the paper's task name, from {@code data/paper/tasks.csv}. */
    public static Map<String, String> paperTasks(Path paperDir) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Row r : read(paperDir.resolve("tasks.csv"))) m.put(r.getString("task"), r.getString("paper_task"));
        return m;
    }

    static Table read(Path csv) {
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("missing paper data file " + csv);
        try {
            return Table.read().usingOptions(tech.tablesaw.io.csv.CsvReadOptions.builder(csv.toFile())
                    .columnTypesPartial(name -> switch (name) {
                        case "task", "model", "method", "claim", "quantity", "display", "source", "paper_task", "note", "exact", "stand_in" ->
                                java.util.Optional.of(tech.tablesaw.api.ColumnType.STRING);
                        default -> java.util.Optional.empty();
                    }));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read paper data " + csv + ": " + e.getMessage(), e);
        }
    }

    /** A numeric cell of a paper data row, whatever type the CSV reader inferred for its column. */
    static double num(Row r, String column) {
        Object v = r.getObject(column);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("paper data column " + column + " is not numeric: " + v);
        return n.doubleValue();
    }

    static Row find(Table t, java.util.function.Predicate<Row> p) {
        for (Row r : t) if (p.test(r)) return r;
        return null;
    }

    static String interval(double[] v) {
        return Double.isNaN(v[1]) ? "no interval" : fmt("%.2f, %.2f", v[1], v[2]);
    }

    static String fmt(String f, Object... a) { return String.format(Locale.ROOT, f, a); }
}
