package last.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;

/**
 * Javadoc of library code from its sources, for shift-tab inspection. JShell's own documentation only reads the
 * JDK's {@code src.zip} (and a Debian JDK ships that only with {@code openjdk-17-source}), so for the toolkit and any
 * other library whose sources are on the kernel's source path ({@code IJAVA_SOURCEPATH}, our extension; the
 * kernelspec points it at the toolkit's {@code src/main/java}) we parse the source file with javac's tree API and
 * take the doc comment of the class, method (matching name and parameter count) or field that JShell's signature
 * names.
 */
final class SourceDocs {

    private SourceDocs() {}

    /** Parsed compilation units by file, reused across inspections (sources do not change while a kernel runs). */
    private static final Map<Path, Parsed> CACHE = new ConcurrentHashMap<>();

    private record Parsed(CompilationUnitTree unit, DocTrees trees) {}

    /**
     * The doc comment (as plain text) of what JShell's signature names, e.g. {@code "double last.norm.H2.norm(DiscreteSsm sys)"}
     * or {@code "last.score.StateScores"}, from the first source root that has its top-level class; null when none.
     */
    static String javadoc(List<Path> roots, String signature) {
        if (roots.isEmpty() || signature == null) return null;
        int paren = signature.indexOf('(');
        String head = (paren >= 0 ? signature.substring(0, paren) : signature).strip();
        if (paren < 0 && head.indexOf(':') > 0) head = head.substring(0, head.indexOf(':'));   // a field: "demo.Gain.REF:double"
        String[] words = head.split("\\s+");
        String name = words[words.length - 1];
        int params = paren >= 0 ? parameterCount(signature.substring(paren + 1, closing(signature, paren))) : -1;
        String[] parts = name.split("\\.");
        for (int top = parts.length; top >= 1; top--) {
            String file = String.join("/", java.util.Arrays.copyOfRange(parts, 0, top)) + ".java";
            for (Path root : roots) {
                Path source = root.resolve(file);
                if (!Files.isRegularFile(source)) continue;
                Parsed p = parse(source);
                if (p == null) return null;
                String doc = find(p, parts, top, params);
                return doc == null ? null : plain(doc);
            }
        }
        return null;
    }

    /** Finds the doc comment of parts[top-1] (the top-level class) and then nested classes / the member in parts[top..]. */
    private static String find(Parsed p, String[] parts, int top, int params) {
        TreePath cls = null;
        for (Tree t : p.unit().getTypeDecls())
            if (t instanceof ClassTree c && c.getSimpleName().contentEquals(parts[top - 1])) cls = new TreePath(new TreePath(p.unit()), c);
        if (cls == null) return null;
        for (int i = top; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            TreePath next = null;
            for (Tree m : ((ClassTree) cls.getLeaf()).getMembers()) {
                if (m instanceof ClassTree c && c.getSimpleName().contentEquals(parts[i]) && (!last || params < 0)) next = new TreePath(cls, m);
                else if (last && m instanceof MethodTree mt && (mt.getName().contentEquals(parts[i])
                        || mt.getName().contentEquals("<init>") && ((ClassTree) cls.getLeaf()).getSimpleName().contentEquals(parts[i]))
                        && (params < 0 || mt.getParameters().size() == params)) next = new TreePath(cls, m);
                else if (last && params < 0 && m instanceof VariableTree v && v.getName().contentEquals(parts[i])) next = new TreePath(cls, m);
                if (next != null) break;
            }
            if (next == null) return null;
            cls = next;
        }
        return p.trees().getDocComment(cls);
    }

    private static Parsed parse(Path source) {
        return CACHE.computeIfAbsent(source.toAbsolutePath().normalize(), f -> {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) return null;
            try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
                JavacTask task = (JavacTask) javac.getTask(null, fm, d -> { }, List.of("-proc:none"), null, fm.getJavaFileObjects(f));
                Iterable<? extends CompilationUnitTree> units = task.parse();
                for (CompilationUnitTree u : units) return new Parsed(u, DocTrees.instance(task));
                return null;
            } catch (IOException | RuntimeException e) {
                return null;   // an unreadable or unparsable source means "no Javadoc", never a failed inspection
            }
        });
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '<') depth++;
            else if ((c == ')' || c == '>') && --depth == 0) return i;
        }
        return s.length();
    }

    /** Parameters in "double a, Map<K, V> b" (commas inside generics do not count). */
    static int parameterCount(String list) {
        if (list.isBlank()) return 0;
        int depth = 0, n = 1;
        for (char c : list.toCharArray()) {
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) n++;
        }
        return n;
    }

    /** Javadoc markup to plain text: inline tags to their text, paragraphs to blank lines, other HTML tags dropped. */
    static String plain(String doc) {
        String s = doc.replaceAll("\\{@(?:code|literal)\\s+([^{}]*)}", "$1")
                .replaceAll("\\{@(?:link|linkplain)\\s+([^\\s{}]+)\\s+([^{}]+)}", "$2")
                .replaceAll("\\{@(?:link|linkplain)\\s+([^{}]+)}", "$1")
                .replaceAll("(?i)<p>", "\n")
                .replaceAll("(?i)<li>", "\n - ")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        List<String> lines = new ArrayList<>();
        for (String l : s.split("\n")) lines.add(l.strip());
        return String.join("\n", lines).replaceAll("\n{3,}", "\n\n").strip();
    }
}
