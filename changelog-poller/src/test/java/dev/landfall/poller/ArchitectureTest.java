package dev.landfall.poller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** docs/architecture.md#code-conventions: decision code does not import Kafka, JDBC or AWS types. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.landfall.poller");

    @Test
    void filterAndSyncDecisionsStayFreeOfInfrastructure() {
        noClasses().that().resideInAPackage("..poller.filter..")
                .or().haveSimpleNameEndingWith("Planner")
                .or().haveSimpleNameEndingWith("Plan")
                .or().haveSimpleName("RejectedRow")
                .or().haveSimpleName("LedgerEntry")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.springframework.kafka..", "java.sql..", "javax.sql..",
                        "org.springframework.jdbc..", "jakarta.persistence..", "software.amazon..", "java.net.http..")
                .check(classes);
    }

    @Test
    void onlyTheUpstreamPackageSpeaksHttp() {
        noClasses().that().resideOutsideOfPackages("..poller.upstream..", "dev.landfall.poller")
                .should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .check(classes);
    }

    @Test
    void onlyTheOutboxAndWiringTouchKafka() {
        noClasses().that().resideOutsideOfPackages("..poller.outbox..", "dev.landfall.poller")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(classes);
    }

    @Test
    void negativeControlTheRuleCatchesAClassThatUsesJdbc() {
        assertThatThrownBy(() -> noClasses().that().haveSimpleName("Ledger")
                        .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..")
                        .check(classes))
                .isInstanceOf(AssertionError.class);
    }
}
