package dev.landfall.common.migration;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Applies the ledger migrations (Flyway) and exits: the Helm chart's pre-install/pre-upgrade Job.
 * It runs from any service image, choosing this main class with Boot's PropertiesLauncher:
 * {@code java -Dloader.main=dev.landfall.common.migration.MigrateOnlyApplication -cp app.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher}. Only auto-configuration runs (no
 * component scan), so no poller, fetcher or publisher starts.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MigrateOnlyApplication {

    private static final Logger log = LoggerFactory.getLogger(MigrateOnlyApplication.class);

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(MigrateOnlyApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(Map.of(
                "spring.flyway.enabled", "true",
                "spring.kafka.listener.auto-startup", "false",
                "spring.jpa.hibernate.ddl-auto", "none"));
        try (ConfigurableApplicationContext ignored = app.run(args)) {
            log.info("Ledger schema is up to date; exiting");
        }
    }
}
