package dev.landfall.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * docs/decisions/008: the admin server is its own deployable that reaches the other services only through the
 * database, storage and Kafka, never through their code; inside it, the features are packages and the gate in
 * {@code auth} knows none of them.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.landfall.admin");

    @Test
    void theAdminServerDependsOnNoOtherServicesCode() {
        noClasses().that().resideInAPackage("dev.landfall.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.landfall.index..", "dev.landfall.poller..",
                        "dev.landfall.fetcher..", "dev.landfall.standalone..")
                .check(classes);
    }

    @Test
    void onlyReplayAndDeadLettersTalkToKafka() {
        noClasses().that().resideInAnyPackage("..admin.verify..", "..admin.gc..", "..admin.auth..", "..admin.view..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(classes);
    }

    @Test
    void theGateKnowsNoFeature() {
        noClasses().that().resideInAPackage("..admin.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("..admin.replay..", "..admin.verify..",
                        "..admin.deadletter..", "..admin.gc..", "..admin.view..", "org.springframework.jdbc..")
                .check(classes);
    }

    @Test
    void negativeControlTheRuleCatchesAFeatureThatUsesKafka() {
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("..admin.deadletter..")
                        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                        .check(classes))
                .isInstanceOf(AssertionError.class);
    }
}
