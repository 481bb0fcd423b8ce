package last.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class MagicTranspilerTest {

    private static final Predicate<String> KNOWN = Set.of("jars", "classpath", "maven", "load")::contains;

    private static List<MagicTranspiler.LineMagicCall> magics(String cell) {
        return MagicTranspiler.findLineMagics(cell, KNOWN);
    }

    @Test
    void lineMagicAtLineStart() {
        List<MagicTranspiler.LineMagicCall> m = magics("%jars lib/*.jar other.jar\nint x = 1;");
        assertEquals(1, m.size());
        assertEquals("jars", m.get(0).name());
        assertEquals(List.of("lib/*.jar", "other.jar"), m.get(0).args());
        assertFalse(m.get(0).expression());
        String out = MagicTranspiler.transpile("  %jars a.jar\nint x = 1;", KNOWN);
        assertEquals("  last.kernel.Notebook.lineMagicStatement(\"jars\", java.util.List.of(\"a.jar\"));\nint x = 1;", out);
    }

    @Test
    void lineMagicAfterAssignmentIsAnExpression() {
        String out = MagicTranspiler.transpile("List<String> jars = %jars lib/*.jar;", KNOWN);
        assertEquals("List<String> jars = last.kernel.Notebook.lineMagic(\"jars\", java.util.List.of(\"lib/*.jar\"));", out);
        assertTrue(magics("var x = %classpath target/classes").get(0).expression());
        // comparison operators are not assignments
        assertTrue(magics("boolean b = a == %jars x").isEmpty());
        assertTrue(magics("boolean b = a <= %jars x").isEmpty());
    }

    @Test
    void textBlocksAreNotParsed() {
        String cell = "String s = \"\"\"\n%jars not/a/magic.jar\n%d items\n\"\"\";\n%jars real.jar";
        List<MagicTranspiler.LineMagicCall> m = magics(cell);
        assertEquals(1, m.size());
        assertEquals(List.of("real.jar"), m.get(0).args());
        String out = MagicTranspiler.transpile(cell, KNOWN);
        assertTrue(out.startsWith("String s = \"\"\"\n%jars not/a/magic.jar\n%d items\n\"\"\";\n"), out);
        // escaped quotes inside a text block do not end it
        assertTrue(magics("String s = \"\"\"\n a \\\"\"\" b\n%jars x.jar\n\"\"\";").isEmpty());
    }

    @Test
    void percentInsideStringsCharsAndCommentsIsIgnored() {
        assertTrue(magics("String s = \"= %jars x.jar\";").isEmpty());
        assertTrue(magics("String s = \"a\\\" = %jars x.jar\";").isEmpty());
        assertTrue(magics("char c = '='; // = %jars x.jar").isEmpty());
        assertTrue(magics("// %jars commented.jar\nint x = 1;").isEmpty());
        assertTrue(magics("/*\n%jars in/comment.jar\n*/").isEmpty());
        assertEquals(1, magics("/* c */\n%jars after.jar").size());
    }

    @Test
    void unknownMagicsAndModuloStayJava() {
        String cell = "int y = 17\n  %2;\n%foo bar\nint z = x %jars;";
        assertTrue(magics(cell).isEmpty());
        assertEquals(cell, MagicTranspiler.transpile(cell, KNOWN));
        assertTrue(magics("%jarsX a").isEmpty());
        assertTrue(magics("%jars(a)").isEmpty());
    }

    @Test
    void quotingOfArguments() {
        assertEquals(List.of("a b", "c", "", "d'e", "x\"y", "C:\\dir\\f.jar"),
                MagicTranspiler.splitArgs("\"a b\" c \"\" \"d'e\" 'x\"y' C:\\dir\\f.jar"));
        assertEquals(List.of("with\"quote", "back\\slash", "keep\\n"),
                MagicTranspiler.splitArgs("\"with\\\"quote\" \"back\\\\slash\" \"keep\\n\""));
        assertEquals(List.of("a b"), MagicTranspiler.splitArgs("a\\ b"));
        assertEquals(List.of(), MagicTranspiler.splitArgs("   "));
        // the generated Java is a valid literal for odd characters
        String out = MagicTranspiler.transpile("%load \"C:\\\\u0041 dir\\\\f \u00e9.java\"", KNOWN);
        assertTrue(out.contains("\"C:\\\\u0041 dir\\\\f \\u00e9.java\""), out);
    }

    @Test
    void cellMagic() {
        MagicTranspiler.CellMagicCall c = MagicTranspiler.parseCellMagic("\n%%loadFromPOM test\n<dependency/>\nmore");
        assertNotNull(c);
        assertEquals("loadFromPOM", c.name());
        assertEquals(List.of("test"), c.args());
        assertEquals("<dependency/>\nmore", c.body());
        assertNull(MagicTranspiler.parseCellMagic("int x = 1;\n%%loadFromPOM"));
        assertNull(MagicTranspiler.parseCellMagic("%jars a.jar"));
    }

    @Test
    void lineCountIsPreserved() {
        String cell = "%maven g:a:1\n%jars x.jar\nint a = 1;\nint b = 2;";
        String out = MagicTranspiler.transpile(cell, KNOWN);
        assertEquals(cell.split("\n", -1).length, out.split("\n", -1).length);
    }
}
