package last.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token vocabulary in torchtext's order, as S5 builds it: the specials {@code <pad>} = 0, {@code <unk>} = 1,
 * {@code <eos>} = 2, then the training tokens seen at least {@code minFreq} times, by frequency (descending),
 * ties lexicographic. Unknown tokens map to {@code <unk>}.
 */
public final class Vocab {
    public static final String PAD = "<pad>", UNK = "<unk>", EOS = "<eos>";
    public static final int PAD_ID = 0, UNK_ID = 1, EOS_ID = 2;

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocab(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
    }

    /** The vocabulary of the given token counts (e.g. from the training split). */
    public static Vocab of(Map<String, Long> counts, int minFreq) {
        if (minFreq < 1) throw new IllegalArgumentException("minFreq must be >= 1, not " + minFreq);
        List<Map.Entry<String, Long>> e = new ArrayList<>(counts.entrySet());
        e.removeIf(x -> x.getValue() < minFreq || x.getKey().equals(PAD) || x.getKey().equals(UNK) || x.getKey().equals(EOS));
        e.sort(Map.Entry.<String, Long>comparingByValue(Collections.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> t = new ArrayList<>(List.of(PAD, UNK, EOS));
        for (var x : e) t.add(x.getKey());
        return new Vocab(t);
    }

    /** A vocabulary with exactly these tokens after the three specials, in this order. */
    public static Vocab fixed(List<String> tokens) {
        List<String> t = new ArrayList<>(List.of(PAD, UNK, EOS));
        t.addAll(tokens);
        return new Vocab(t);
    }

    public int size() { return tokens.size(); }

    public int id(String token) { return ids.getOrDefault(token, UNK_ID); }

    public String token(int id) { return tokens.get(id); }

    /** All tokens, index = id. */
    public List<String> tokens() { return tokens; }
}
