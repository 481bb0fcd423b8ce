package last.kernel;

import java.util.List;

/**
 * HTML and plain-text views of the first rows of a table, with a "... N more rows" note, so that a notebook shows a
 * large table as a readable excerpt instead of dumping every row into the saved .ipynb.
 */
final class TableFormat {

    private TableFormat() {}

    /** What a renderer read from a table: its name, column names, the shown cells and the total row count. */
    record Snapshot(String name, List<String> columns, String[][] cells, int totalRows) {
        int hiddenRows() { return totalRows - cells.length; }
    }

    static String html(Snapshot t) {
        StringBuilder b = new StringBuilder("<table>\n");
        if (!t.name().isBlank()) b.append("<caption>").append(escape(t.name())).append("</caption>\n");
        b.append("<thead><tr>");
        for (String c : t.columns()) b.append("<th>").append(escape(c)).append("</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (String[] row : t.cells()) {
            b.append("<tr>");
            for (String cell : row) b.append("<td>").append(escape(cell)).append("</td>");
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (t.hiddenRows() > 0) b.append("<p>... ").append(t.hiddenRows()).append(" more rows</p>\n");
        return b.toString();
    }

    /** Columns padded to their widest shown cell; the fallback for frontends without HTML (and for the .ipynb diff). */
    static String text(Snapshot t) {
        int cols = t.columns().size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) width[c] = t.columns().get(c).length();
        for (String[] row : t.cells()) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], row[c].length());
        StringBuilder b = new StringBuilder();
        if (!t.name().isBlank()) b.append(t.name()).append('\n');
        appendRow(b, t.columns().toArray(String[]::new), width);
        for (int c = 0; c < cols; c++) b.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        b.append('\n');
        for (String[] row : t.cells()) appendRow(b, row, width);
        if (t.hiddenRows() > 0) b.append("... ").append(t.hiddenRows()).append(" more rows\n");
        return b.toString().stripTrailing();
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) b.append(" | ");
            b.append(cells[c]).append(" ".repeat(width[c] - cells[c].length()));
        }
        b.append('\n');
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
