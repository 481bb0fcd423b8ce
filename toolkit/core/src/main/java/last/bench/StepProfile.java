package last.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import last.model.ModelConfig;
import last.model.Param;
import last.model.SequenceModel;
import last.train.AdamW;
import last.train.Trainer;

/**
 * Where the time of a training step goes (issue #12: "the profile after your changes"): the engine's own operator
 * profiler (PyTorch's autograd profiler, which DJL starts and stops) records every native operator of a few training
 * steps (forward, backward, AdamW update) of the {@link TrainBench} model; this class turns the trace into
 * <b>self time</b> per operator (an operator's duration minus that of the operators it called) and sums it in the
 * issue's four categories: elementwise, copy / fill, FFT, matrix products.
 *
 * <p>Run: {@code ./last cli bench-profile [S5|S4D] [L] [H] [P] [layers] [batch] [steps] [--trace FILE]}. PyTorch engine only.
 */
public final class StepProfile {
    private StepProfile() {}

    /** One recorded operator: name, thread, start and duration (microseconds). */
    public record Event(String name, long tid, double ts, double dur) {}

    /** Self time (ms) per operator, total, and the category sums. */
    public record Result(Map<String, Double> selfMsByOp, Map<String, Integer> callsByOp, double totalMs, int steps) {
        /** Self time (ms) per category of {@link #category}, in a fixed order. */
        public Map<String, Double> byCategory() {
            Map<String, Double> out = new LinkedHashMap<>();
            for (String c : CATEGORIES) out.put(c, 0.0);
            selfMsByOp.forEach((op, ms) -> out.merge(category(op), ms, Double::sum));
            return out;
        }

        /** A readable report: the categories with their share, then the {@code top} operators by self time. */
        public String report(int top) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "self time of %d training step(s): %.1f ms per step%n", steps, totalMs / steps));
            byCategory().forEach((c, ms) -> sb.append(String.format(Locale.ROOT, "  %-12s %8.1f ms/step  %5.1f %%%n", c, ms / steps, 100 * ms / totalMs)));
            sb.append(String.format(Locale.ROOT, "top %d operators (self time):%n", top));
            selfMsByOp.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                    .forEach(e -> sb.append(String.format(Locale.ROOT, "  %-40s %-12s %8.2f ms/step  %5.1f %%  %6d calls/step%n",
                            e.getKey(), category(e.getKey()), e.getValue() / steps, 100 * e.getValue() / totalMs,
                            callsByOp.get(e.getKey()) / steps)));
            return sb.toString();
        }
    }

    /** The categories of the profile. */
    public static final List<String> CATEGORIES = List.of("elementwise", "copy/fill", "FFT", "matmul", "other");

    /**
     * The category of a native operator: FFT ({@code aten::_fft_r2c}, {@code fft_irfft}, ...), matmul ({@code mm},
     * {@code bmm}, {@code addmm}, {@code matmul}, {@code linear}), copy/fill (copies, fills, allocation, concatenation,
     * gathers), other (autograd bookkeeping: backward nodes, views, reductions' setup) and elementwise (the rest of
     * the {@code aten::} operators: arithmetic, transcendental functions, activations, norms, reductions).
     */
    public static String category(String op) {
        String n = op.startsWith("aten::") ? op.substring(6) : op;
        if (n.contains("fft")) return "FFT";
        if (n.matches("_?(mm|bmm|addmm|baddbmm|addbmm|matmul|linear|dot|mv)")) return "matmul";
        if (n.matches("_?(copy_|fill_|zero_|zeros|zeros_like|ones|ones_like|full|full_like|empty|empty_like|empty_strided|"
                + "clone|contiguous|to|_to_copy|cat|stack|index_select|gather|scatter_add_|index|flip|resize_|"
                + "new_zeros|new_empty|new_empty_strided|detach_|lift_fresh)")) return "copy/fill";
        if (!op.startsWith("aten::")) return "other";                         // autograd nodes, DJL/engine frames
        if (n.matches("_?(view|reshape|_reshape_alias|transpose|permute|expand|slice|select|as_strided|unsqueeze|"
                + "squeeze|t|alias|unfold|narrow|split|chunk|view_as_real|view_as_complex|_unsafe_view|resolve_conj|"
                + "resolve_neg|conj|detach|result_type|size|stride|item|_local_scalar_dense|is_nonzero|numel)"))
            return "other";
        return "elementwise";
    }

    /** The "X" (complete) events of a Chrome-trace JSON file as the engine profiler writes it. */
    public static List<Event> readTrace(Path file) {
        try {
            JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
            JsonNode root = mapper.readTree(Files.readString(file));
            JsonNode events = root.isArray() ? root : root.path("traceEvents");
            if (!events.isArray()) throw new IllegalArgumentException("not a Chrome trace (no event array): " + file);
            List<Event> out = new ArrayList<>();
            for (JsonNode e : events) {
                if (!"X".equals(e.path("ph").asText())) continue;
                out.add(new Event(e.path("name").asText(), e.path("tid").asLong(), e.path("ts").asDouble(), e.path("dur").asDouble()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Self time per operator: on each thread, events sorted by start (the enclosing one first at equal starts); an
     * event nested in another (starts before the other ends) is its child, and a parent's self time is its duration
     * minus its children's durations. Totals are in milliseconds.
     */
    public static Result selfTimes(List<Event> events, int steps) {
        Map<Long, List<Event>> byThread = new HashMap<>();
        for (Event e : events) byThread.computeIfAbsent(e.tid(), k -> new ArrayList<>()).add(e);
        Map<String, Double> self = new HashMap<>();
        Map<String, Integer> calls = new HashMap<>();
        double total = 0;
        for (List<Event> list : byThread.values()) {
            list.sort(Comparator.comparingDouble(Event::ts).thenComparing(Comparator.comparingDouble(Event::dur).reversed()));
            Deque<double[]> stack = new ArrayDeque<>();               // {end, childTime, index}
            Deque<Event> open = new ArrayDeque<>();
            for (Event e : list) {
                while (!stack.isEmpty() && e.ts() >= stack.peek()[0] - 1e-9) total += close(stack.pop(), open.pop(), self, calls);
                if (!stack.isEmpty()) stack.peek()[1] += e.dur();
                stack.push(new double[]{e.ts() + e.dur(), 0});
                open.push(e);
            }
            while (!stack.isEmpty()) total += close(stack.pop(), open.pop(), self, calls);
        }
        return new Result(self, calls, total, steps);
    }

    private static double close(double[] frame, Event e, Map<String, Double> self, Map<String, Integer> calls) {
        double ms = Math.max(0, e.dur() - frame[1]) / 1000;
        self.merge(e.name(), ms, Double::sum);
        calls.merge(e.name(), 1, Integer::sum);
        return ms;
    }

    /**
     * Profiles {@code steps} training steps (after two unprofiled warm-up steps) of the {@link TrainBench} model
     * and returns the self times; the raw trace is kept at {@code trace} (a temporary file when null).
     */
    public static Result run(String kind, int len, int h, int p, int layers, int batch, int steps, Path trace) {
        if (!"PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName()))
            throw new IllegalStateException("bench-profile needs the PyTorch engine (its operator profiler)");
        TrainBench.checkKind("bench-profile", kind);
        if (len < 1 || h < 1 || p < 2 || layers < 1 || batch < 1 || steps < 1)
            throw new IllegalArgumentException("bench-profile: L, H, layers, batch and steps must be >= 1 and P >= 2");
        ModelConfig cfg = TrainBench.model("bench-profile", kind, layers, h, p);
        try {
            Path file = trace != null ? trace : Files.createTempFile("last-profile", ".json");
            try (SequenceModel model = SequenceModel.create(cfg.withSeed(1))) {
                NDManager m = model.manager();
                AdamW opt = new AdamW(m);
                List<Param> params = model.params();
                for (int s = 0; s < steps + 2; s++) {
                    if (s == 2) ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray x = m.randomNormal(new Shape(batch, len, 1));
                        NDArray y = m.randomInteger(0, 10, new Shape(batch), DataType.INT64);
                        Trainer.step(model, x, null, y);
                        opt.step(params, 1e-3, 1e-3, 0.01, 1);
                        Trainer.zeroGradients(params);
                    }
                }
                ai.djl.pytorch.jni.JniUtils.stopProfile(file.toString());
            }
            Result r = selfTimes(readTrace(file), steps);
            if (trace == null) Files.deleteIfExists(file);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
