package last.kernel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The kernel's line and cell magics, looked up by name (aliases are plain extra names). */
public final class MagicRegistry {

    @FunctionalInterface
    public interface LineMagic { Object apply(List<String> args) throws Exception; }

    @FunctionalInterface
    public interface CellMagic { Object apply(List<String> args, String body) throws Exception; }

    /** Thrown for a {@code %name} line or {@code %%name} cell whose name is not registered; lists the known ones. */
    public static final class UndefinedMagicException extends MagicException {
        public UndefinedMagicException(String kind, String name, Collection<String> known) {
            super("unknown " + kind + " magic " + prefix(kind) + name + "; known: "
                    + (known.isEmpty() ? "(none)" : String.join(" ", known.stream().sorted().map(n -> prefix(kind) + n).toList())));
        }

        private static String prefix(String kind) { return kind.equals("cell") ? "%%" : "%"; }
    }

    /** The exception for an unknown line magic {@code %name}. */
    public UndefinedMagicException unknownLineMagic(String name) {
        return new UndefinedMagicException("line", name, line.keySet());
    }

    private final Map<String, LineMagic> line = new TreeMap<>();
    private final Map<String, CellMagic> cell = new TreeMap<>();

    public void registerLineMagic(LineMagic magic, String... names) {
        for (String n : names) line.put(n, magic);
    }

    public void registerCellMagic(CellMagic magic, String... names) {
        for (String n : names) cell.put(n, magic);
    }

    public boolean isLineMagic(String name) { return line.containsKey(name); }

    public boolean isCellMagic(String name) { return cell.containsKey(name); }

    public Set<String> lineMagicNames() { return line.keySet(); }

    public Set<String> cellMagicNames() { return cell.keySet(); }

    public Object applyLineMagic(String name, List<String> args) throws Exception {
        LineMagic m = line.get(name);
        if (m == null) throw unknownLineMagic(name);
        return m.apply(args);
    }

    public Object applyCellMagic(String name, List<String> args, String body) throws Exception {
        CellMagic m = cell.get(name);
        if (m == null) throw new UndefinedMagicException("cell", name, cell.keySet());
        return m.apply(args, body);
    }
}
