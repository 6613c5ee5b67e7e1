package dev.landfall.poller;

import static dev.landfall.poller.PollerTestSupport.cursor;
import static dev.landfall.poller.PollerTestSupport.floor;
import static dev.landfall.poller.PollerTestSupport.ledger;
import static dev.landfall.poller.PollerTestSupport.outboxSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.journal.ActionKind;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.PollerTestSupport.Row;
import dev.landfall.poller.metrics.PollerMetrics.ErrorKind;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.upstream.UpstreamJournalRow;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.KafkaBroker;
import dev.landfall.testsupport.PostgresDatabase;
import dev.landfall.testsupport.Simulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Initial sync, then the changelog, against the simulator: the ledger is upstream's journal (filtered),
 * the cursor is upstream's last serial, and every entry is on the topic once, keyed by its project.
 */
@SpringBootTest(classes = ChangelogPollerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.banner-mode=off")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PollerSimulatorIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @RegisterExtension
    static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(7).projects(200).changelogPageSize(50).build());

    /** Projects left out by the block filter: every name starting with one of these letters. */
    private static final List<String> BLOCKED = List.of("a*", "m*");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        db.register(r);
        kafka.register(r);
        sim.register(r);
        PollerTestSupport.fastPoller().forEach((k, v) -> r.add(k, () -> v));
        r.add("landfall.filter.block", () -> String.join(",", BLOCKED));
    }

    @Autowired
    PollerMetrics metrics;

    @LocalServerPort
    int port;

    private static boolean blocked(String project) {
        return BLOCKED.stream().anyMatch(b -> project.startsWith(b.substring(0, 1)));
    }

    @Test
    @Order(1)
    void initialSyncRecordsOneEntryPerMirroredProjectAtItsListedSerial() {
        long s0 = sim.get().lastSerial();
        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(db.dataSource()) != null);

        Map<String, Long> listed = new HashMap<>();
        new UpstreamRows(sim.get().baseUrl()).listing().forEach((name, serial) -> {
            String p = ProjectName.of(name).value();
            if (!blocked(p)) {
                listed.put(p, serial);
            }
        });
        List<Row> initial = ledger(db.dataSource()).stream()
                .filter(r -> r.action().equals(ActionKind.INITIAL_ACTION)).toList();
        assertThat(initial).hasSize(listed.size());
        assertThat(initial).allSatisfy(r -> {
            assertThat(r.serial()).isEqualTo(listed.get(r.project()));
            assertThat(r.version()).isNull();
            assertThat(r.acceptUpto()).isEqualTo(Math.max(r.serial(), s0));
        });
        assertThat(initial).as("negative control: the filter really removed projects")
                .noneMatch(r -> blocked(r.project()));
        assertThat(listed.size()).isLessThan(new UpstreamRows(sim.get().baseUrl()).listing().size());
        // docs/architecture.md#initial-sync: floor = max(S0, max listed); cursor = S0.
        assertThat(floor(db.dataSource())).isEqualTo(Math.max(s0, listed.values().stream().mapToLong(Long::longValue).max().orElse(0)));
        assertThat(cursor(db.dataSource())).isEqualTo(s0);
    }

    @Test
    @Order(2)
    void changelogEntriesAfterS0AreRecordedExactlyAndTheCursorFollowsUpstream() {
        long s0 = cursor(db.dataSource());
        long last = sim.get().advance(400); // > 50 per call: several capped pages
        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(db.dataSource()) == last);

        List<UpstreamJournalRow> upstream = new UpstreamRows(sim.get().baseUrl()).since(s0);
        assertThat(upstream).hasSizeGreaterThan(50);
        List<Row> expected = upstream.stream()
                .filter(u -> !blocked(ProjectName.of(u.name()).value()))
                .map(u -> new Row(u.serial(), ProjectName.of(u.name()).value(), u.version(), u.action(), u.serial()))
                .toList();
        List<Row> recorded = ledger(db.dataSource()).stream().filter(r -> r.serial() > s0).toList();
        assertThat(recorded).containsExactlyElementsOf(expected);
        assertThat(metrics.errors(ErrorKind.MALFORMED_ANSWER)).isZero();
    }

    @Test
    @Order(3)
    void everyProjectsNewestLedgerSerialIsItsUpstreamSerial() {
        long w = cursor(db.dataSource());
        OracleState oracle = sim.get().oracle(w);
        Map<String, Long> newest = ledger(db.dataSource()).stream()
                .collect(Collectors.toMap(Row::project, Row::serial, Math::max));
        oracle.projects().forEach((project, state) -> {
            if (!blocked(project)) {
                assertThat(newest.get(project)).as(project).isEqualTo(state.serial());
            }
        });
        assertThat(newest.keySet()).noneMatch(PollerSimulatorIT::blocked);
    }

    @Test
    @Order(4)
    void everyLedgerEntryIsPublishedOnceKeyedByItsProject() {
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxSize(db.dataSource()) == 0);
        List<Row> rows = ledger(db.dataSource());
        List<ConsumerRecord<String, byte[]>> records = PollerTestSupport.readTopic(kafka.bootstrapServers(), rows.size());
        assertThat(records).hasSize(rows.size());
        Map<Long, Row> bySerial = rows.stream().collect(Collectors.toMap(Row::serial, r -> r));
        Set<Long> seen = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ChangelogEvent event = PollerTestSupport.decode(record);
            Row row = bySerial.get(event.serial());
            assertThat(row).as("serial %d is in the ledger", event.serial()).isNotNull();
            assertThat(record.key()).isEqualTo(row.project()).isEqualTo(event.project());
            assertThat(event.version()).isEqualTo(row.version());
            assertThat(event.action()).isEqualTo(row.action());
            assertThat(event.replay()).isFalse();
            assertThat(seen.add(event.serial())).as("serial %d published once", event.serial()).isTrue();
        }
        assertThat(seen).isEqualTo(bySerial.keySet());
        assertThat(metrics.publishedTotal()).isEqualTo(rows.size());
        assertThat(metrics.isLeader()).isTrue();
    }

    @Test
    @Order(5)
    void pollerMetricsAreExposedForPrometheus() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("landfall_poller_cursor ", "landfall_poller_ledger_floor ",
                "landfall_poller_upstream_last_serial ", "landfall_poller_outbox_size ", "landfall_poller_leader 1.0",
                "landfall_poller_events_published_total ");
    }
}
