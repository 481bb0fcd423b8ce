package last.data.original;

import last.data.PairDataset;
import last.data.Vocab;
import last.data.generate.ListOps;
import last.data.source.Imdb;
import last.data.source.Retrieval;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Readers of the released LRA TSV files ({@code lra_release}), for when the real files are at hand.
 * <ul>
 *   <li>ListOps ({@code listops-1000/basic_{train,val,test}.tsv}): header {@code Source<TAB>Target}; this is
 *       {@link ListOps#readTsv}, re-exported here.</li>
 *   <li>Retrieval / AAN ({@code tsv_data/new_aan_pairs.{train,eval,test}.tsv}): no header, five tab-separated
 *       columns {@code label id1 id2 text1 text2}, no quoting (LRA reads them with {@code use_quote_delim=False});
 *       a label is 0 or 1, written as an integer or a float ({@code 1.0}). A first line whose label column is the
 *       word {@code label} is taken as a header and skipped.</li>
 *   <li>Text (IMDB) is not a TSV in LRA (it comes from tfds); see {@link Imdb}.</li>
 * </ul>
 * AAN is not obtainable from the registries this project may use (docs/data.md 1.4); {@link Retrieval} builds the
 * stand-in pairs from IMDB.
 *
 * <p>Encoding follows S4/S5's AAN loader ({@code docs/conventions.md} 4): characters, each document truncated to
 * lMax - 1 plus {@code <eos>}; the vocabulary counts the (truncated) characters of both documents of the training
 * file with min_freq 1 (S5 gets about 100 entries), specials {@code <pad>}, {@code <unk>}, {@code <eos>}.
 */
public final class LraTsv {
    private LraTsv() {}

    /** S5's l_max for Retrieval (each document). */
    public static final int AAN_L_MAX = 4000;

    /** An LRA ListOps TSV, as {@link ListOps#readTsv}. */
    public static ListOps.Rows listOps(Path tsv) { return ListOps.readTsv(tsv); }

    /** Rows of an AAN pairs TSV: label (1 = the two papers are linked by a citation), the two ids and the two texts. */
    public record RetrievalRows(int[] labels, List<String> ids1, List<String> ids2, List<String> texts1, List<String> texts2) {
        public int size() { return labels.length; }
    }

    /** Reads an AAN pairs TSV; problems are IllegalArgumentExceptions naming the file and line. */
    public static RetrievalRows retrieval(Path tsv) {
        if (!Files.isRegularFile(tsv)) throw new IllegalArgumentException("missing Retrieval file " + tsv);
        List<Integer> y = new ArrayList<>();
        List<String> a = new ArrayList<>(), b = new ArrayList<>(), ta = new ArrayList<>(), tb = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
            String line;
            for (int no = 1; (line = r.readLine()) != null; no++) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 5) throw new IllegalArgumentException(tsv + " line " + no + ": expected 5 tab-separated fields (label id1 id2 text1 text2), found " + f.length);
                if (no == 1 && f[0].strip().equalsIgnoreCase("label")) continue;
                y.add(label(tsv, no, f[0]));
                a.add(f[1]); b.add(f[2]); ta.add(f[3]); tb.add(f[4]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Retrieval file " + tsv + " (not UTF-8 or unreadable): " + e.getMessage(), e);
        }
        if (y.isEmpty()) throw new IllegalArgumentException(tsv + ": no examples (empty split)");
        return new RetrievalRows(y.stream().mapToInt(Integer::intValue).toArray(), a, b, ta, tb);
    }

    private static int label(Path tsv, int no, String s) {
        double v;
        try { v = Double.parseDouble(s.strip()); }
        catch (NumberFormatException e) { throw new IllegalArgumentException(tsv + " line " + no + ": label '" + s + "' is not a number"); }
        if (v != 0 && v != 1) throw new IllegalArgumentException(tsv + " line " + no + ": label " + s.strip() + " is outside {0, 1}");
        return (int) v;
    }

    /** The character vocabulary of both documents of {@code train}, each truncated to lMax - 1 characters, with at least {@code minFreq} occurrences. */
    public static Vocab retrievalVocab(RetrievalRows train, int lMax, int minFreq) {
        Map<String, Long> counts = new HashMap<>();
        for (List<String> side : List.of(train.texts1(), train.texts2()))
            for (String t : side) t.codePoints().limit(lMax - 1).forEach(c -> counts.merge(new String(Character.toChars(c)), 1L, Long::sum));
        return Vocab.of(counts, minFreq);
    }

    /** Token ids of both documents, each truncated to lMax - 1 characters plus {@code <eos>} and right-padded to lMax (as {@link Imdb#encode}). */
    public static PairDataset encode(String name, RetrievalRows r, Vocab v, int lMax) {
        return new PairDataset(name, Imdb.encode(name + "#1", new Imdb.Reviews(r.texts1(), r.labels()), v, lMax),
                Imdb.encode(name + "#2", new Imdb.Reviews(r.texts2(), r.labels()), v, lMax));
    }

    /**
     * The three AAN splits of {@code dir} ({@code new_aan_pairs.train.tsv}, {@code .eval.tsv}, {@code .test.tsv}) as
     * train, val and test, with the vocabulary of the training file (min_freq 1, as S5).
     */
    public static PairDataset[] aan(Path dir, int lMax) {
        RetrievalRows tr = retrieval(dir.resolve("new_aan_pairs.train.tsv"));
        RetrievalRows va = retrieval(dir.resolve("new_aan_pairs.eval.tsv"));
        RetrievalRows te = retrieval(dir.resolve("new_aan_pairs.test.tsv"));
        Vocab v = retrievalVocab(tr, lMax, 1);
        return new PairDataset[]{encode("aan" + lMax + "/train", tr, v, lMax), encode("aan" + lMax + "/val", va, v, lMax),
                encode("aan" + lMax + "/test", te, v, lMax)};
    }
}
