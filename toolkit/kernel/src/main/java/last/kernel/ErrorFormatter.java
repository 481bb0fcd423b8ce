package last.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.spencerpark.jupyter.kernel.util.StringStyler;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * How the {@link JavaKernel} reports a failed cell: a magic's message alone, compiler diagnostics with the offending
 * source highlighted, unresolved dependencies, or the user code's stack trace cut where the kernel's frames begin.
 */
final class ErrorFormatter {
    private final StringStyler errorStyler;
    private final JShell shell;

    ErrorFormatter(StringStyler errorStyler, JShell shell) {
        this.errorStyler = errorStyler;
        this.shell = shell;
    }

    /** The lines a notebook shows for {@code e}. */
    List<String> format(Exception e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof MagicException) {
            lines.addAll(errorStyler.primaryLines(e.getMessage()));
        } else if (e instanceof EvalException ee && isMagicException(ee.getExceptionClassName())) {
            lines.addAll(errorStyler.primaryLines(ee.getMessage())); // a magic failed inside a cell's code
        } else if (e instanceof JavaKernel.CompilationException ce) {
            String src = ce.snippet().source();
            for (Diag d : ce.diagnostics()) {
                int start = (int) Math.max(0, d.getStartPosition());
                int end = (int) Math.max(start, Math.min(src.length(), d.getEndPosition()));
                if (d.getStartPosition() >= 0 && end >= start) {
                    lines.addAll(errorStyler.highlightSubstringLines(src, start, Math.max(end, start + 1)));
                } else {
                    lines.addAll(errorStyler.secondaryLines(src));
                }
                lines.addAll(errorStyler.primaryLines(d.getMessage(Locale.ENGLISH)));
                lines.add("");
            }
            if (!ce.unresolved().isEmpty()) {
                lines.add(errorStyler.primary("Unresolved dependencies:"));
                for (String u : ce.unresolved()) lines.add(errorStyler.secondary("   - " + u));
            }
            if (ce.diagnostics().isEmpty() && ce.unresolved().isEmpty()) lines.addAll(errorStyler.secondaryLines(src));
        } else if (e instanceof JavaKernel.IncompleteSourceException ie) {
            lines.add(errorStyler.primary("Incomplete input:"));
            lines.addAll(errorStyler.secondaryLines(ie.getSource()));
        } else if (e instanceof UnresolvedReferenceException ure) {
            Snippet s = ure.getSnippet();
            lines.add(errorStyler.primary("Attempted to use a snippet with unresolved dependencies:"));
            lines.addAll(errorStyler.secondaryLines(s.source()));
            shell.unresolvedDependencies(ure.getSnippet())
                    .forEach(u -> lines.add(errorStyler.secondary("   - " + u)));
        } else if (e instanceof EvalException ee) {
            formatThrowable(lines, ee.getExceptionClassName(), ee.getMessage(), ee.getStackTrace(), "");
            Throwable cause = ee.getCause();
            while (cause != null) {
                String cls = cause instanceof EvalException c ? c.getExceptionClassName() : cause.getClass().getName();
                formatThrowable(lines, cls, cause.getMessage(), cause.getStackTrace(), "Caused by: ");
                cause = cause.getCause();
            }
        } else {
            Throwable t = e instanceof JavaKernel.KernelErrorException k ? k.getCause() : e;
            formatThrowable(lines, t.getClass().getName(), t.getMessage(), t.getStackTrace(), "");
            for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
                formatThrowable(lines, c.getClass().getName(), c.getMessage(), c.getStackTrace(), "Caused by: ");
            }
        }
        return lines;
    }

    private static boolean isMagicException(String className) {
        try {
            return MagicException.class.isAssignableFrom(Class.forName(className, false, ErrorFormatter.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private void formatThrowable(List<String> lines, String className, String message, StackTraceElement[] trace, String prefix) {
        lines.add(errorStyler.primary(prefix + className + (message == null ? "" : ": " + message)));
        int shown = 0;
        for (StackTraceElement el : trace) {
            String cls = el.getClassName();
            if (cls.startsWith("last.kernel.") || cls.startsWith("jdk.internal.reflect.") || cls.startsWith("jdk.jshell.")) break;
            lines.add(errorStyler.secondary("\tat " + el));
            if (++shown >= 40) { lines.add(errorStyler.secondary("\t...")); break; }
            if (el.getMethodName().equals("do_it$")) break;
        }
    }
}
