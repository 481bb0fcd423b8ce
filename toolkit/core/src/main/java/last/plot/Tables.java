package last.plot;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Tablesaw tables in notebooks: HTML for display (CSV files: {@code last.experiment.ResultFiles}). */
public final class Tables {
    private Tables() {}

    /**
     * The table as an HTML string; show it in a notebook with IJava's {@code render(Tables.html(t), "text/html")}
     * (or {@code display}). Numbers are printed as Tablesaw formats them; missing values as empty cells.
     */
    public static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:12px\">");
        if (t.name() != null && !t.name().isBlank()) sb.append("<caption style=\"font-weight:bold\">").append(esc(t.name())).append("</caption>");
        sb.append("<thead><tr>");
        for (Column<?> c : t.columns())
            sb.append("<th style=\"border-bottom:1px solid #444;padding:2px 8px;text-align:right\">").append(esc(c.name())).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : t.columns())
                sb.append("<td style=\"padding:2px 8px;text-align:right\">").append(esc(c.isMissing(r) ? "" : c.getString(r))).append("</td>");
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A GitHub-flavoured Markdown table of {@code t} (pipes in cells escaped), for README and result files. */
    public static String markdown(Table t) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : t.columnNames()) sb.append(' ').append(cell(c)).append(" |");
        sb.append("\n|");
        sb.append("---|".repeat(t.columnCount())).append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append('|');
            for (int c = 0; c < t.columnCount(); c++) sb.append(' ').append(cell(t.getString(r, c))).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s) { return s.replace("|", "\\|").replace("\n", " "); }
}
