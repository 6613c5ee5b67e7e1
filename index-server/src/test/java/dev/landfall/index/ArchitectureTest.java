package dev.landfall.index;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md#code-conventions: decisions are pure; the hot path never touches the database; docs/decisions/008: the index
 * server publishes and serves only — the admin API and Kafka live in the admin server.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.landfall.index");

    @Test
    void servabilityIsPure() {
        noClasses().that().resideInAPackage("..index.servability..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "org.eclipse.jetty..", "java.io..", "java.net..", "software.amazon..", "dev.landfall.common.storage..")
                .check(classes);
    }

    @Test
    void theHotPathDoesNotTouchTheDatabase() {
        noClasses().that().resideInAPackage("..index.http..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..",
                        "jakarta.persistence..", "dev.landfall.index.publish..")
                .check(classes);
    }

    @Test
    void theIndexServerDoesNotDependOnTheAdminServerNorOnKafka() {
        noClasses().that().resideInAPackage("dev.landfall.index..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.landfall.admin..", "org.apache.kafka..",
                        "org.springframework.kafka..", "org.springframework.boot.kafka..")
                .check(classes);
    }

    @Test
    void thePublisherDoesNotDependOnHttp() {
        noClasses().that().resideInAPackage("..index.publish..")
                .should().dependOnClassesThat().resideInAnyPackage("..index.http..", "org.eclipse.jetty..")
                .check(classes);
    }

    /** docs/architecture.md#code-conventions "decisions are pure": a view's policy decides from W's content and W's time only. */
    @Test
    void aViewsPolicyDecisionIsPure() {
        noClasses().that().haveFullyQualifiedName("dev.landfall.index.view.PolicyDecision")
                .or().haveFullyQualifiedName("dev.landfall.index.view.Eligibility")
                .or().haveFullyQualifiedName("dev.landfall.index.view.DistFilename")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "org.eclipse.jetty..", "java.io..", "java.net..", "software.amazon..", "dev.landfall.common.storage..",
                        "dev.landfall.common.ledger..")
                .check(classes);
    }

    /**
     * Views are derived, not served, here: the view package reads the database only through common's read ports and
     * knows no HTTP (its handler lives in the http package with the rest of the hot path).
     */
    @Test
    void teamViewsTouchNeitherTheDatabaseDirectlyNorHttp() {
        noClasses().that().resideInAPackage("..index.view..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..",
                        "jakarta.persistence..", "dev.landfall.index.publish..", "dev.landfall.index.http..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void negativeControlTheViewRuleCatchesAForbiddenDependency() {
        // The view package reads team_view through common's port: forbidding that package must fail.
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("..index.view..")
                        .should().dependOnClassesThat().resideInAnyPackage("dev.landfall.common.view..")
                        .check(classes))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void negativeControlTheRuleCatchesAServingPackageThatDependsOnAForbiddenPackage() {
        // The catalog reads the snapshot table through common's port: forbidding that package must fail.
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("..index.snapshot..")
                        .should().dependOnClassesThat().resideInAnyPackage("dev.landfall.common.snapshot..")
                        .check(classes))
                .isInstanceOf(AssertionError.class);
    }
}
