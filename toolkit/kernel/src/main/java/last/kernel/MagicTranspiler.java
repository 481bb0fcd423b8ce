package last.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * IJava's magic syntax, parsed with a small Java lexer so that magics are only recognised where Java code is:
 * a line magic {@code %name args} at the start of a line or right after an assignment {@code =}, a cell magic
 * {@code %%name args} on the first line of a cell. Lines inside text blocks, string/char literals and comments are
 * never magics, and a {@code %name} whose name is not a registered magic is left alone (so {@code %2} continuation
 * lines of a modulo expression stay Java). {@link #unknownLineMagics} finds the unregistered {@code %name} lines that
 * cannot be Java (a statement never starts with {@code %}), so the kernel can say "unknown line magic" instead of
 * javac's "illegal start of expression".
 */
public final class MagicTranspiler {

    /** Runtime class the generated calls target (static methods {@code lineMagic}/{@code lineMagicStatement}). */
    static final String RUNTIME = "last.kernel.Notebook";

    private MagicTranspiler() {}

    /** A parsed cell magic: name, arguments from the first line, the rest of the cell as body. */
    public record CellMagicCall(String name, List<String> args, String body) {}

    /** A parsed line magic: name and arguments; {@code expression} when it was the right-hand side of {@code =}. */
    public record LineMagicCall(String name, List<String> args, boolean expression) {}

    /** Returns the cell magic call if the first non-blank line starts with {@code %%name}, else null. */
    public static CellMagicCall parseCellMagic(String cell) {
        int i = 0;
        while (i < cell.length() && Character.isWhitespace(cell.charAt(i))) i++;
        if (!cell.startsWith("%%", i)) return null;
        int nameStart = i + 2, j = nameStart;
        while (j < cell.length() && isNameChar(cell.charAt(j))) j++;
        if (j == nameStart) return null;
        int eol = cell.indexOf('\n', j);
        String argText = eol < 0 ? cell.substring(j) : cell.substring(j, eol);
        String body = eol < 0 ? "" : cell.substring(eol + 1);
        return new CellMagicCall(cell.substring(nameStart, j), splitArgs(argText), body);
    }

    /** All line magics (registered names only) found in Java code positions of the cell, in order. */
    public static List<LineMagicCall> findLineMagics(String cell, Predicate<String> isLineMagic) {
        List<LineMagicCall> found = new ArrayList<>();
        transpile(cell, isLineMagic, found, null);
        return found;
    }

    /** Replaces every registered line magic in Java code positions by a call of {@link #RUNTIME}; keeps line count. */
    public static String transpile(String cell, Predicate<String> isLineMagic) {
        return transpile(cell, isLineMagic, null, null);
    }

    /**
     * Names of unregistered {@code %name} lines where a statement would start (cell start, or after {@code ;},
     * {@code &#123;} or {@code &#125;}): Java cannot mean them, so they are mistyped or unknown magics. A {@code %name}
     * continuing an expression (a modulo on the next line) is not reported.
     */
    public static List<String> unknownLineMagics(String cell, Predicate<String> isLineMagic) {
        List<String> unknown = new ArrayList<>();
        transpile(cell, isLineMagic, null, unknown);
        return unknown;
    }

    private enum State { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR, TEXT_BLOCK }

    private static String transpile(String src, Predicate<String> isLineMagic, List<LineMagicCall> sink,
                                    List<String> unknown) {
        StringBuilder out = new StringBuilder(src.length() + 64);
        State st = State.CODE;
        int n = src.length();
        int i = 0;
        boolean lineStart = true;
        char lastCode = 0; // last non-blank code character (0 = none yet): tells whether a statement may start
        while (i < n) {
            char c = src.charAt(i);
            if (st == State.CODE && lineStart) {
                int j = skipBlanks(src, i);
                int end = tryMagic(src, j, isLineMagic, false, out, sink, src.substring(i, j));
                if (end >= 0) { i = end; lineStart = false; lastCode = ';'; continue; }
                if (unknown != null && (lastCode == 0 || ";{}".indexOf(lastCode) >= 0)) {
                    String name = magicNameAt(src, j);
                    if (name != null) unknown.add(name);
                }
            }
            lineStart = false;
            switch (st) {
                case CODE -> {
                    if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') { st = State.LINE_COMMENT; out.append("//"); i += 2; continue; }
                    if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') { st = State.BLOCK_COMMENT; out.append("/*"); i += 2; continue; }
                    if (c == '"' && src.startsWith("\"\"\"", i)) { st = State.TEXT_BLOCK; out.append("\"\"\""); i += 3; continue; }
                    if (c == '"') { st = State.STRING; out.append(c); i++; continue; }
                    if (c == '\'') { st = State.CHAR; out.append(c); i++; continue; }
                    if (c == '=' && isAssignment(src, i)) {
                        out.append(c);
                        int j = skipBlanks(src, i + 1);
                        int end = tryMagic(src, j, isLineMagic, true, out, sink, src.substring(i + 1, j));
                        if (end >= 0) { i = end; lastCode = ';'; continue; }
                        i++;
                        continue;
                    }
                }
                case LINE_COMMENT -> { if (c == '\n') st = State.CODE; }
                case BLOCK_COMMENT -> {
                    if (c == '*' && i + 1 < n && src.charAt(i + 1) == '/') { st = State.CODE; out.append("*/"); i += 2; continue; }
                }
                case STRING, CHAR -> {
                    char quote = st == State.STRING ? '"' : '\'';
                    if (c == '\\' && i + 1 < n) { out.append(c).append(src.charAt(i + 1)); i += 2; continue; }
                    if (c == quote || c == '\n') st = State.CODE;
                }
                case TEXT_BLOCK -> {
                    if (c == '\\' && i + 1 < n) { out.append(c).append(src.charAt(i + 1)); i += 2; continue; }
                    if (src.startsWith("\"\"\"", i)) { st = State.CODE; out.append("\"\"\""); i += 3; lastCode = '"'; continue; }
                }
            }
            if (st == State.CODE && !Character.isWhitespace(c)) lastCode = c;
            out.append(c);
            if (c == '\n') lineStart = true;
            i++;
        }
        return out.toString();
    }

    /** At {@code at} a '%name' with a registered name? Then append the generated call and return the end of line. */
    private static int tryMagic(String src, int at, Predicate<String> isLineMagic, boolean expression,
                                StringBuilder out, List<LineMagicCall> sink, String leading) {
        if (at >= src.length() || src.charAt(at) != '%' || src.startsWith("%%", at)) return -1;
        int j = at + 1;
        while (j < src.length() && isNameChar(src.charAt(j))) j++;
        if (j == at + 1) return -1;
        if (j < src.length() && !Character.isWhitespace(src.charAt(j))) return -1;
        String name = src.substring(at + 1, j);
        if (!isLineMagic.test(name)) return -1;
        int eol = src.indexOf('\n', j);
        if (eol < 0) eol = src.length();
        String argText = src.substring(j, eol);
        if (argText.endsWith("\r")) argText = argText.substring(0, argText.length() - 1);
        if (expression) {
            String t = argText.stripTrailing();
            if (t.endsWith(";")) argText = t.substring(0, t.length() - 1);
        }
        List<String> args = splitArgs(argText);
        if (sink != null) sink.add(new LineMagicCall(name, args, expression));
        out.append(leading);
        out.append(RUNTIME).append(expression ? ".lineMagic(" : ".lineMagicStatement(")
                .append(javaString(name)).append(", java.util.List.of(");
        for (int k = 0; k < args.size(); k++) {
            if (k > 0) out.append(", ");
            out.append(javaString(args.get(k)));
        }
        out.append("))").append(';');
        return eol;
    }

    /** The name of a {@code %name} (letter first, then blank or end of line) at {@code at}, else null. */
    private static String magicNameAt(String src, int at) {
        if (at + 1 >= src.length() || src.charAt(at) != '%' || !Character.isLetter(src.charAt(at + 1))) return null;
        int j = at + 1;
        while (j < src.length() && isNameChar(src.charAt(j))) j++;
        if (j < src.length() && !Character.isWhitespace(src.charAt(j))) return null;
        return src.substring(at + 1, j);
    }

    private static boolean isAssignment(String s, int i) {
        char prev = i > 0 ? s.charAt(i - 1) : ' ';
        char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
        return next != '=' && "=!<>+-*/%&|^".indexOf(prev) < 0;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    /**
     * Splits magic arguments like a shell: blanks separate, "double" and 'single' quotes group (and may produce an
     * empty argument), inside double quotes only \" and \\ are escapes, outside quotes a backslash escapes a blank or
     * a quote; any other backslash is kept as is (Windows paths survive).
     */
    public static List<String> splitArgs(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inArg) { args.add(cur.toString()); cur.setLength(0); inArg = false; }
            } else if (c == '"' || c == '\'') {
                inArg = true;
                int j = i + 1;
                while (j < n && text.charAt(j) != c) {
                    char d = text.charAt(j);
                    if (c == '"' && d == '\\' && j + 1 < n && (text.charAt(j + 1) == '"' || text.charAt(j + 1) == '\\')) {
                        cur.append(text.charAt(j + 1));
                        j += 2;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                i = j; // at the closing quote (or the end when unterminated)
            } else if (c == '\\' && i + 1 < n && (Character.isWhitespace(text.charAt(i + 1)) || "\"'".indexOf(text.charAt(i + 1)) >= 0)) {
                inArg = true;
                cur.append(text.charAt(++i));
            } else {
                inArg = true;
                cur.append(c);
            }
        }
        if (inArg) args.add(cur.toString());
        return args;
    }

    /** A Java string literal for s (non-ASCII as unicode escapes, so no encoding or escape surprises). */
    static String javaString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
