package dev.landfall.common.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.ledger.LedgerTimes;
import dev.landfall.testsupport.PostgresDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The team views' read ports on both databases Landfall runs on: {@link ViewReads} ({@code team_view}, V55) and
 * {@link LedgerTimes} (W's time from {@code changelog_entry}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewTablesIT {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @RegisterExtension
    static final PostgresDatabase postgres = new PostgresDatabase();

    private final JdbcDataSource h2 = new JdbcDataSource();

    @BeforeAll
    void migrateBoth() {
        h2.setURL("jdbc:h2:mem:views_" + Long.toHexString(System.nanoTime())
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
    }

    Stream<Named<JdbcTemplate>> databases() {
        return Stream.of(Named.of("PostgreSQL", new JdbcTemplate(postgres.dataSource())),
                Named.of("H2 (PostgreSQL mode)", new JdbcTemplate(h2)));
    }

    @BeforeEach
    void emptyTables() {
        databases().forEach(db -> {
            db.getPayload().update("DELETE FROM team_view");
            db.getPayload().update("DELETE FROM changelog_entry");
        });
    }

    private static void view(JdbcTemplate jdbc, String name, String allow, String block, boolean pre, String platforms, long cooldown) {
        jdbc.update("INSERT INTO team_view (name, base, allow_patterns, block_patterns, exclude_prereleases, exclude_platforms,"
                + " cooldown_seconds, source, updated_at, updated_by) VALUES (?, 'pypi', ?, ?, ?, ?, ?, 'api', ?, 'test')",
                name, allow, block, pre, platforms, cooldown, Timestamp.from(T));
    }

    private static void entry(JdbcTemplate jdbc, long serial, Instant at) {
        jdbc.update("INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES (?, 'p', null, 'create', ?, ?)",
                serial, Timestamp.from(at), serial);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStoredViewReadsBackWithItsListsAndCooldown(JdbcTemplate jdbc) {
        view(jdbc, "team-b", "", "evil-*\ntypo", true, "win", 7 * 86_400);
        view(jdbc, "team-a", "django-*", "", false, "", 0);
        assertThat(new ViewReads(jdbc).all()).containsExactly(
                new ViewDefinition("team-a", "pypi", new ViewPolicy(List.of("django-*"), List.of(), false, List.of(), Duration.ZERO)),
                new ViewDefinition("team-b", "pypi", new ViewPolicy(List.of(), List.of("evil-*", "typo"), true, List.of("win"),
                        Duration.ofDays(7))));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aNegativeCooldownIsRefusedByTheTable(JdbcTemplate jdbc) {
        assertThatThrownBy(() -> view(jdbc, "bad", "", "", false, "", -1)).isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void wsTimeIsTheTimeOfTheGreatestLedgerSerialAtOrBelowW(JdbcTemplate jdbc) {
        LedgerTimes times = new LedgerTimes(jdbc);
        entry(jdbc, 10, T);
        entry(jdbc, 20, T.plusSeconds(37));
        assertThat(times.timeOf(19)).isEqualTo(T);
        assertThat(times.timeOf(20)).isEqualTo(T.plusSeconds(37));
        assertThat(times.timeOf(1_000)).isEqualTo(T.plusSeconds(37));
        assertThat(times.timeOf(9)).as("below every entry").isEqualTo(Instant.EPOCH);
    }

    @Test
    void aViewNameOrPatternThatCannotBeServedIsRefused() {
        assertThatThrownBy(() -> new ViewDefinition("Team_A", "pypi", ViewPolicy.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ViewDefinition("a--b", "pypi", ViewPolicy.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ViewDefinition("team-a", "npm", ViewPolicy.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ViewPolicy(List.of("a b"), List.of(), false, List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ViewDefinition("team-a", "pypi", ViewPolicy.NONE).name()).as("control").isEqualTo("team-a");
    }
}
