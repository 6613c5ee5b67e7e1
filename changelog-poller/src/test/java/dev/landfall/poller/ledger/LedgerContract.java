package dev.landfall.poller.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.ChangelogPollerApplication;
import dev.landfall.poller.PollerTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger's write contract, run on PostgreSQL and on H2 (PostgreSQL mode): entries, outbox rows
 * and the cursor commit together or not at all; replayed serials are harmless; bulk inserts are fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerContract {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private ConfigurableApplicationContext context;
    Ledger ledger;
    JdbcTemplate jdbc;

    /** spring.datasource.* of the database under test. */
    abstract Map<String, Object> datasource();

    @BeforeAll
    void startContext() {
        Map<String, Object> props = new HashMap<>(datasource());
        props.put("landfall.poller.enabled", "false");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.kafka.admin.auto-create", "false");
        context = new SpringApplicationBuilder(ChangelogPollerApplication.class)
                .web(WebApplicationType.NONE).run(PollerTestSupport.args(props));
        ledger = context.getBean(Ledger.class);
        jdbc = context.getBean(JdbcTemplate.class);
    }

    @AfterAll
    void stopContext() {
        context.close();
    }

    @BeforeEach
    void emptyLedger() {
        jdbc.update("DELETE FROM changelog_entry");
        jdbc.update("DELETE FROM changelog_outbox");
        jdbc.update("DELETE FROM poller_state");
    }

    private static LedgerEntry entry(long serial, String project) {
        return LedgerEntry.exact(new JournalEntry(serial, new ProjectName(project), "1.0", "new release", T));
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void initialSyncWritesEntriesOutboxAndStateTogether() {
        List<LedgerEntry> initial = List.of(LedgerEntry.initial(new ProjectName("a"), 5, 10, T),
                LedgerEntry.initial(new ProjectName("b"), 12, 10, T));
        assertThat(ledger.recordInitialSync(initial, 10, 12, 10)).isEqualTo(2);
        assertThat(count("changelog_entry")).isEqualTo(2);
        assertThat(count("changelog_outbox")).isEqualTo(2);
        PollerState state = ledger.state().orElseThrow();
        assertThat(state.cursorSerial()).isEqualTo(10);
        assertThat(state.ledgerFloor()).isEqualTo(12);
        assertThat(jdbc.queryForObject("SELECT accept_upto FROM changelog_entry WHERE serial = 5", Long.class)).isEqualTo(10);
    }

    @Test
    void replayingExistingSerialsIsHarmlessAndNotRepublished() {
        ledger.recordInitialSync(List.of(LedgerEntry.initial(new ProjectName("a"), 5, 10, T)), 10, 10, 10);
        jdbc.update("DELETE FROM changelog_outbox"); // as if published
        int inserted = ledger.recordChangelog(List.of(entry(5, "a"), entry(11, "a"), entry(11, "a")), 11, 11);
        assertThat(inserted).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT serial FROM changelog_outbox", Long.class)).containsExactly(11L);
        assertThat(jdbc.queryForObject("SELECT action FROM changelog_entry WHERE serial = 5", String.class))
                .as("the existing row is kept").isEqualTo("landfall initial sync");
        assertThat(ledger.state().orElseThrow().cursorSerial()).isEqualTo(11);
    }

    @Test
    void aFailingPageLeavesNoEntryNoOutboxRowAndTheCursorWhereItWas() {
        ledger.recordInitialSync(List.of(), 10, 10, 10);
        List<LedgerEntry> page = new ArrayList<>();
        for (int i = 1; i <= 1500; i++) {
            page.add(entry(10 + i, "p" + i));
        }
        // Too long for the version column: the database refuses the last chunk.
        page.add(new LedgerEntry(2000, new ProjectName("x"), "v".repeat(401), "new release", T, 2000));
        assertThatThrownBy(() -> ledger.recordChangelog(page, 2000, 2000)).isInstanceOf(RuntimeException.class);
        assertThat(count("changelog_entry")).isZero();
        assertThat(count("changelog_outbox")).isZero();
        assertThat(ledger.state().orElseThrow().cursorSerial()).isEqualTo(10);
        // negative control: the same page without the bad row commits
        page.remove(page.size() - 1);
        assertThat(ledger.recordChangelog(page, 1510, 1510)).isEqualTo(1500);
        assertThat(ledger.state().orElseThrow().cursorSerial()).isEqualTo(1510);
    }

    @Test
    void cursorNeverMovesBackwards() {
        ledger.recordInitialSync(List.of(), 10, 10, 10);
        ledger.recordChangelog(List.of(), 8, 8);
        assertThat(ledger.state().orElseThrow().cursorSerial()).isEqualTo(10);
    }

    @Test
    void initialSyncOf2000ProjectsIsFastInTheDatabase() {
        List<LedgerEntry> initial = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            initial.add(LedgerEntry.initial(new ProjectName("project-" + i), 1000 + i * 3L, 7000, T));
        }
        ledger.recordInitialSync(List.of(LedgerEntry.initial(new ProjectName("warm-up"), 1, 2, T)), 2, 2, 2);
        emptyLedger();
        long started = System.nanoTime();
        ledger.recordInitialSync(initial, 7000, 7000, 7000);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%s: initial sync of 2000 projects took %d ms in the database%n", getClass().getSimpleName(), millis);
        assertThat(count("changelog_entry")).isEqualTo(2000);
        // Generous bound for a shared 2-core machine; typically well under a second.
        assertThat(millis).isLessThan(3000);
    }
}
