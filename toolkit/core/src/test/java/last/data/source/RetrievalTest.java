package last.data.source;

import last.data.PairDataset;
import last.data.SequenceDataset;
import last.data.Vocab;
import static last.data.original.Cifar10Test.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalTest {
    @TempDir Path dir;

    private static void assertHalves(String text, String first, String second) {
        Retrieval.Halves h = Retrieval.halves(text);
        assertEquals(first, h.first(), "first half of '" + text + "'");
        assertEquals(second, h.second(), "second half of '" + text + "'");
        assertEquals(first, text.substring(0, h.cut()));
        assertEquals(second, text.substring(h.resume()));
        assertTrue(text.substring(h.cut(), h.resume()).isBlank());
    }

    @Test
    void splitsAtTheSentenceBoundaryNearestTheMiddle() {
        assertHalves("Good film. Bad ending! Really.", "Good film.", "Bad ending! Really.");     // cuts 10 and 22, middle 15
        assertHalves("A. Bc. Then a long sentence follows.", "A. Bc.", "Then a long sentence follows.");
        assertHalves("Mr. Smith was great in it. He acts well.", "Mr. Smith was great in it.", "He acts well.");  // not after "Mr."
        assertHalves("He said \"stop.\"  And they did so.", "He said \"stop.\"", "And they did so.");
        assertHalves("First part.<br /><br />Second part here.", "First part.<br /><br />", "Second part here.");
        assertHalves("no stop here at all", "no stop", "here at all");                          // whitespace fallback
        assertHalves("abcdef", "abc", "def");
        assertHalves("a\uD83D\uDE00b", "a", "\uD83D\uDE00b");                                 // never inside a surrogate pair
        assertThrows(IllegalArgumentException.class, () -> Retrieval.halves("x"));
    }

    /** 2 * per reviews, alternating sentiment, of increasing length, each a few distinct sentences. */
    static Imdb.Reviews reviews(int per) {
        List<String> t = new ArrayList<>();
        int[] y = new int[2 * per];
        for (int i = 0; i < 2 * per; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 2 + i % 5; k++) sb.append(k == 0 ? "" : " ").append("Review ").append(i).append(" says thing ").append(k).append('.');
            t.add(sb.toString());
            y[i] = i % 2;
        }
        return new Imdb.Reviews(t, y);
    }

    @Test
    void pairsAreBalancedDeterministicAndNegativesShareSentimentAndLength() {
        Imdb.Reviews r = reviews(30);
        Retrieval.Pairs p = Retrieval.pairs(r, 0, 3, 11);
        assertEquals(120, p.size());
        assertEquals(60, java.util.Arrays.stream(p.labels()).sum());
        // every review gives exactly one positive and one negative, as the first side
        int[] pos = new int[60], neg = new int[60];
        for (int k = 0; k < p.size(); k++) (p.labels()[k] == 1 ? pos : neg)[p.source()[k]]++;
        for (int i = 0; i < 60; i++) { assertEquals(1, pos[i]); assertEquals(1, neg[i]); }
        // length ranks within each sentiment
        Map<Integer, Integer> rank = new HashMap<>();
        for (int s = 0; s < 2; s++) {
            List<Integer> l = new ArrayList<>();
            for (int i = 0; i < 60; i++) if (r.labels()[i] == s) l.add(i);
            l.sort(Comparator.<Integer>comparingInt(i -> r.texts().get(i).length()).thenComparingInt(i -> i));
            for (int k = 0; k < l.size(); k++) rank.put(l.get(k), k);
        }
        for (int k = 0; k < p.size(); k++) {
            int i = p.source()[k], j = p.partner()[k];
            String text = r.texts().get(i);
            assertEquals(Retrieval.halves(text).first(), p.first().get(k));
            if (p.labels()[k] == 1) {
                assertEquals(i, j);
                String joined = p.first().get(k) + " " + p.second().get(k);
                assertEquals(text, joined, "the halves of a positive give back the review");
            } else {
                assertNotEquals(i, j);
                assertEquals(r.labels()[i], r.labels()[j], "a negative pairs reviews of one sentiment");
                assertTrue(Math.abs(rank.get(i) - rank.get(j)) <= 6, "length ranks " + rank.get(i) + " and " + rank.get(j));
                assertEquals(Retrieval.halves(r.texts().get(j)).second(), p.second().get(k));
            }
        }
        Retrieval.Pairs q = Retrieval.pairs(r, 0, 3, 11), o = Retrieval.pairs(r, 0, 3, 12);
        assertEquals(p.first(), q.first());
        assertEquals(p.second(), q.second());
        assertArrayEquals(p.labels(), q.labels());
        assertNotEquals(p.second(), o.second());
    }

    @Test
    void subsetsUseHalfAsManyReviewsAndPairThemAmongThemselves() {
        Imdb.Reviews r = reviews(30);
        Retrieval.Pairs p = Retrieval.pairs(r, 20, 25, 3);
        assertEquals(20, p.size());
        assertEquals(10, java.util.Arrays.stream(p.labels()).sum());
        java.util.Set<Integer> src = new java.util.HashSet<>(), sentiment = new java.util.HashSet<>();
        for (int k = 0; k < 20; k++) src.add(p.source()[k]);
        assertEquals(10, src.size());
        for (int k = 0; k < 20; k++) assertTrue(src.contains(p.partner()[k]), "partners come from the chosen reviews");
        for (int i : src) sentiment.add(r.labels()[i]);
        assertEquals(2, sentiment.size());
    }

    @Test
    void duplicateReviewsAreNeverNegativePartners() {
        List<String> t = List.of("Same one. Same two.", "Same one. Same two.", "Other one. Other two.");
        Retrieval.Pairs p = Retrieval.pairs(new Imdb.Reviews(t, new int[]{1, 1, 1}), 0, 1, 5);
        for (int k = 0; k < p.size(); k++)
            if (p.labels()[k] == 0) assertNotEquals(Retrieval.halves(t.get(p.source()[k])).second(), p.second().get(k));
    }

    @Test
    void encodingCapsEachSide() {
        Imdb.Reviews r = reviews(10);
        Retrieval.Pairs p = Retrieval.pairs(r, 0, 2, 1);
        Vocab v = Imdb.vocab(r.texts(), 1);
        PairDataset d = Retrieval.encode("ret", p, v, 16);
        assertEquals(16, d.length());
        for (int k = 0; k < d.size(); k++) {
            for (SequenceDataset side : List.of(d.first(), d.second())) {
                String text = (side == d.first() ? p.first() : p.second()).get(k);
                int len = Math.min(text.length(), 15) + 1;
                assertEquals(len, side.lengths()[k]);
                assertEquals(Vocab.EOS_ID, side.x()[k * 16 + len - 1]);
                for (int t = 0; t < len - 1; t++) assertEquals(v.id(String.valueOf(text.charAt(t))), side.x()[k * 16 + t]);
                for (int t = len; t < 16; t++) assertEquals(0f, side.x()[k * 16 + t]);
            }
        }
        assertEquals(1024, Retrieval.CPU_L_MAX);
    }

    @Test
    void trainTestReadsTheImdbFile() throws Exception {
        // four blocks of 4: test/neg, train/neg, test/pos, train/pos
        StringBuilder sb = new StringBuilder("[");
        Imdb.Reviews r = reviews(8);
        for (int b = 0; b < 4; b++)
            for (int k = 0; k < 4; k++) sb.append(b + k == 0 ? "" : ",").append("{\"t\":\"").append(r.texts().get(b * 4 + k)).append("\",\"s\":").append(b / 2).append('}');
        Path f = dir.resolve("reviews.json");
        Files.writeString(f, sb.append(']'));
        PairDataset[] s = Retrieval.trainTest(f, 32, 0, 8, 7);
        assertEquals("retrieval-imdb32/train", s[0].name());
        assertEquals(16, s[0].size());
        assertEquals(8, s[1].size());
        assertEquals(4, java.util.Arrays.stream(s[1].labels()).sum());
    }

    @Test
    void rejectsImpossibleRequests() throws Exception {
        assertMessage(() -> Retrieval.pairs(new Imdb.Reviews(List.of(), new int[0]), 0, 3, 1), "empty split");
        assertMessage(() -> Retrieval.pairs(new Imdb.Reviews(List.of("A b. C d.", "E f. G h."), new int[]{0, 1}), 0, 3, 1),
                "review 0", "no other chosen review has its sentiment");
        assertMessage(() -> Retrieval.pairs(new Imdb.Reviews(List.of("A b. C d.", "x"), new int[]{0, 0}), 0, 3, 1), "review 1", "fewer than 2");
        assertMessage(() -> Retrieval.pairs(new Imdb.Reviews(List.of("A b. C d.", "E f. G h."), new int[]{0, 0}), 0, 0, 1), "window");
        assertMessage(() -> Retrieval.pairs(new Imdb.Reviews(List.of("A b. C d.", "E f. G h."), new int[]{0, 2}), 0, 3, 1), "review 1", "sentiment 2");
        assertMessage(() -> Retrieval.trainTest(dir.resolve("none.json"), 16, 0, 0, 1), "none.json");
    }
}
