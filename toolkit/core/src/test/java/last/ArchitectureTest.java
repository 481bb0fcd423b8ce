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
                        "last.model..", "last.train..", "last.data..", "last.experiment..", "last.plot..", "last.cli..", "last.bench..")
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
                        "last.model..", "last.train..", "last.experiment..", "last.cli..", "last.bench..")
                .check(MAIN);
    }

    @Test
    void aDeliberateViolationIsCaught() {
        // the rule itself must be able to fail: a core class that uses DJL (this test's own fixture) is reported
        JavaClasses withViolation = new ClassFileImporter().importClasses(last.ssm.ArchitectureViolationFixture.class);
        AssertionError e = assertThrows(AssertionError.class, () -> mathCoreIsSelfContained().check(withViolation));
        assertTrue(e.getMessage().contains("ai.djl"), e.getMessage());
    }
}
