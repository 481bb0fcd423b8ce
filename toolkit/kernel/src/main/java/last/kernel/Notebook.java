package last.kernel;

import java.util.List;
import java.util.UUID;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * IJava's notebook functions, static-imported into every cell: {@code display}, {@code render},
 * {@code updateDisplay}, {@code eval}, {@code printf}, plus the targets of transpiled magics.
 */
public final class Notebook {

    private Notebook() {}

    private static JavaKernel kernel() { return JavaKernel.getInstance(); }

    /** Renders with the preferred MIME types and publishes it as display_data; returns the display id. */
    public static String display(Object o) {
        DisplayData data = render(o);
        return publish(data);
    }

    /** Renders as the requested MIME types (e.g. "text/html") and publishes it; returns the display id. */
    public static String display(Object o, String... mimeTypes) {
        DisplayData data = render(o, mimeTypes);
        return publish(data);
    }

    private static String publish(DisplayData data) {
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel().display(data);
        return id;
    }

    /** Renders without publishing; as a cell's last expression it becomes the execute_result. */
    public static DisplayData render(Object o) {
        if (o instanceof DisplayData d) return d;
        return kernel().getRenderer().render(o);
    }

    public static DisplayData render(Object o, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) return render(o);
        return kernel().getRenderer().renderAs(o, mimeTypes);
    }

    /** Replaces the output published under the display id. */
    public static void updateDisplay(String id, Object o) {
        DisplayData data = render(o);
        kernel().getIO().display.updateDisplay(id, data);
    }

    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        DisplayData data = render(o, mimeTypes);
        kernel().getIO().display.updateDisplay(id, data);
    }

    /** Evaluates code (magics included) like a cell and returns its last value. */
    public static Object eval(String code) throws Exception { return kernel().evalRaw(code); }

    public static void printf(String format, Object... args) { System.out.printf(format, args); }

    /** Target of {@code x = %magic args}: the magic's return value. */
    @SuppressWarnings("unchecked")
    public static <T> T lineMagic(String name, List<String> args) throws Exception {
        return (T) kernel().getMagics().applyLineMagic(name, args);
    }

    /** Target of a {@code %magic args} line: runs the magic, no cell output. */
    public static void lineMagicStatement(String name, List<String> args) throws Exception {
        kernel().getMagics().applyLineMagic(name, args);
    }

    @SuppressWarnings("unchecked")
    public static <T> T cellMagic(String name, List<String> args, String body) throws Exception {
        return (T) kernel().getMagics().applyCellMagic(name, args, body);
    }
}
