package last.kernel;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jdk.jshell.SourceCodeAnalysis;

/**
 * Shift-tab inspection anywhere in a name. JShell's {@code documentation(code, cursor, true)} only answers with the
 * cursor right after {@code Math.max(}; like IJava we first find the dotted identifier around the cursor (left over
 * identifier characters and dots, right over identifier characters) and ask about {@code <identifier>(} (all
 * overloads of a method), then about the identifier itself (types, fields, variables), then about the cursor as
 * given. Signatures are shown even when no Javadoc is found.
 */
final class Inspection {

    private Inspection() {}

    /** As {@link #describe(SourceCodeAnalysis, String, int, List)} without a source path. */
    static String describe(SourceCodeAnalysis analysis, String code, int at) {
        return describe(analysis, code, at, List.of());
    }

    /**
     * Signatures and Javadoc of what is under the cursor, or null when nothing is known: the Javadoc JShell has (the
     * JDK's, where its sources are installed), otherwise the doc comment from a source file under {@code sourceRoots}
     * ({@link SourceDocs}).
     */
    static String describe(SourceCodeAnalysis analysis, String code, int at, List<java.nio.file.Path> sourceRoots) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        int[] span = identifierAround(code, cursor);
        List<SourceCodeAnalysis.Documentation> docs = List.of();
        if (span != null) {
            String upToName = code.substring(0, span[1]);
            docs = documentation(analysis, upToName + "(", upToName.length() + 1);
            if (docs.isEmpty()) docs = documentation(analysis, upToName, upToName.length());
        }
        if (docs.isEmpty()) docs = documentation(analysis, code, cursor);
        return docs.isEmpty() ? null : format(docs, sourceRoots);
    }

    /** [start, end) of the dotted Java identifier touching the cursor, or null. */
    static int[] identifierAround(String code, int cursor) {
        int start = cursor;
        while (start > 0 && (Character.isJavaIdentifierPart(code.charAt(start - 1)) || code.charAt(start - 1) == '.')) start--;
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        while (start < end && code.charAt(start) == '.') start++;
        return start < end ? new int[] {start, end} : null;
    }

    private static List<SourceCodeAnalysis.Documentation> documentation(SourceCodeAnalysis analysis, String code, int cursor) {
        try {
            List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
            return docs == null ? List.of() : docs;
        } catch (RuntimeException e) {
            return List.of(); // JShell's analysis throws on some half-typed code: that means "nothing known"
        }
    }

    private static String format(List<SourceCodeAnalysis.Documentation> docs, List<java.nio.file.Path> sourceRoots) {
        Set<String> parts = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Documentation d : docs) {
            String javadoc = d.javadoc() == null ? "" : d.javadoc().strip();
            if (javadoc.isEmpty()) {
                String fromSource = SourceDocs.javadoc(sourceRoots, d.signature());
                if (fromSource != null) javadoc = fromSource;
            }
            parts.add(javadoc.isEmpty() ? d.signature() : d.signature() + "\n" + javadoc);
        }
        return String.join("\n\n", parts);
    }
}
