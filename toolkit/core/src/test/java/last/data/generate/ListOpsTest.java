package last.data.generate;

import last.data.SequenceDataset;
import last.data.Vocab;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListOpsTest {
    @TempDir Path dir;

    @Test
    void evaluatesHandExamples() {
        assertEquals(9, ListOps.evaluate("[MAX 2 9 X"));
        assertEquals(2, ListOps.evaluate("[MIN 4 2 7 X"));
        assertEquals(3, ListOps.evaluate("[MIN 4 [MAX 7 1 X 3 X"));
        assertEquals(3, ListOps.evaluate("[MED 5 1 3 X"));
        assertEquals(2, ListOps.evaluate("[MED 1 2 3 4 X"));        // int(np.median) = int(2.5)
        assertEquals(4, ListOps.evaluate("[MED 0 9 X"));
        assertEquals(4, ListOps.evaluate("[SM 9 8 7 X"));           // 24 mod 10
        assertEquals(9, ListOps.evaluate("( ( ( [MAX 2 ) 9 ) ] )"));  // raw LRA source
        assertEquals(5, ListOps.evaluate("[SM [MAX 1 4 X [MED 2 [MIN 8 1 X X 0 X"));  // 4 + med(2,1)=1 + 0
    }

    @Test
    void rejectsMalformedExpressions() {
        assertThrows(IllegalArgumentException.class, () -> ListOps.evaluate("[MAX 2 9"));
        assertThrows(IllegalArgumentException.class, () -> ListOps.evaluate("2 9 X"));
        assertThrows(IllegalArgumentException.class, () -> ListOps.evaluate("[FOO 2 X"));
    }

    @Test
    void serialisesAsLraNestedPairs() {
        byte[] e = ListOps.codes(ListOps.tokenize("[MAX 2 9 X"));
        assertEquals("( ( ( [MAX 2 ) 9 ) ] )", ListOps.toSource(e));
        byte[] f = ListOps.codes(ListOps.tokenize("[MIN 4 [MAX 7 1 X X"));
        assertEquals("( ( ( [MIN 4 ) ( ( ( [MAX 7 ) 1 ) ] ) ) ] )", ListOps.toSource(f));
        assertArrayEquals(f, ListOps.codes(ListOps.tokenize(ListOps.toSource(f))));
    }

    /** An independent recursive evaluator over token strings, for the cross-check. */
    private static int recursive(String[] t, int[] pos) {
        String s = t[pos[0]++];
        if (!s.startsWith("[")) return Integer.parseInt(s);
        List<Integer> a = new java.util.ArrayList<>();
        while (!t[pos[0]].equals("X")) a.add(recursive(t, pos));
        pos[0]++;
        int[] v = a.stream().mapToInt(Integer::intValue).sorted().toArray();
        return switch (s) {
            case "[MAX" -> v[v.length - 1];
            case "[MIN" -> v[0];
            case "[SM" -> Arrays.stream(v).sum() % 10;
            default -> (int) Math.floor(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0);
        };
    }

    @Test
    void lraDefaultsMatchTheReferenceStatistics() {
        ListOps.Sample s = ListOps.generate(ListOps.Config.LRA, 2000, 7);
        double mean = 0;
        int[] labels = ListOps.labels(s.expressions());
        int[] count = new int[10];
        for (int i = 0; i < labels.length; i++) {
            byte[] e = s.expressions().get(i);
            assertTrue(e.length > 500 && e.length < 2000, "length " + e.length);
            mean += e.length;
            count[labels[i]]++;
            if (i < 200) assertEquals(recursive(ListOps.tokens(e), new int[1]), labels[i]);
        }
        mean /= labels.length;
        // docs/data.md 2.1: acceptance 8.1 %, mean length 1,036, P(0) = 16.3 %, P(9) = 16.8 %
        assertEquals(0.081, s.acceptance(), 0.012, "acceptance");
        assertEquals(1036, mean, 45, "mean length");
        assertEquals(0.163, count[0] / 2000.0, 0.035, "share of label 0");
        assertEquals(0.168, count[9] / 2000.0, 0.035, "share of label 9");
    }

    @Test
    void shortWindowMatchesTheReferenceStatistics() {
        ListOps.Sample s = ListOps.generate(ListOps.Config.LRA.window(100, 500), 2000, 3);
        double mean = s.expressions().stream().mapToInt(e -> e.length).average().orElseThrow();
        assertEquals(297, mean, 15, "mean length, window 100-500");
        assertEquals(0.049, s.acceptance(), 0.01, "acceptance, window 100-500");
    }

    @Test
    void isDeterministicAndDistinct() {
        var cfg = ListOps.Config.LRA.window(20, 100);
        var a = ListOps.generate(cfg, 300, 11).expressions();
        var b = ListOps.generate(cfg, 300, 11).expressions();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertEquals(300, a.stream().map(Arrays::toString).distinct().count());
        assertFalse(Arrays.equals(a.get(0), ListOps.generate(cfg, 1, 12).expressions().get(0)));
    }

    @Test
    void encodesWithTheS5Vocabulary() {
        SequenceDataset[] s = ListOps.splits(ListOps.Config.LRA.window(20, 100), 200, 20, 20, 64, 5);
        assertEquals(200, s[0].size());
        assertEquals(20, s[2].size());
        assertTrue(s[0].tokens());
        Vocab v = ListOps.vocab(ListOps.generate(ListOps.Config.LRA.window(20, 100), 200, 5).expressions());
        assertEquals(18, v.size());
        assertEquals(List.of("<pad>", "<unk>", "<eos>"), v.tokens().subList(0, 3));
        for (int i = 0; i < s[0].size(); i++) {
            int len = s[0].lengths()[i];
            assertEquals(Vocab.EOS_ID, s[0].x()[i * 64 + len - 1]);
            for (int t = len; t < 64; t++) assertEquals(Vocab.PAD_ID, s[0].x()[i * 64 + t]);
            for (int t = 0; t < len - 1; t++) assertTrue(s[0].x()[i * 64 + t] >= 3 && s[0].x()[i * 64 + t] < 18);
        }
        // truncation: lMax - 1 tokens + <eos>
        SequenceDataset t = ListOps.encode("t", List.of(ListOps.codes(ListOps.tokenize("[MAX 2 9 X"))), new int[]{9}, v, 3);
        assertEquals(3, t.lengths()[0]);
        assertEquals(Vocab.EOS_ID, t.x()[2]);
    }

    @Test
    void tsvRoundTripAndErrors() throws Exception {
        var ex = ListOps.generate(ListOps.Config.LRA.window(10, 60), 20, 1).expressions();
        Path f = dir.resolve("basic_test.tsv");
        ListOps.writeTsv(f, ex);
        ListOps.Rows r = ListOps.readTsv(f);
        assertEquals(20, r.expressions().size());
        for (int i = 0; i < 20; i++) assertArrayEquals(ex.get(i), r.expressions().get(i));
        assertArrayEquals(ListOps.labels(ex), r.labels());

        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "Source\tTarget\n( ( ( [MAX 2 ) 9 ) ] )\t12\n");
        assertMessage(bad, "outside [0, 10)");
        Files.writeString(bad, "Source\tTarget\n");
        assertMessage(bad, "empty split");
        Files.writeString(bad, "Input\tLabel\n");
        assertMessage(bad, "header");
        Files.writeString(bad, "Source\tTarget\n( ( ( [MAX 2 ) 9 ) ] )\n");
        assertMessage(bad, "2 tab-separated");
        assertMessage(dir.resolve("none.tsv"), "missing");
    }

    private static void assertMessage(Path f, String part) {
        var e = assertThrows(IllegalArgumentException.class, () -> ListOps.readTsv(f));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(f.getFileName().toString()), e.getMessage());
    }
}
