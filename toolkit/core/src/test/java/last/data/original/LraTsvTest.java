package last.data.original;

import last.data.PairDataset;
import last.data.SequenceDataset;
import last.data.Vocab;
import last.data.generate.ListOps;
import last.model.BatchArrays;
import static last.data.original.Cifar10Test.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LraTsvTest {
    @TempDir Path dir;

    @Test
    void readsAanPairsAndEncodesBothSides() throws Exception {
        Path f = dir.resolve("new_aan_pairs.train.tsv");
        Files.writeString(f, "1.0\tP01\tP02\tabba\tbab\n\n0\tP03\tP04\tcab\t\n");
        LraTsv.RetrievalRows r = LraTsv.retrieval(f);
        assertArrayEquals(new int[]{1, 0}, r.labels());
        assertEquals(List.of("P01", "P03"), r.ids1());
        assertEquals(List.of("P02", "P04"), r.ids2());
        assertEquals(List.of("abba", "cab"), r.texts1());
        assertEquals(List.of("bab", ""), r.texts2());
        // counts with lMax 4 (3 characters per text): a 3, b 5, c 1
        Vocab v = LraTsv.retrievalVocab(r, 4, 1);
        assertEquals(List.of("<pad>", "<unk>", "<eos>", "b", "a", "c"), v.tokens());
        PairDataset d = LraTsv.encode("aan", r, v, 4);
        assertEquals(2, d.size());
        assertEquals(4, d.length());
        assertArrayEquals(new float[]{4, 3, 3, 2, 5, 4, 3, 2}, d.first().x());   // "abb"+<eos>, "cab"+<eos>
        assertArrayEquals(new float[]{3, 4, 3, 2, 2, 0, 0, 0}, d.second().x());  // "bab"+<eos>, <eos> + padding
        assertArrayEquals(new int[]{4, 1}, d.second().lengths());
        assertArrayEquals(new int[]{1, 0}, d.labels());
        // header line tolerated
        Files.writeString(f, "label\tid1\tid2\ttext1\ttext2\n0\ta\tb\tx\ty\n");
        assertEquals(1, LraTsv.retrieval(f).size());
    }

    @Test
    void aanReadsTheThreeSplitsWithTheTrainVocabulary() throws Exception {
        Files.writeString(dir.resolve("new_aan_pairs.train.tsv"), "1\ta\tb\txy\tyy\n");
        Files.writeString(dir.resolve("new_aan_pairs.eval.tsv"), "0\ta\tb\tz\tx\n");
        Files.writeString(dir.resolve("new_aan_pairs.test.tsv"), "1\ta\tb\ty\tx\n0\tc\td\tx\ty\n");
        PairDataset[] s = LraTsv.aan(dir, 8);
        assertEquals("aan8/val", s[1].name());
        assertEquals(Vocab.UNK_ID, s[1].first().x()[0]);                // z is unseen in train
        assertEquals(2, s[2].size());
    }

    @Test
    void listOpsIsTheListOpsReader() throws Exception {
        Path f = dir.resolve("basic_test.tsv");
        Files.writeString(f, "Source\tTarget\n( ( ( [MAX 2 ) 9 ) ] )\t9\n");
        ListOps.Rows r = LraTsv.listOps(f);
        assertArrayEquals(new int[]{9}, r.labels());
        assertEquals("[MAX 2 9 X", String.join(" ", ListOps.tokens(r.expressions().get(0))));
    }

    @Test
    void rejectsBadFilesNamingThem() throws Exception {
        Path f = dir.resolve("pairs.tsv");
        assertMessage(() -> LraTsv.retrieval(f), "pairs.tsv", "missing");
        Files.writeString(f, "");
        assertMessage(() -> LraTsv.retrieval(f), "pairs.tsv", "empty split");
        Files.writeString(f, "1\ta\tb\tx\n");
        assertMessage(() -> LraTsv.retrieval(f), "pairs.tsv line 1", "5 tab-separated fields");
        Files.writeString(f, "1\ta\tb\tx\ty\n2\ta\tb\tx\ty\n");
        assertMessage(() -> LraTsv.retrieval(f), "pairs.tsv line 2", "label 2");
        Files.writeString(f, "yes\ta\tb\tx\ty\n");
        assertMessage(() -> LraTsv.retrieval(f), "pairs.tsv line 1", "not a number");
        Files.write(f, new byte[]{'1', '\t', 'a', '\t', 'b', '\t', (byte) 0xff, '\t', 'y', '\n'});
        assertMessage(() -> LraTsv.retrieval(f), "pairs.tsv", "UTF-8");
        assertMessage(() -> LraTsv.aan(dir, 8), "new_aan_pairs.train.tsv", "missing");
        assertMessage(() -> LraTsv.listOps(dir.resolve("basic_val.tsv")), "basic_val.tsv", "missing");
    }

    @Test
    void pairBatchStacksFirstThenSecondSides() throws Exception {
        LraTsv.RetrievalRows r = new LraTsv.RetrievalRows(new int[]{1, 0, 1}, List.of("1", "2", "3"), List.of("4", "5", "6"),
                List.of("a", "bb", "ab"), List.of("b", "a", "aaa"));
        Vocab v = Vocab.fixed(List.of("a", "b"));
        PairDataset d = LraTsv.encode("p", r, v, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] b = BatchArrays.of(m, d, new int[]{2, 0});
            assertArrayEquals(new long[]{4, 3}, b[0].getShape().getShape());
            assertArrayEquals(new float[]{3, 4, 2, 3, 2, 0, 3, 3, 2, 4, 2, 0}, b[0].toFloatArray());
            assertArrayEquals(new float[]{3, 2, 3, 2}, b[1].toFloatArray());
            assertArrayEquals(new float[]{1, 1}, b[2].toFloatArray());
        }
        PairDataset s = d.subset("q", new int[]{1});
        assertArrayEquals(new int[]{0}, s.labels());
        assertEquals(2, d.head(2).size());
        SequenceDataset one = d.first().head(2);
        assertThrows(IllegalArgumentException.class, () -> new PairDataset("bad", one, d.second()));
        assertTrue(Arrays.equals(d.first().labels(), d.second().labels()));
    }
}
