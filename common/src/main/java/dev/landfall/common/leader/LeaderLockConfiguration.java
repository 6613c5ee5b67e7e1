package dev.landfall.common.leader;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link LeaderLock} bean shared by the changelog poller and the snapshot publisher: a
 * PostgreSQL advisory lock when the datasource is PostgreSQL ({@code jdbc:postgresql:…}), the
 * in-JVM lock otherwise (H2 in standalone, where only one process uses the database).
 */
@Configuration(proxyBeanMethods = false)
public class LeaderLockConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LeaderLockConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(LeaderLock.class)
    public LeaderLock leaderLock(ObjectProvider<DataSource> dataSource, Environment environment) {
        DataSource ds = dataSource.getIfAvailable();
        if (ds != null && isPostgres(jdbcUrl(ds, environment))) {
            return new PostgresAdvisoryLeaderLock(ds);
        }
        return new InJvmLeaderLock();
    }

    static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    private static String jdbcUrl(DataSource ds, Environment environment) {
        String configured = environment.getProperty("spring.datasource.url");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        // No URL property (e.g. an embedded or hand-built DataSource): ask the driver.
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            log.warn("Cannot read the datasource URL ({}); using the in-JVM leader lock", e.getMessage());
            return "";
        }
    }
}
