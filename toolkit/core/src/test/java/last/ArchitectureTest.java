package last;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.*;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layering of the toolkit (package-info.java of each package says what it may import): the control-theory core
 * (ssm, stability, norm, score, prune) needs only EJML and the JDK, never DJL, Tablesaw, XChart or a package above it;
 * plot knows no other package of the toolkit; nothing below the command line imports it.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("last");

    static final String[] CORE = {"last.ssm..", "last.stability..", "last.norm..", "last.score..", "last.prune.."};

    static ArchRule mathCoreIsSelfContained() {
        return noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "tech.tablesaw..", "org.knowm..",
                        "last.model..", "last.train..", "last.data..", "last.experiment..", "last.figures..", "last.plot..", "last.cli..", "last.bench..")
                .because("the math core is usable without DJL and without the deep-learning layers above it");
    }

    @Test
    void theMathCoreDependsOnNothingAboveIt() { mathCoreIsSelfContained().check(MAIN); }

    @Test
    void theLayersOfTheCoreOnlyPointDown() {
        noClasses().that().resideInAPackage("last.ssm..").should().dependOnClassesThat()
                .resideInAnyPackage("last.stability..", "last.norm..", "last.score..", "last.prune..").check(MAIN);
        noClasses().that().resideInAPackage("last.stability..").should().dependOnClassesThat()
                .resideInAnyPackage("last.norm..", "last.score..", "last.prune..").check(MAIN);
        noClasses().that().resideInAPackage("last.norm..").should().dependOnClassesThat()
                .resideInAnyPackage("last.score..", "last.prune..").check(MAIN);
        noClasses().that().resideInAPackage("last.score..").should().dependOnClassesThat()
                .resideInAnyPackage("last.prune..").check(MAIN);
    }

    @Test
    void modelsAndTrainingDoNotReachIntoExperimentsPlotsOrTheCli() {
        noClasses().that().resideInAnyPackage("last.model..", "last.train..", "last.data..")
                .should().dependOnClassesThat().resideInAnyPackage("last.experiment..", "last.plot..", "last.cli..", "last.bench..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("last.model..", "last.data..")
                .should().dependOnClassesThat().resideInAnyPackage("last.train..").check(MAIN);
    }

    @Test
    void dataNeedsNoDeepLearningEngine() {
        // batches are plain arrays (last.data.Batch); last.model.BatchArrays makes tensors of them
        noClasses().that().resideInAPackage("last.data..").should().dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "last.model..", "last.score..", "last.prune..").check(MAIN);
    }

    @Test
    void plotKnowsNoOtherPackageOfTheToolkit() {
        noClasses().that().resideInAPackage("last.plot..").should().dependOnClassesThat()
                .resideInAnyPackage("last.ssm..", "last.stability..", "last.norm..", "last.score..", "last.prune..",
                        "last.model..", "last.train..", "last.experiment..", "last.figures..", "last.cli..", "last.bench..")
                .check(MAIN);
    }

    @Test
    void experimentsComputeAndFiguresDraw() {
        // experiments produce tables and values; drawing them is last.figures' job (on top), with last.plot's charts
        noClasses().that().resideInAnyPackage("last.experiment..", "last.model..", "last.train..", "last.data..")
                .should().dependOnClassesThat().resideInAnyPackage("last.plot..", "last.figures..", "org.knowm..")
                .check(MAIN);
    }

    @Test
    void noMainSourceFileIsOver500Lines() throws java.io.IOException {
        // small rooms (issue 16): every main source file of the three modules, run from toolkit/core
        java.util.List<String> big = new java.util.ArrayList<>();
        for (String root : new String[]{"src/main/java", "../math/src/main/java", "../kernel/src/main/java"}) {
            java.nio.file.Path dir = java.nio.file.Path.of(root);
            assertTrue(java.nio.file.Files.isDirectory(dir), dir.toAbsolutePath() + " is missing");
            try (var files = java.nio.file.Files.walk(dir)) {
                for (var f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    long n = java.nio.file.Files.readAllLines(f).size();
                    if (n > 500) big.add(f + " (" + n + " lines)");
                }
            }
        }
        assertTrue(big.isEmpty(), "split these files: " + big);
    }

    @Test
    void aDeliberateViolationIsCaught() {
        // the rule itself must be able to fail: a core class that uses DJL (this test's own fixture) is reported
        JavaClasses withViolation = new ClassFileImporter().importClasses(last.ssm.ArchitectureViolationFixture.class);
        AssertionError e = assertThrows(AssertionError.class, () -> mathCoreIsSelfContained().check(withViolation));
        assertTrue(e.getMessage().contains("ai.djl"), e.getMessage());
    }
}
