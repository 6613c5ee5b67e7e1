package dev.landfall.testsupport;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.SIMULATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import java.util.Arrays;

/**
 * Negative control for {@link MirrorInfrastructureIT}: a test registers only what it asked for.
 * Without S3 or filesystem storage (and without Kafka) the context has no {@code landfall.storage.*}
 * and no bootstrap servers, so a service needing them fails at start-up instead of talking to
 * another test's resources.
 */
@SpringJUnitConfig(MirrorInfrastructureWithoutStorageIT.NoBeans.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MirrorInfrastructureWithoutStorageIT {

    @RegisterExtension
    static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, SIMULATOR);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @Configuration
    static class NoBeans {
    }

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void onlyTheDatabaseAndUpstreamAreRegistered() {
        assertThat(infra.properties()).containsOnlyKeys("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "landfall.upstream.url");
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(infra.postgres().jdbcUrl());
        assertThat(environment.getProperty("landfall.upstream.url")).isEqualTo(infra.simulator().baseUrl());
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
        assertThat(environment.getPropertySources().stream()
                .filter(EnumerablePropertySource.class::isInstance)
                .flatMap(s -> Arrays.stream(((EnumerablePropertySource<?>) s).getPropertyNames())))
                .noneMatch(name -> name.startsWith("landfall.storage"));
    }

    @Test
    void aResourceNotAskedForCannotBeUsed() {
        assertThatThrownBy(infra::s3).isInstanceOf(IllegalStateException.class).hasMessageContaining("not asked for S3");
        assertThatThrownBy(infra::kafka).isInstanceOf(IllegalStateException.class).hasMessageContaining("not asked for KAFKA");
        assertThatThrownBy(infra::storageDirectory).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not asked for FILESYSTEM_STORAGE");
    }
}
