package last.kernel;

import java.awt.image.RenderedImage;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.common.Text;
import io.github.spencerpark.jupyter.kernel.display.common.Url;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/**
 * basekernel's {@link Renderer} plus the renderers a research notebook needs: XChart charts as PNG, Tablesaw tables
 * as HTML (with a text fallback), Java arrays as {@code [1.0, 2.0]} instead of {@code [D@1a2b}, images with a short
 * text description.
 * <p>
 * XChart and Tablesaw are not on the kernel's own class path: the notebook's class path (IJAVA_CLASSPATH, %maven,
 * %jars) brings them, and shading them into the kernel jar would shadow the toolkit's versions and their
 * dependencies. So their renderers are registered lazily, through the normal {@code createRegistration} API, for the
 * {@code Class} object the value itself was loaded with (found by name in its class hierarchy), and they call the
 * library by reflection. The same lazy step registers each reference-array class ({@code String[]},
 * {@code double[][]}), because basekernel looks renderers up by exact class and {@code String[]} is not a subclass
 * of {@code Object[]} there.
 */
public class KernelRenderer extends Renderer {

    static final String CHART_CLASS = "org.knowm.xchart.internal.chartpart.Chart";
    static final String BITMAP_ENCODER_CLASS = "org.knowm.xchart.BitmapEncoder";
    static final String TABLE_CLASS = "tech.tablesaw.api.Table";
    /** Rows shown by the table renderer; the rest is summarised as "... N more rows". */
    static final int TABLE_ROWS = 50;
    /** Elements shown per array (per level); longer arrays end in "... (N elements)". */
    static final int ARRAY_ELEMENTS = 1000;

    private final Set<Class<?>> prepared = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> libraryTypes = ConcurrentHashMap.newKeySet();

    /** basekernel's default registrations (images, URLs, text) plus primitive arrays and image descriptions. */
    public KernelRenderer() {
        Image.registerAll(this);
        Url.registerAll(this);
        Text.registerAll(this);
        for (Class<?> c : List.of(double[].class, float[].class, int[].class, long[].class, short[].class,
                byte[].class, char[].class, boolean[].class, Object[].class)) {
            registerArray(c);
        }
        createRegistration(RenderedImage.class).preferring(MIMEType.TEXT_PLAIN)
                .register((img, ctx) -> ctx.getOutputContainer().putData(MIMEType.TEXT_PLAIN, describeImage(img)));
    }

    @Override
    public DisplayData render(Object value, Map<String, Object> params) {
        if (value != null) prepare(value.getClass());
        return super.render(value, params);
    }

    @Override
    public DisplayData renderAs(Object value, Map<String, Object> params, String... types) {
        if (value != null) prepare(value.getClass());
        return super.renderAs(value, params, types);
    }

    /** Registers the library renderers for the class loader of {@code type}, once per class. */
    void prepare(Class<?> type) {
        if (!prepared.add(type)) return;
        if (type.isArray() && !type.getComponentType().isPrimitive() && type != Object[].class) {
            registerArray(type);
            return;
        }
        boolean library = false;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String name = c.getName();
            if (name.equals(CHART_CLASS)) { library = true; if (libraryTypes.add(c)) registerChart(c); }
            else if (name.equals(TABLE_CLASS)) { library = true; if (libraryTypes.add(c)) registerTable(c); }
        }
        if (!library) registerHtmlValue(type);
    }

    // ------------------------------------------------------------------------------------------------ toHtml()

    /**
     * A value whose class has a public {@code String toHtml()} (the toolkit's scores and pruning plans, or a user's own
     * record) is shown as that HTML, with its {@code toString()} as the text/plain fallback: the Java spelling of
     * IPython's {@code _repr_html_}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerHtmlValue(Class<?> type) {
        Method toHtml;
        try {
            toHtml = type.getMethod("toHtml");
        } catch (NoSuchMethodException e) {
            return;
        }
        if (toHtml.getReturnType() != String.class || java.lang.reflect.Modifier.isStatic(toHtml.getModifiers())) return;
        toHtml.setAccessible(true);
        createRegistration((Class) type).preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((value, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, t -> (String) invoke(toHtml, value));
                    ctx.getOutputContainer().putData(MIMEType.TEXT_PLAIN, String.valueOf(value));
                });
    }

    // ------------------------------------------------------------------------------------------------ arrays

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerArray(Class<?> arrayClass) {
        createRegistration((Class) arrayClass).preferring(MIMEType.TEXT_PLAIN)
                .register((array, ctx) -> ctx.getOutputContainer().putData(MIMEType.TEXT_PLAIN, arrayText(array)));
    }

    /** {@link java.util.Arrays#deepToString} for any array, primitive or not, capped per level at {@link #ARRAY_ELEMENTS}. */
    static String arrayText(Object array) {
        StringBuilder b = new StringBuilder();
        appendArray(b, array, ARRAY_ELEMENTS);
        return b.toString();
    }

    private static void appendArray(StringBuilder b, Object array, int limit) {
        int n = Array.getLength(array);
        int shown = Math.min(n, limit);
        b.append('[');
        for (int i = 0; i < shown; i++) {
            if (i > 0) b.append(", ");
            Object e = Array.get(array, i);
            if (e != null && e.getClass().isArray()) appendArray(b, e, limit);
            else b.append(e);
        }
        if (shown < n) b.append(", ... (").append(n).append(" elements)");
        b.append(']');
    }

    // ------------------------------------------------------------------------------------------------ images

    static String describeImage(RenderedImage img) {
        return "image " + img.getWidth() + "x" + img.getHeight();
    }

    // ------------------------------------------------------------------------------------------------ XChart

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerChart(Class<?> chartClass) {
        Method toImage = method(load(BITMAP_ENCODER_CLASS, chartClass), "getBufferedImage", chartClass);
        Method title = method(chartClass, "getTitle");
        createRegistration((Class) chartClass).preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.IMAGE_JPEG, MIMEType.IMAGE_GIF)
                .register((chart, ctx) -> renderChart(chart, ctx, toImage, title));
    }

    /** The chart painted at its own size ({@code BitmapEncoder.getBufferedImage}), described in text/plain. */
    private static void renderChart(Object chart, RenderContext ctx, Method toImage, Method title) {
        RenderedImage img = (RenderedImage) invoke(toImage, null, chart);
        Image.renderImage(img, ctx);
        Object t = invoke(title, chart);
        String name = chart.getClass().getSimpleName();
        ctx.getOutputContainer().putData(MIMEType.TEXT_PLAIN, name + " " + img.getWidth() + "x" + img.getHeight()
                + (t == null || t.toString().isBlank() ? "" : ": " + t));
    }

    // ------------------------------------------------------------------------------------------------ Tablesaw

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerTable(Class<?> tableClass) {
        TableAccess access = new TableAccess(tableClass);
        createRegistration((Class) tableClass).preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, type -> TableFormat.html(access.read(table, TABLE_ROWS)));
                    ctx.getOutputContainer().putData(MIMEType.TEXT_PLAIN, TableFormat.text(access.read(table, TABLE_ROWS)));
                });
    }

    /** Reads name, column names and the first rows of a Tablesaw table through reflection (see the class comment). */
    static final class TableAccess {
        private final Method name, rowCount, columnCount, columnNames, column;
        private Method getString;

        TableAccess(Class<?> tableClass) {
            name = method(tableClass, "name");
            rowCount = method(tableClass, "rowCount");
            columnCount = method(tableClass, "columnCount");
            columnNames = method(tableClass, "columnNames");
            column = method(tableClass, "column", int.class);
        }

        TableFormat.Snapshot read(Object table, int maxRows) {
            int rows = (Integer) invoke(rowCount, table);
            int cols = (Integer) invoke(columnCount, table);
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) invoke(columnNames, table);
            int shown = Math.min(rows, maxRows);
            String[][] cells = new String[shown][cols];
            for (int c = 0; c < cols; c++) {
                Object col = invoke(column, table, c);
                if (getString == null) getString = method(load("tech.tablesaw.columns.Column", col.getClass()), "getString", int.class);
                for (int r = 0; r < shown; r++) cells[r][c] = String.valueOf(invoke(getString, col, r));
            }
            Object n = invoke(name, table);
            return new TableFormat.Snapshot(n == null ? "" : n.toString(), names, cells, rows);
        }
    }

    // ------------------------------------------------------------------------------------------------ reflection

    private static Class<?> load(String name, Class<?> sibling) {
        try {
            return Class.forName(name, false, sibling.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not visible to the loader of " + sibling.getName(), e);
        }
    }

    private static Method method(Class<?> owner, String name, Class<?>... params) {
        try {
            return owner.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(owner.getName() + "." + name + " not found: unsupported library version?", e);
        }
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(m + " failed", c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(m + " is not accessible", e);
        }
    }
}
