package dev.landfall.common.leader;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LeaderLockConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(LeaderLockConfiguration.class);

    @Test
    void postgresDatasourceGetsTheAdvisoryLock() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/none")
                .withBean(DataSource.class, PGSimpleDataSource::new)
                .run(ctx -> assertThat(ctx.getBean(LeaderLock.class)).isInstanceOf(PostgresAdvisoryLeaderLock.class));
    }

    @Test
    void h2DatasourceGetsTheInJvmLock() {
        runner.withBean(DataSource.class, () -> {
                    JdbcDataSource ds = new JdbcDataSource();
                    ds.setURL("jdbc:h2:mem:leader;MODE=PostgreSQL");
                    return ds;
                })
                .run(ctx -> assertThat(ctx.getBean(LeaderLock.class)).isInstanceOf(InJvmLeaderLock.class));
    }

    @Test
    void noDatasourceGetsTheInJvmLock() {
        runner.run(ctx -> assertThat(ctx.getBean(LeaderLock.class)).isInstanceOf(InJvmLeaderLock.class));
    }

    @Test
    void onlyPostgresUrlsCount() {
        assertThat(LeaderLockConfiguration.isPostgres("jdbc:postgresql://h/db")).isTrue();
        assertThat(LeaderLockConfiguration.isPostgres("jdbc:h2:mem:x;MODE=PostgreSQL")).isFalse();
    }
}
