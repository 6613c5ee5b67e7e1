package dev.landfall.fetcher.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import dev.landfall.testsupport.PostgresDatabase;
import java.time.Instant;
import java.sql.Timestamp;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The fetcher's SQL on both databases the ledger runs on: PostgreSQL (deployments) and H2 (standalone). */
class PageVersionLedgerContractIT {

    @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

    abstract static class Contract {
        abstract DataSource dataSource();

        private PageVersionLedger ledger() {
            Flyway.configure().dataSource(dataSource()).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource());
            jdbc.update("DELETE FROM page_version");
            jdbc.update("DELETE FROM changelog_entry");
            return new PageVersionLedger(jdbc);
        }

        @Test
        void recordingIsIdempotent() {
            PageVersionLedger ledger = ledger();
            PageVersion row = new PageVersion(new ProjectName("demo"), 7, PageVersion.State.PRESENT, "pages/demo/7.html", "pages/demo/7.json",
                    2, 100, null, Instant.now());
            assertThat(ledger.isLanded(new ProjectName("demo"), 7)).isFalse();
            assertThat(ledger.record(row)).isTrue();
            assertThat(ledger.record(row)).isFalse();
            assertThat(ledger.isLanded(new ProjectName("demo"), 7)).isTrue();
            assertThat(ledger.record(PageVersion.tombstone(new ProjectName("demo"), 9, Instant.now()))).isTrue();
            assertThat(ledger.record(new PageVersion(new ProjectName("demo"), 12, PageVersion.State.PRESENT, "pages/demo/7.html",
                    "pages/demo/7.json", 2, 100, 7L, Instant.now()))).isTrue();
        }

        @Test
        void notFoundDecisionReadsTheLedger() {
            PageVersionLedger ledger = ledger();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource());
            insert(jdbc, 10, "demo", "new release");
            insert(jdbc, 20, "demo", "remove project");
            insert(jdbc, 30, "other", "remove project");
            assertThat(ledger.decideOnNotFound(new ProjectName("demo"), 20)).isEqualTo(new TombstoneDecision.Tombstone(20));
            assertThat(ledger.decideOnNotFound(new ProjectName("demo"), 10)).isEqualTo(new TombstoneDecision.Superseded(20));
            assertThat(ledger.decideOnNotFound(new ProjectName("other"), 10)).isEqualTo(new TombstoneDecision.Superseded(30));
            assertThat(ledger.decideOnNotFound(new ProjectName("third"), 10)).isInstanceOf(TombstoneDecision.Transient.class);
            assertThat(ledger.decideOnNotFound(new ProjectName("demo"), 25)).isInstanceOf(TombstoneDecision.Transient.class);
        }

        private static void insert(JdbcTemplate jdbc, long serial, String project, String action) {
            jdbc.update("INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES (?, ?, NULL, ?, ?, ?)",
                    serial, project, action, Timestamp.from(Instant.now()), serial);
        }
    }

    @Nested
    class OnPostgres extends Contract {
        @Override
        DataSource dataSource() {
            return db.dataSource();
        }
    }

    @Nested
    class OnH2 extends Contract {
        private final JdbcDataSource h2 = new JdbcDataSource();

        OnH2() {
            h2.setURL("jdbc:h2:mem:fetcher_" + Long.toHexString(System.nanoTime()) + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        }

        @Override
        DataSource dataSource() {
            return h2;
        }
    }
}
