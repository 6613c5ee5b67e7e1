package dev.landfall.fetcher.it;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.FetcherProperties;
import dev.landfall.fetcher.InMemoryBlobStore;
import dev.landfall.fetcher.files.FileFilter;
import dev.landfall.fetcher.files.FileLanding;
import dev.landfall.fetcher.files.Pep440;
import dev.landfall.fetcher.ledger.PageVersionLedger;
import dev.landfall.fetcher.page.Representation;
import dev.landfall.fetcher.page.SyncAttempt;
import dev.landfall.fetcher.page.UpstreamPages;
import dev.landfall.fetcher.protocol.FetchProtocol;
import dev.landfall.fetcher.protocol.SyncOutcome;
import dev.landfall.fetcher.upstream.FileIntegrityException;
import dev.landfall.fetcher.upstream.ProjectNotFoundException;
import dev.landfall.fetcher.upstream.StalePageException;
import dev.landfall.fetcher.upstream.UpstreamClient;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fetch protocol on its own (no Kafka): real PostgreSQL for the ledger, the simulator as upstream, a fake of our
 * own BlobStore port. Stall breaker, idempotency, tombstones, hash mismatches and filters.
 */
class FetchProtocolIT {

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES)
            .withSimulator(SimulatorConfig.builder().seed(11).projects(30).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    private static JdbcTemplate jdbc;
    private InMemoryBlobStore store;
    private SimpleMeterRegistry registry;
    private UpstreamClient client;

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(infra.postgres().dataSource()).load().migrate();
        jdbc = new JdbcTemplate(infra.postgres().dataSource());
    }

    @BeforeEach
    void fresh() {
        jdbc.update("DELETE FROM page_version");
        jdbc.update("DELETE FROM changelog_entry");
        store = new InMemoryBlobStore();
        registry = new SimpleMeterRegistry();
        infra.simulator().get().setFaults(Faults.none());
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static FetcherProperties properties(Duration stallGrace) {
        return new FetcherProperties("landfall-fetcher", 4, 1, 100, Duration.ofMinutes(15), 1, Duration.ofMillis(10), List.of(Duration.ofSeconds(1)),
                1, 1, stallGrace, "", DataSize.ofMegabytes(64), DataSize.ofMegabytes(1));
    }

    private FetchProtocol protocol(Duration stallGrace, FilterProperties filters) {
        FetcherProperties p = properties(stallGrace);
        UpstreamProperties up = new UpstreamProperties(URI.create(infra.simulator().baseUrl()), "landfall-test", Duration.ofSeconds(5), Duration.ofSeconds(30));
        client = new UpstreamClient(up, p);
        FetcherMetrics metrics = new FetcherMetrics(registry);
        return new FetchProtocol(new UpstreamPages(client, up), new FileFilter(filters), new FileLanding(store, client, metrics, p),
                store, new PageVersionLedger(jdbc), metrics, p, Clock.systemUTC());
    }

    private FetchProtocol protocol(Duration stallGrace) {
        return protocol(stallGrace, new FilterProperties(List.of(), List.of(), false, List.of(), DataSize.ofBytes(0)));
    }

    private static ChangelogEvent event(String project, long serial, String action) {
        return new ChangelogEvent(ChangelogEvent.SCHEMA_VERSION, serial, project, null, action, Instant.now(), false);
    }

    private Map.Entry<String, OracleState.OracleProject> someProjectWithFiles() {
        return infra.simulator().get().oracle(infra.simulator().get().lastSerial()).projects().entrySet().stream()
                .filter(e -> e.getValue().files().size() > 1).findFirst().orElseThrow();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void aReplayedEventIsANoOpWithoutDownloading() {
        var p = someProjectWithFiles();
        FetchProtocol protocol = protocol(Duration.ZERO);
        SyncOutcome first = protocol.sync(event(p.getKey(), p.getValue().serial(), "new release"), SyncAttempt.firstDelivery());
        assertThat(first).isInstanceOf(SyncOutcome.Landed.class);
        int puts = store.verifiedPuts.get();
        assertThat(puts).isGreaterThan(0);
        SyncOutcome again = protocol.sync(event(p.getKey(), p.getValue().serial(), "new release"), SyncAttempt.firstDelivery());
        assertThat(again).isEqualTo(new SyncOutcome.AlreadyLanded(p.getValue().serial()));
        assertThat(store.verifiedPuts.get()).isEqualTo(puts);
        // an older event of the same project is satisfied by the same stamp: no-op as well
        assertThat(protocol.sync(event(p.getKey(), p.getValue().serial() - 1, "new release"), SyncAttempt.firstDelivery()))
                .isEqualTo(new SyncOutcome.AlreadyLanded(p.getValue().serial()));
    }

    @Test
    void theHtmlPageCompletedFromTheJsonApiGivesTheSamePageAsPep691Json() throws Exception {
        var p = someProjectWithFiles();
        SyncAttempt htmlAttempt = SyncAttempt.retry(0, Instant.now());   // odd attempts ask for the HTML representation
        htmlAttempt.next();
        assertThat(htmlAttempt.representation()).isEqualTo(Representation.SIMPLE_HTML);
        assertThat(protocol(Duration.ZERO).sync(event(p.getKey(), p.getValue().serial(), "new release"), htmlAttempt))
                .isInstanceOf(SyncOutcome.Landed.class);
        MirrorChecks checks = new MirrorChecks(jdbc, store, infra.simulator().get());
        assertThat(checks.pagesEqualOracle(checks.rows())).isEmpty();
    }

    @Test
    void aPageOlderThanTheEventIsNeverRecorded() {
        var p = someProjectWithFiles();
        long future = p.getValue().serial() + 1000;   // a serial upstream never stamps this page with
        assertThatThrownBy(() -> protocol(Duration.ZERO).sync(event(p.getKey(), future, "new release"), SyncAttempt.firstDelivery()))
                .isInstanceOf(StalePageException.class).hasMessageContaining(p.getKey() + "@" + future);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM page_version", Integer.class)).isZero();
        assertThat(counter("landfall.fetcher.stale.retries")).isEqualTo(1);
    }

    @Test
    void stallBreakerRecordsTheEntryRelaxedFromTheStampItHasAfterTheGracePeriod() {
        var p = someProjectWithFiles();
        long stamp = p.getValue().serial();
        long never = stamp + 1000;
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(31));
        // negative controls: within the grace period, or with the breaker disabled, the stale page is not recorded
        assertThatThrownBy(() -> protocol(Duration.ofMinutes(30)).sync(event(p.getKey(), never, "new release"),
                SyncAttempt.retry(0, Instant.now().minus(Duration.ofMinutes(29))))).isInstanceOf(StalePageException.class);
        assertThatThrownBy(() -> protocol(Duration.ZERO).sync(event(p.getKey(), never, "new release"), SyncAttempt.retry(0, longAgo)))
                .isInstanceOf(StalePageException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM page_version", Integer.class)).isZero();

        SyncAttempt attempt = SyncAttempt.retry(0, longAgo);
        attempt.next();
        SyncOutcome outcome = protocol(Duration.ofMinutes(30)).sync(event(p.getKey(), never, "new release"), attempt);
        assertThat(outcome).isInstanceOf(SyncOutcome.Landed.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM page_version WHERE project = ?", p.getKey());
        assertThat(((Number) row.get("serial")).longValue()).isEqualTo(never);
        assertThat(((Number) row.get("relaxed_from")).longValue()).isEqualTo(stamp);
        // The page objects sit where readers look for them: under the recorded serial, not the page's older stamp.
        assertThat(row.get("json_key")).isEqualTo(StorageKeys.pageJson(new ProjectName(p.getKey()), never));
        assertThat(row.get("html_key")).isEqualTo(StorageKeys.pageHtml(new ProjectName(p.getKey()), never));
        assertThat(store.stat((String) row.get("json_key"))).isPresent();
        assertThat(store.stat((String) row.get("html_key"))).isPresent();
        assertThat(counter("landfall.fetcher.stall.relaxed")).isEqualTo(1);
    }

    @Test
    void aCorruptFileLeavesNothingAndIsNeverPublished() {
        var p = someProjectWithFiles();
        infra.simulator().get().setFaults(Faults.builder().corruptRate(1.0).build());
        assertThatThrownBy(() -> protocol(Duration.ZERO).sync(event(p.getKey(), p.getValue().serial(), "new release"),
                SyncAttempt.firstDelivery())).isInstanceOf(FileIntegrityException.class);
        assertThat(store.list("packages/")).isEmpty();
        assertThat(store.list("pages/")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM page_version", Integer.class)).isZero();
        // files of a page land concurrently: every download in flight when the first mismatch is seen counts its own
        assertThat(counter("landfall.fetcher.hash.mismatches")).isBetween(1.0, (double) p.getValue().files().size());
    }

    @Test
    void notFoundIsATombstoneOnlyForARemovalEntry() throws Exception {
        JournalEntry removal = findRemoval();
        String project = removal.project().value();
        FetchProtocol protocol = protocol(Duration.ZERO);
        // no ledger entry yet: transient
        assertThatThrownBy(() -> protocol.sync(event(project, removal.serial(), removal.action()), SyncAttempt.firstDelivery()))
                .isInstanceOf(ProjectNotFoundException.class);
        insertLedger(removal.serial(), project, "remove project");
        assertThat(protocol.sync(event(project, removal.serial(), removal.action()), SyncAttempt.firstDelivery()))
                .isEqualTo(new SyncOutcome.Tombstoned(removal.serial()));
        assertThat(jdbc.queryForObject("SELECT state FROM page_version WHERE project = ? AND serial = ?", String.class, project,
                removal.serial())).isEqualTo("DELETED");
        // an earlier event of the removed project, answered 404: superseded by the removal
        insertLedger(removal.serial() - 1, project, "new release");
        assertThat(protocol.sync(event(project, removal.serial() - 1, "new release"), SyncAttempt.firstDelivery()))
                .isEqualTo(new SyncOutcome.Superseded(removal.serial()));
    }

    @Test
    void preReleasesAreNeitherListedNorDownloadedWhenExcluded() throws Exception {
        var withPre = infra.simulator().get().oracle(infra.simulator().get().lastSerial()).projects().entrySet().stream()
                .filter(e -> e.getValue().files().stream().anyMatch(f -> Pep440.isPrerelease(f.version()))
                        && e.getValue().files().stream().anyMatch(f -> !Pep440.isPrerelease(f.version())))
                .findFirst().orElseThrow();
        FetchProtocol protocol = protocol(Duration.ZERO, new FilterProperties(List.of(), List.of(), true, List.of(), DataSize.ofBytes(0)));
        protocol.sync(event(withPre.getKey(), withPre.getValue().serial(), "new release"), SyncAttempt.firstDelivery());
        JsonNode page = JsonMapper.builder().build().readTree(store.readAllBytes(
                StorageKeys.pageJson(new ProjectName(withPre.getKey()), withPre.getValue().serial())));
        for (OracleState.OracleFile f : withPre.getValue().files()) {
            boolean listed = page.path("files").toString().contains("\"" + f.filename() + "\"");
            boolean stored = store.stat(f.url().substring(1)).isPresent();
            assertThat(listed).as(f.filename()).isEqualTo(!Pep440.isPrerelease(f.version()));
            assertThat(stored).as(f.filename()).isEqualTo(!Pep440.isPrerelease(f.version()));
        }
        for (JsonNode v : page.path("versions")) {
            assertThat(Pep440.isPrerelease(v.asString())).as(v.asString()).isFalse();
        }
    }

    private JournalEntry findRemoval() throws Exception {
        SimulatorChangelog changelog = new SimulatorChangelog(infra.simulator().baseUrl());
        for (int i = 0; i < 40; i++) {
            List<JournalEntry> removals = changelog.since(0).stream().filter(JournalEntry::isProjectRemoval).toList();
            if (!removals.isEmpty()) {
                return removals.get(0);
            }
            infra.simulator().get().advance(100);
        }
        throw new AssertionError("the simulator removed no project");
    }

    private static void insertLedger(long serial, String project, String action) {
        jdbc.update("INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES (?, ?, NULL, ?, ?, ?)",
                serial, project, action, Timestamp.from(Instant.now()), serial);
    }
}
