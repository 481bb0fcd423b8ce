package last.data.generate;

import last.data.SequenceDataset;
import last.data.Vocab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * LRA ListOps (paper Table 2): nested list operations {@code [MAX 2 9 [MIN 4 7 ] 0 ]} whose value 0..9 is the
 * label. A re-implementation of the sampler described in docs/data.md 2.1 (LRA's {@code listops.py}, not copied):
 * at depth d < maxDepth an operator node is drawn with probability 0.25 (else a digit leaf); an operator is
 * uniform over MAX, MIN, MED, SM with a uniform number of arguments in [2, maxArgs]; a tree is kept when
 * {@code minLength < length < maxLength} (tokens: operators, digits and closing brackets), and only once.
 *
 * <p>Tokens follow S5: {@code ]} becomes {@code X}, operators keep their {@code [}; 15 tokens plus
 * {@code <pad>}, {@code <unk>}, {@code <eos>} = 18 ids, one-hot to {@link #IN_DIM} = 20 by the model;
 * sequences are truncated to lMax - 1 tokens plus {@code <eos>}.
 */
public final class ListOps {
    private ListOps() {}

    /** The one-hot width S5 uses for ListOps (18 vocabulary entries, padded to 20). */
    public static final int IN_DIM = 20;
    /** S5's l_max for ListOps. */
    public static final int L_MAX = 2048;
    /** The four LRA operators, as tokens; code 10 + index. */
    public static final List<String> OPERATORS = List.of("[MAX", "[MIN", "[MED", "[SM");
    /** The closing token (LRA's {@code ]}). */
    public static final String CLOSE = "X";
    private static final byte C_MAX = 10, C_MIN = 11, C_MED = 12, C_SM = 13, C_CLOSE = 14;

    /**
     * Sampler settings.
     *
     * @param maxDepth  depth cap (the root is at depth 1; at maxDepth only leaves are drawn)
     * @param maxArgs   most arguments of an operator (at least 2)
     * @param minLength strict lower bound on the token count
     * @param maxLength strict upper bound on the token count
     */
    public record Config(int maxDepth, int maxArgs, int minLength, int maxLength) {
        /** LRA's defaults: depth 10, up to 10 arguments, 500 &lt; length &lt; 2000. */
        public static final Config LRA = new Config(10, 10, 500, 2000);

        public Config {
            if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be >= 1, not " + maxDepth);
            if (maxArgs < 2) throw new IllegalArgumentException("maxArgs must be >= 2, not " + maxArgs);
            if (minLength < 0 || maxLength <= minLength + 1)
                throw new IllegalArgumentException("need 0 <= minLength < maxLength - 1, not " + minLength + ", " + maxLength);
        }

        /** The same sampler with another length window (docs/data.md's CPU variants, e.g. 100-500). */
        public Config window(int min, int max) { return new Config(maxDepth, maxArgs, min, max); }
    }

    /** Accepted expressions (token codes: 0-9 digits, 10-13 operators, 14 close) and how many trees were drawn. */
    public record Sample(List<byte[]> expressions, long drawn) {
        public double acceptance() { return (double) expressions.size() / drawn; }
    }

    /** Draws {@code n} distinct expressions; deterministic for a seed. */
    public static Sample generate(Config c, int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, not " + n);
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Key> seen = new HashSet<>();
        List<byte[]> out = new ArrayList<>(n);
        Buf buf = new Buf();
        long drawn = 0;
        while (out.size() < n) {
            drawn++;
            buf.n = 0;
            if (!grow(1, c, rng, buf)) continue;         // too long, abandoned early
            if (buf.n <= c.minLength) continue;
            byte[] e = Arrays.copyOf(buf.b, buf.n);
            if (seen.add(new Key(e))) out.add(e);
        }
        return new Sample(out, drawn);
    }

    /** Appends a subtree; false as soon as the expression reaches maxLength (then it can only be rejected). */
    private static boolean grow(int depth, Config c, SplittableRandom rng, Buf out) {
        double u = depth < c.maxDepth ? rng.nextDouble() : 1;
        if (u > 0.25) {
            out.add((byte) rng.nextInt(10));
            return out.n < c.maxLength;
        }
        out.add((byte) (C_MAX + rng.nextInt(4)));
        int args = 2 + rng.nextInt(c.maxArgs - 1);          // uniform on [2, maxArgs]
        for (int a = 0; a < args; a++)
            if (out.n >= c.maxLength || !grow(depth + 1, c, rng, out)) return false;
        out.add(C_CLOSE);
        return out.n < c.maxLength;
    }

    /** The value of an expression in token codes. */
    public static int evaluate(byte[] codes) {
        int[] stack = new int[codes.length + 1];              // argument values of all open operators
        int[] frameStart = new int[codes.length + 1], frameOp = new int[codes.length + 1];
        int sp = 0, fp = 0;
        for (byte b : codes) {
            if (b < 10) stack[sp++] = b;
            else if (b < C_CLOSE) { frameStart[fp] = sp; frameOp[fp++] = b; }
            else {
                if (fp == 0) throw new IllegalArgumentException("unbalanced expression: X without an operator");
                int s = frameStart[--fp];
                int v = apply(frameOp[fp], stack, s, sp);
                sp = s;
                stack[sp++] = v;
            }
        }
        if (fp != 0 || sp != 1) throw new IllegalArgumentException("malformed expression: " + fp + " unclosed operators, " + sp + " values left");
        return stack[0];
    }

    /** The value of an expression given as S5 tokens ({@code [MAX 2 9 X}) or raw LRA source (with parentheses, {@code ]}). */
    public static int evaluate(String expression) { return evaluate(codes(tokenize(expression))); }

    private static int apply(int op, int[] v, int from, int to) {
        if (to - from < 1) throw new IllegalArgumentException("operator " + OPERATORS.get(op - C_MAX) + " without arguments");
        switch (op) {
            case C_MAX: { int m = v[from]; for (int i = from + 1; i < to; i++) m = Math.max(m, v[i]); return m; }
            case C_MIN: { int m = v[from]; for (int i = from + 1; i < to; i++) m = Math.min(m, v[i]); return m; }
            case C_SM: { int s = 0; for (int i = from; i < to; i++) s += v[i]; return s % 10; }
            default: {                                          // MED: int(np.median), floor for an even count
                int[] a = Arrays.copyOfRange(v, from, to);
                Arrays.sort(a);
                int k = a.length;
                return k % 2 == 1 ? a[k / 2] : (a[k / 2 - 1] + a[k / 2]) / 2;
            }
        }
    }

    /** LRA/S5 tokenisation of a source string: {@code ]} to {@code X}, parentheses removed, split on whitespace. */
    public static String[] tokenize(String source) {
        String s = source.replace("]", CLOSE).replace("(", " ").replace(")", " ").strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    /** Token strings of codes. */
    public static String[] tokens(byte[] codes) {
        String[] t = new String[codes.length];
        for (int i = 0; i < codes.length; i++) t[i] = token(codes[i]);
        return t;
    }

    private static String token(byte b) { return b < 10 ? Integer.toString(b) : b < C_CLOSE ? OPERATORS.get(b - C_MAX) : CLOSE; }

    /** Codes of S5 tokens; an unknown token is an IllegalArgumentException. */
    public static byte[] codes(String[] tokens) {
        byte[] b = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            int op = OPERATORS.indexOf(t);
            if (op >= 0) b[i] = (byte) (C_MAX + op);
            else if (t.equals(CLOSE)) b[i] = C_CLOSE;
            else if (t.length() == 1 && Character.isDigit(t.charAt(0))) b[i] = (byte) (t.charAt(0) - '0');
            else throw new IllegalArgumentException("unknown ListOps token '" + t + "' at " + i);
        }
        return b;
    }

    /** LRA's TSV serialisation: every (operator-so-far, argument) pair printed as {@code ( left right )}. */
    public static String toSource(byte[] codes) {
        StringBuilder sb = new StringBuilder();
        int end = source(codes, 0, sb);
        if (end != codes.length) throw new IllegalArgumentException("trailing tokens after position " + end);
        return sb.toString();
    }

    private static int source(byte[] c, int i, StringBuilder sb) {
        if (i >= c.length) throw new IllegalArgumentException("expression ends early");
        if (c[i] < 10) { sb.append(c[i]); return i + 1; }
        if (c[i] == C_CLOSE) throw new IllegalArgumentException("unexpected X at " + i);
        List<StringBuilder> args = new ArrayList<>();
        int j = i + 1;
        while (j < c.length && c[j] != C_CLOSE) {
            StringBuilder a = new StringBuilder();
            j = source(c, j, a);
            args.add(a);
        }
        if (j >= c.length) throw new IllegalArgumentException("unclosed operator at " + i);
        sb.append("( ".repeat(args.size() + 1)).append(token(c[i]));
        for (StringBuilder a : args) sb.append(' ').append(a).append(" )");
        sb.append(" ] )");
        return j + 1;
    }

    /** The S5 vocabulary of the training expressions (specials, then tokens by frequency). */
    public static Vocab vocab(List<byte[]> train) {
        long[] n = new long[15];
        for (byte[] e : train) for (byte b : e) n[b]++;
        Map<String, Long> counts = new HashMap<>();
        for (int b = 0; b < 15; b++) if (n[b] > 0) counts.put(token((byte) b), n[b]);
        return Vocab.of(counts, 1);
    }

    /** Token ids (as floats) right-padded to lMax: tokens truncated to lMax - 1, then {@code <eos>}; shape (n, lMax). */
    public static SequenceDataset encode(String name, List<byte[]> exprs, int[] labels, Vocab v, int lMax) {
        if (lMax < 2) throw new IllegalArgumentException("lMax must be >= 2, not " + lMax);
        int[] id = new int[15];
        for (int b = 0; b < 15; b++) id[b] = v.id(token((byte) b));
        float[] x = new float[exprs.size() * lMax];           // (n, lMax), <pad> = 0
        int[] len = new int[exprs.size()];
        for (int i = 0; i < exprs.size(); i++) {
            byte[] e = exprs.get(i);
            int k = Math.min(e.length, lMax - 1);
            for (int t = 0; t < k; t++) x[i * lMax + t] = id[e[t]];
            x[i * lMax + k] = Vocab.EOS_ID;
            len[i] = k + 1;
        }
        return new SequenceDataset(name, lMax, 1, x, labels, len, 10, true);
    }

    /**
     * Generated train, val and test splits (distinct expressions across all three), vocabulary from train,
     * labels by {@link #evaluate(byte[])}.
     */
    public static SequenceDataset[] splits(Config c, int train, int val, int test, int lMax, long seed) {
        List<byte[]> all = generate(c, train + val + test, seed).expressions();
        List<byte[]> tr = all.subList(0, train), va = all.subList(train, train + val), te = all.subList(train + val, all.size());
        Vocab v = vocab(tr);
        String base = "listops" + (c.equals(Config.LRA) ? "" : "-" + c.minLength() + "-" + c.maxLength());
        return new SequenceDataset[]{encode(base + "/train", tr, labels(tr), v, lMax),
                encode(base + "/val", va, labels(va), v, lMax), encode(base + "/test", te, labels(te), v, lMax)};
    }

    public static int[] labels(List<byte[]> exprs) {
        int[] y = new int[exprs.size()];
        for (int i = 0; i < y.length; i++) y[i] = evaluate(exprs.get(i));
        return y;
    }

    /** Rows of an LRA ListOps TSV: expressions in codes and their targets. */
    public record Rows(List<byte[]> expressions, int[] labels) {}

    /** Writes LRA's TSV: header {@code Source\tTarget}, one parenthesised expression and its value per line. */
    public static void writeTsv(Path file, List<byte[]> exprs) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Source\tTarget\n");
            for (byte[] e : exprs) w.write(toSource(e) + "\t" + evaluate(e) + "\n");
        }
    }

    /** Reads an LRA ListOps TSV ({@code basic_train.tsv} etc.); problems are IllegalArgumentExceptions naming the file and line. */
    public static Rows readTsv(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("missing ListOps file " + file);
        List<byte[]> ex = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals("Source\tTarget"))
                throw new IllegalArgumentException(file + ": expected the header 'Source<TAB>Target', found " + (header == null ? "an empty file" : "'" + header + "'"));
            String line;
            for (int no = 2; (line = r.readLine()) != null; no++) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t");
                if (f.length != 2) throw new IllegalArgumentException(file + " line " + no + ": expected 2 tab-separated fields, found " + f.length);
                int label;
                try { label = Integer.parseInt(f[1].strip()); }
                catch (NumberFormatException e) { throw new IllegalArgumentException(file + " line " + no + ": target '" + f[1] + "' is not an integer"); }
                if (label < 0 || label > 9) throw new IllegalArgumentException(file + " line " + no + ": target " + label + " is outside [0, 10)");
                try { ex.add(codes(tokenize(f[0]))); }
                catch (IllegalArgumentException e) { throw new IllegalArgumentException(file + " line " + no + ": " + e.getMessage()); }
                y.add(label);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ListOps file " + file + ": " + e.getMessage(), e);
        }
        if (ex.isEmpty()) throw new IllegalArgumentException(file + ": no examples (empty split)");
        return new Rows(ex, y.stream().mapToInt(Integer::intValue).toArray());
    }

    private static final class Buf {
        byte[] b = new byte[4096];
        int n;
        void add(byte v) { if (n == b.length) b = Arrays.copyOf(b, 2 * n); b[n++] = v; }
    }

    private record Key(byte[] b) {
        @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(b, k.b); }
        @Override public int hashCode() { return Arrays.hashCode(b); }
    }
}
