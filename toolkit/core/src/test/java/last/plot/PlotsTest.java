package last.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlotsTest {

    @Test
    void tradeOffRendersOnAReversedAxisWithoutHanging() {
        // the S4D sweep range (256 .. 2) made XChart's label callback loop forever; the decimal pattern must not
        double[] x = {256, 230, 204.5, 179, 153.5, 128, 102, 76.5, 51, 25.5, 2};
        double[] y = {98.5, 97.5, 97.5, 94.5, 24.6, 14, 9.8, 9.8, 9.7, 11.5, 9.8};
        var img = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Plots.image(Plots.tradeOff("t", List.of(new Curve("LAST", x, y)), 98.5, 10, 10)));
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
        var axis = Plots.tradeOff("t", List.of(new Curve("LAST", x, y)), 98.5, 10, 10).getStyler().getXAxisDecimalPattern();
        assertEquals("250", new java.text.DecimalFormat(axis).format(-250.0).trim(), "ticks show the state dimension without a sign");
    }

    @Test
    void imageGridTilesAndScalesEachImage() {
        float[] a = new float[4], b = {0, 1, 2, 3};
        var img = Plots.imageGrid(List.of(a, b), 2, 1, 2, 3);
        assertEquals(2 * (2 * 3 + 3) + 3, img.getWidth());
        assertEquals(0xffffff, img.getRGB(0, 0) & 0xffffff, "white border");
        int x0 = 3 + (2 * 3 + 3);                                        // second tile
        assertEquals(0, img.getRGB(x0, 3) & 0xff, "min of b is black");
        assertEquals(255, img.getRGB(x0 + 3, 3 + 3) & 0xff, "max of b is white");
        assertThrows(IllegalArgumentException.class, () -> Plots.imageGrid(List.of(new float[3]), 2, 1, 1, 1));
    }
}
