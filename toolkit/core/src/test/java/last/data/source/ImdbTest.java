package last.data.source;

import last.data.SequenceDataset;
import last.data.Vocab;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImdbTest {
    @TempDir Path dir;

    @Test
    void recoversTheSplitByIndexAndEncodesCharacters() throws Exception {
        // four blocks of 2: test/neg, train/neg, test/pos, train/pos
        Path f = dir.resolve("reviews.json");
        Files.writeString(f, "[{\"t\":\"bad a\",\"s\":0},{\"t\":\"worse\",\"s\":0},{\"t\":\"aab\",\"s\":0},{\"t\":\"baa\",\"s\":0},"
                + "{\"t\":\"good\",\"s\":1},{\"t\":\"fine\",\"s\":1},{\"t\":\"ab\",\"s\":1},{\"t\":\"aaaa\",\"s\":1}]");
        Imdb.Reviews[] s = Imdb.split(f);
        assertEquals(List.of("aab", "baa", "ab", "aaaa"), s[0].texts());
        assertArrayEquals(new int[]{0, 0, 1, 1}, s[0].labels());
        assertEquals(List.of("bad a", "worse", "good", "fine"), s[1].texts());
        Vocab v = Imdb.vocab(s[0].texts(), 2);                  // a: 8, b: 3
        assertEquals(List.of("<pad>", "<unk>", "<eos>", "a", "b"), v.tokens());
        SequenceDataset d = Imdb.encode("t", s[1], v, 4);
        assertArrayEquals(new float[]{4, 3, 1, 2}, java.util.Arrays.copyOfRange(d.x(), 0, 4));  // "bad" + <eos>, d unknown
        assertArrayEquals(new int[]{4, 4, 4, 4}, d.lengths());
        SequenceDataset e = Imdb.encode("t", s[0], v, 8);
        assertEquals(4, e.lengths()[0]);
        assertEquals(0f, e.x()[7]);
    }

    @Test
    void rejectsMalformedFiles() throws Exception {
        Path f = dir.resolve("r.json");
        Files.writeString(f, "[{\"t\":\"x\",\"s\":2},{\"t\":\"x\",\"s\":0},{\"t\":\"x\",\"s\":0},{\"t\":\"x\",\"s\":0}]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Imdb.split(f)).getMessage().contains("outside"));
        Files.writeString(f, "[]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Imdb.split(f)).getMessage().contains("r.json"));
        Files.writeString(f, "[{\"t\":\"x\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Imdb.split(f)).getMessage().contains("r.json"));
    }
}
