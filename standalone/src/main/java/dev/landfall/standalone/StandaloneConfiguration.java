package dev.landfall.standalone;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** Standalone-only beans: the console progress report. */
@Configuration(proxyBeanMethods = false)
class StandaloneConfiguration {

    @Bean
    SyncProgressReporter syncProgressReporter(JdbcTemplate jdbc, Environment environment) {
        return new SyncProgressReporter(jdbc, environment.getProperty("server.port", Integer.class, 8080));
    }
}
