package last.kernel;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import io.github.spencerpark.jupyter.kernel.util.StringStyler;
import io.github.spencerpark.jupyter.kernel.util.TextColor;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * An IJava-compatible Java kernel: JShell with a direct (in-process) execution engine, IJava's environment
 * variables, notebook functions ({@link Notebook}) and magics, result rendering through basekernel's
 * {@link io.github.spencerpark.jupyter.kernel.display.Renderer}.
 */
public class JavaKernel extends BaseKernel {

    private static volatile JavaKernel instance;

    /** The kernel running in this JVM (the notebook functions go through it). */
    public static JavaKernel getInstance() {
        JavaKernel k = instance;
        if (k == null) throw new IllegalStateException("No Java kernel is running in this JVM");
        return k;
    }

    private static final Set<Snippet.SubKind> DISPLAYED_SUBKINDS = Set.of(
            Snippet.SubKind.VAR_VALUE_SUBKIND, Snippet.SubKind.OTHER_EXPRESSION_SUBKIND,
            Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);

    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.time.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
            "java.util.stream.*");

    private final KernelConfig config;
    private final CellExecutionControl exec;
    private final JShell shell;
    private final MagicRegistry magics = new MagicRegistry();
    private final MavenResolver maven = new MavenResolver();
    private final Set<String> classpath = new LinkedHashSet<>();
    private boolean started;
    private int evalDepth;
    private final Method classFullName;
    private final ErrorFormatter errors;

    public JavaKernel() { this(KernelConfig.fromEnvironment()); }

    public JavaKernel(KernelConfig config) {
        this.config = config;
        this.errorStyler = new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RED_FG)
                .addSecondaryStyle(TextColor.RESET_FG)
                .addHighlightStyle(TextColor.BOLD_RED_FG).addHighlightStyle(TextColor.UNDERLINE)
                .build();
        this.renderer = new KernelRenderer();
        this.exec = new CellExecutionControl(config.timeoutMillis());
        this.shell = JShell.builder()
                .executionEngine(new CellExecutionControl.Provider(exec), Map.of())
                .compilerOptions(config.compilerOptions().toArray(String[]::new))
                .build();
        this.classFullName = snippetClassNameAccessor();
        this.errors = new ErrorFormatter(errorStyler, shell);
        List<String> initial = new ArrayList<>();
        for (String entry : config.classpath()) {
            for (String path : expandGlob(entry, false)) {
                String abs = Path.of(path).toAbsolutePath().normalize().toString();
                if (classpath.add(abs)) initial.add(abs);
            }
        }
        if (!initial.isEmpty()) shell.addToClasspath(String.join(File.pathSeparator, initial)); // one compiler reset
        new KernelMagics(this, magics, maven).register();
        instance = this;
        try {
            // default imports now: the first compilation (1-3 s) counts against the kernel start, not the first cell
            evalJava(defaultImports());
        } catch (Exception e) {
            throw new IllegalStateException("JShell could not evaluate the default imports", e);
        }
    }

    private static String defaultImports() {
        StringBuilder init = new StringBuilder();
        for (String imp : DEFAULT_IMPORTS) init.append("import ").append(imp).append(";\n");
        init.append("import static ").append(Notebook.class.getName()).append(".*;\n");
        return init.toString();
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    @Override
    public DisplayData eval(String code) throws Exception {
        try {
            Object result = evalRaw(code);
            if (result == null || isPrintResult(result)) return null;
            if (result instanceof DisplayData d) return d;
            return getRenderer().render(result);
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            // never let an Error reach basekernel's message loop: that kills the shell thread (kernel hangs)
            throw new KernelErrorException(t);
        }
    }

    /**
     * {@code System.out.printf(...)} / {@code .append(...)} as a cell's last line return the stream itself; IJava shows
     * it as {@code java.io.PrintStream@2a4b882a}, which is never what the author meant to display.
     */
    private static boolean isPrintResult(Object result) {
        return result instanceof java.io.PrintStream;
    }

    /** Evaluates a cell (magics included) and returns the raw value of its last expression, or null. */
    public Object evalRaw(String code) throws Exception {
        ensureStarted();
        evalDepth++;
        try {
            MagicTranspiler.CellMagicCall cellMagic = MagicTranspiler.parseCellMagic(code);
            if (cellMagic != null) {
                return magics.applyCellMagic(cellMagic.name(), cellMagic.args(), cellMagic.body());
            }
            List<String> unknown = MagicTranspiler.unknownLineMagics(code, magics::isLineMagic);
            if (!unknown.isEmpty()) throw magics.unknownLineMagic(unknown.get(0));
            return evalJava(MagicTranspiler.transpile(code, magics::isLineMagic));
        } finally {
            if (--evalDepth == 0) exec.clearResults();
        }
    }

    private Object evalJava(String code) throws Exception {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Object last = null;
        List<Snippet> pending = new ArrayList<>(); // declarations waiting for a later snippet of the cell
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            SourceCodeAnalysis.Completeness c = info.completeness();
            String source;
            if (c == SourceCodeAnalysis.Completeness.EMPTY) break;
            if (c.isComplete()) {
                source = info.source();
                remaining = info.remaining();
            } else if (c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                    || c == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                throw new IncompleteSourceException(remaining.strip());
            } else {
                source = remaining; // UNKNOWN: let the compiler say what is wrong
                remaining = "";
            }
            last = evalSnippet(source, pending);
        }
        for (Snippet s : pending) {
            if (!shell.status(s).isDefined()) {
                throw new CompilationException(s, shell.diagnostics(s).collect(Collectors.toList()),
                        shell.unresolvedDependencies(s instanceof jdk.jshell.DeclarationSnippet d ? d : null)
                                .collect(Collectors.toList()));
            }
        }
        return last;
    }

    private Object evalSnippet(String source, List<Snippet> pending) throws Exception {
        List<SnippetEvent> events = shell.eval(source);
        Object value = null;
        Exception failure = null;
        for (SnippetEvent ev : events) {
            if (ev.value() != null && exec.isResultKey(ev.value()) && ev.causeSnippet() != null) exec.takeResult(ev.value());
            if (ev.status() == Snippet.Status.OVERWRITTEN) releaseOverwritten(ev.snippet(), ev.causeSnippet());
            if (ev.causeSnippet() != null) continue;
            Snippet snippet = ev.snippet();
            Object v = exec.isResultKey(ev.value()) ? exec.takeResult(ev.value()) : null;
            JShellException ex = ev.exception();
            if (ex != null) { failure = ex; continue; }
            if (ev.status() == Snippet.Status.REJECTED) {
                failure = new CompilationException(snippet, shell.diagnostics(snippet).collect(Collectors.toList()), List.of());
                continue;
            }
            if (!ev.status().isDefined()) { pending.add(snippet); continue; }
            if (DISPLAYED_SUBKINDS.contains(snippet.subKind())) value = v;
        }
        if (failure != null) throw failure;
        return value;
    }

    /**
     * A redefined variable keeps its old value alive in its wrapper class: drop the snippet, clear its statics. Not
     * when the new snippet has the same wrapper class name (the same declaration evaluated again, e.g. a re-run cell):
     * loading that name gives the new class, and clearing it would null the value just assigned.
     */
    private void releaseOverwritten(Snippet snippet, Snippet replacement) {
        if (!(snippet instanceof VarSnippet) || classFullName == null) return;
        try {
            String name = (String) classFullName.invoke(snippet);
            if (name == null) return;
            if (replacement != null && name.equals(classFullName.invoke(replacement))) return;
            Class<?> wrapper = exec.loadClass(name);
            for (Field f : wrapper.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) && !Modifier.isFinal(m) && !f.getType().isPrimitive()) {
                    f.setAccessible(true);
                    f.set(null, null);
                }
            }
        } catch (Throwable ignored) {
            // best effort: without --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED the old value simply stays
        }
    }

    private static Method snippetClassNameAccessor() {
        try {
            Method m = Snippet.class.getDeclaredMethod("classFullName");
            m.setAccessible(true);
            return m;
        } catch (Throwable e) {
            return null;
        }
    }

    private void ensureStarted() throws Exception {
        if (started) return;
        started = true;
        for (String glob : config.startupScriptPaths()) {
            for (String file : expandGlob(glob, true)) evalRaw(Files.readString(Path.of(file)));
        }
        if (config.startupScript() != null && !config.startupScript().isBlank()) evalRaw(config.startupScript());
    }

    // ------------------------------------------------------------------------------------------------ classpath

    /** Adds a jar or class directory to JShell's compiler and runtime class path (once). */
    public void addToClasspath(String path) {
        String abs = Path.of(path).toAbsolutePath().normalize().toString();
        if (classpath.add(abs)) shell.addToClasspath(abs);
    }

    public List<String> getClasspath() { return List.copyOf(classpath); }

    /** Files (or, unless filesOnly, also directories) matching a glob; a plain existing path is returned as is. */
    static List<String> expandGlob(String glob, boolean filesOnly) {
        List<String> out = new ArrayList<>();
        if (glob == null || glob.isBlank()) return out;
        String g = glob.trim();
        if (!g.contains("*") && !g.contains("?") && !g.contains("[") && !g.contains("{") && !g.endsWith("/")) {
            Path p = Path.of(g);
            if (Files.isRegularFile(p) || (!filesOnly && Files.isDirectory(p))) out.add(p.toAbsolutePath().toString());
            return out;
        }
        try {
            GlobFinder finder = new GlobFinder(g.endsWith("/") ? g + "*" : g);
            for (Path p : filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()) {
                out.add(p.toAbsolutePath().toString());
            }
        } catch (IOException e) {
            // a missing base directory matches nothing
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ magics

    public MagicRegistry getMagics() { return magics; }

    MavenResolver maven() { return maven; }

    // ------------------------------------------------------------------------------------------------ errors

    @Override
    public List<String> formatError(Exception e) { return errors.format(e); }

    // ------------------------------------------------------------------------------------------------ protocol

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("Java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: LAST toolkit kernel (IJava-compatible, JShell)\n"
                + "Magics: " + magics.lineMagicNames().stream().map(n -> "%" + n).collect(Collectors.joining(" "));
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/index.html"));
    }

    @Override
    public String isComplete(String code) {
        if (MagicTranspiler.parseCellMagic(code) != null) return IS_COMPLETE_YES;
        String remaining = MagicTranspiler.transpile(code, magics::isLineMagic);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE: return "    ";
                case UNKNOWN: return IS_COMPLETE_BAD;
                case EMPTY: return IS_COMPLETE_YES;
                default: remaining = info.remaining();
            }
        }
        return IS_COMPLETE_YES;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        if (suggestions == null || suggestions.isEmpty()) return null;
        List<String> options = new ArrayList<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).map(SourceCodeAnalysis.Suggestion::continuation).distinct().forEach(options::add);
        suggestions.stream().filter(s -> !s.matchesType()).map(SourceCodeAnalysis.Suggestion::continuation)
                .filter(s -> !options.contains(s)).distinct().forEach(options::add);
        return new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String text = Inspection.describe(shell.sourceCodeAnalysis(), code, at,
                config.sourcePath().stream().map(java.nio.file.Path::of).toList());
        return text == null ? null : new DisplayData(text);
    }

    @Override
    public void interrupt() { exec.interruptAll(); }

    @Override
    public void onShutdown(boolean isRestarting) {
        try { shell.close(); } catch (Throwable ignored) { }
    }

    /** Per-statement timeout in ms (0 = none); IJAVA_TIMEOUT sets the initial value. */
    public void setTimeout(long amount, TimeUnit unit) { exec.setTimeoutMillis(unit.toMillis(amount)); }

    JShell shell() { return shell; }

    /** A compilation failure (or a declaration that stayed unresolved) of one snippet. */
    public static final class CompilationException extends Exception {
        private final transient Snippet snippet;
        private final transient List<Diag> diagnostics;
        private final List<String> unresolved;

        CompilationException(Snippet snippet, List<Diag> diagnostics, List<String> unresolved) {
            super(diagnostics.stream().map(d -> d.getMessage(Locale.ENGLISH)).collect(Collectors.joining("; "))
                    + (unresolved.isEmpty() ? "" : (diagnostics.isEmpty() ? "" : "; ") + "unresolved: " + String.join(", ", unresolved)));
            this.snippet = snippet;
            this.diagnostics = diagnostics;
            this.unresolved = unresolved;
        }

        public Snippet snippet() { return snippet; }
        public List<Diag> diagnostics() { return diagnostics; }
        public List<String> unresolved() { return unresolved; }
    }

    /** The cell ends in the middle of a statement. */
    public static final class IncompleteSourceException extends Exception {
        private final String source;

        IncompleteSourceException(String source) {
            super("Incomplete input: " + source);
            this.source = source;
        }

        public String getSource() { return source; }
    }

    /** Wraps an {@link Error} raised by the kernel itself (not by user code) so the kernel survives it. */
    public static final class KernelErrorException extends Exception {
        KernelErrorException(Throwable cause) {
            super(cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }
}
