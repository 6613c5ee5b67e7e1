package dev.landfall.fetcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Decisions and rendering are pure (they import no Kafka, JDBC, AWS or HTTP client types), and the feature packages
 * form no cycle (the fetch protocol sits in {@code protocol}, above {@code page}, {@code files} and {@code ledger}).
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.landfall.fetcher");

    private static final String[] INFRASTRUCTURE = {
            "org.apache.kafka..", "org.springframework.kafka..", "java.sql..", "javax.sql..", "org.springframework.jdbc..",
            "software.amazon..", "org.apache.hc..", "java.net.http..", "org.springframework.web.."};

    @Test
    void decisionAndRenderingClassesArePure() {
        noClasses().that().haveSimpleNameStartingWith("Freshness")
                .or().haveSimpleNameStartingWith("TombstoneDecision")
                .or().haveSimpleNameStartingWith("PageRenderer")
                .or().haveSimpleNameStartingWith("PageParser")
                .or().haveSimpleNameStartingWith("MirrorPage")
                .or().haveSimpleNameStartingWith("FileFilter")
                .or().haveSimpleNameStartingWith("Pep440")
                .or().haveSimpleNameStartingWith("FailureRouting")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
                .check(CLASSES);
    }

    @Test
    void onlyTheKafkaAndRetryPackagesSeeKafka() {
        noClasses().that().resideInAnyPackage("dev.landfall.fetcher.page..", "dev.landfall.fetcher.files..",
                        "dev.landfall.fetcher.ledger..", "dev.landfall.fetcher.upstream..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(CLASSES);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.landfall.fetcher.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void negativeControlTheCycleRuleCatchesACycle() {
        // The root package (wiring, properties, metrics) sees the features and is seen by them: counted as a slice
        // of its own, the same rule must find that cycle (FetcherConfiguration -> files.FileFilter -> FetcherMetrics)
        assertThatThrownBy(() -> slices().matching("dev.landfall.(**)").should().beFreeOfCycles().check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("files");
    }

    @Test
    void negativeControlTheRuleCatchesAnInfrastructureImport() {
        // EventForwarder does use Kafka: the same rule shape must fail for it
        assertThatThrownBy(() -> noClasses().that().haveSimpleName("EventForwarder")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE).check(CLASSES))
                .isInstanceOf(AssertionError.class);
    }
}
