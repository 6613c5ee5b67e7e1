package dev.landfall.fetcher.it;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.Topics;
import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.fetcher.FetcherApplication;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fetcher against real PostgreSQL, Kafka, an S3 API server and the simulator with CDN faults on, the ledger
 * seeded and the events published by the test itself from the simulator's XML-RPC changelog (no poller).
 */
@SpringBootTest(classes = FetcherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "landfall.fetcher.concurrency=16",
        "landfall.fetcher.in-process-attempts=3",
        "landfall.fetcher.in-process-backoff=50ms",
        "landfall.fetcher.retry-delays=500ms,1s,2s,3s,5s",
        "landfall.fetcher.stall-grace=0",
        "landfall.fetcher.max-poll-records=200"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FetcherIT {

    private static final Logger log = LoggerFactory.getLogger(FetcherIT.class);


    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(7).projects(120).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired BlobStore store;
    @Autowired FetcherMetrics metrics;
    @Autowired @Qualifier("fetcherKafkaTemplate") KafkaTemplate<String, byte[]> template;

    private static final Faults FAULTS = Faults.builder().staleProbability(0.3).staleWindow(Duration.ofSeconds(2))
            .serverErrorRate(0.05).corruptRate(0.02).truncateRate(0.02).build();

    @Test
    @Order(1)
    void everyEventLandsAtTheRightStampAndEqualsTheOracleDespiteFaults() throws Exception {
        infra.simulator().get().setFaults(FAULTS);
        MirrorChecks checks = new MirrorChecks(jdbc, store, infra.simulator().get());
        SimulatorChangelog changelog = new SimulatorChangelog(infra.simulator().baseUrl());
        List<Long> rounds = new ArrayList<>();
        long cursor = 0;
        List<MirrorChecks.Row> before = List.of();
        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                infra.simulator().get().advance(150);
            }
            List<JournalEntry> entries = changelog.since(cursor);
            assertThat(entries).isNotEmpty();
            cursor = entries.get(entries.size() - 1).serial();
            rounds.add(cursor);
            Map<String, Long> minEvent = new HashMap<>();
            entries.forEach(e -> minEvent.merge(e.project().value(), e.serial(), Math::min));
            long started = System.nanoTime();
            seedLedgerAndPublish(entries);
            OracleState now = infra.simulator().get().oracle(cursor);
            Map<String, Long> expected = expectedLastRows(entries, now);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> missing(expected).isEmpty());
            log.info("round {}: {} events of {} projects landed in {} ms; so far {} files, {} bytes, {} stale answers, {} retries scheduled",
                    round, entries.size(), minEvent.size(), (System.nanoTime() - started) / 1_000_000,
                    counter("landfall.fetcher.files.downloaded"), counter("landfall.fetcher.bytes.downloaded"),
                    counter("landfall.fetcher.stale.retries"), counter("landfall.fetcher.retries.scheduled"));
            List<MirrorChecks.Row> after = checks.rows();
            // docs/architecture.md#fetch-protocol step 2: a stale page is never recorded
            assertThat(MirrorChecks.noStaleRows(before, after, minEvent)).isEmpty();
            before = after;
        }
        List<MirrorChecks.Row> rows = checks.rows();
        assertThat(rows).hasSizeGreaterThan(120);
        assertThat(checks.pagesEqualOracle(rows)).isEmpty();
        List<Long> serials = new ArrayList<>(rows.stream().map(MirrorChecks.Row::serial).distinct().toList());
        serials.addAll(rounds);
        assertThat(checks.blobsHashCorrectly(serials)).isEmpty();
        assertThat(metrics.deadLetterCount()).isZero();
    }

    @Test
    @Order(2)
    void negativeControlsTheChecksCatchWrongPagesStaleRowsAndCorruptBlobs() throws Exception {
        MirrorChecks checks = new MirrorChecks(jdbc, store, infra.simulator().get());
        List<MirrorChecks.Row> rows = checks.rows();
        MirrorChecks.Row present = rows.stream().filter(r -> r.state().equals("PRESENT")).findFirst().orElseThrow();
        // a page recorded under another serial than its stamp does not equal the oracle
        MirrorChecks.Row shifted = new MirrorChecks.Row(present.project(), present.serial() + 1, "PRESENT", present.jsonKey(),
                present.htmlKey(), null);
        assertThat(checks.pagesEqualOracle(List.of(shifted))).isNotEmpty();
        // a row older than the event that produced it is flagged as stale
        assertThat(MirrorChecks.noStaleRows(List.of(), List.of(present), Map.of(present.project(), present.serial() + 1))).isNotEmpty();
        // a corrupt blob is found by re-hashing
        String key = store.list("packages/").get(0).key();
        byte[] original = store.readAllBytes(key);
        byte[] corrupt = original.clone();
        corrupt[0] ^= 1;
        store.put(key, new ByteArrayInputStream(corrupt));
        try {
            assertThat(checks.blobsHashCorrectly(List.of(infra.simulator().get().lastSerial()))).isNotEmpty();
        } finally {
            store.put(key, new ByteArrayInputStream(original));
        }
    }

    @Test
    @Order(3)
    void anEventFailingLongerThanAllRetriesLandsInTheDeadLetterTopic() throws Exception {
        infra.simulator().get().setFaults(Faults.none());
        OracleState now = infra.simulator().get().oracle(infra.simulator().get().lastSerial());
        String project = now.projects().keySet().iterator().next();
        long serial = now.projects().get(project).serial();
        double deadBefore = metrics.deadLetterCount();
        infra.simulator().get().forceProjectStatus(project, 500, Duration.ofSeconds(120));
        template.send(Topics.CHANGELOG, project, ChangelogEventCodec.encode(new ChangelogEvent(ChangelogEvent.SCHEMA_VERSION,
                serial, project, null, "replayed for the test", Instant.now(), true))).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> metrics.deadLetterCount() > deadBefore);
        try (KafkaConsumer<String, byte[]> consumer = deadLetterConsumer()) {
            consumer.subscribe(List.of(Topics.CHANGELOG_DLT));
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.stream().anyMatch(r -> project.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> dead = got.stream().filter(r -> project.equals(r.key())).findFirst().orElseThrow();
            assertThat(ChangelogEventCodec.decode(dead.value()).serial()).isEqualTo(serial);
            assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-fqcn").value()))
                    .isEqualTo("dev.landfall.fetcher.upstream.UpstreamStatusException");
        }
        assertThat(metrics.deadLetterCount()).isEqualTo(deadBefore + 1);
    }

    @Test
    @Order(4)
    void aMalformedEventGoesStraightToTheDeadLetters() throws Exception {
        double deadBefore = metrics.deadLetterCount();
        double retriesBefore = counter("landfall.fetcher.retries.scheduled");
        template.send(Topics.CHANGELOG, "whatever", "{not json".getBytes()).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.deadLetterCount() > deadBefore);
        assertThat(counter("landfall.fetcher.retries.scheduled")).isEqualTo(retriesBefore);
    }

    @Autowired MeterRegistry registry;

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private KafkaConsumer<String, byte[]> deadLetterConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-dlt-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    /** The row each project's newest event must produce: its stamp at the cut, or a tombstone at its removal. */
    private static Map<String, Long> expectedLastRows(List<JournalEntry> entries, OracleState now) {
        Map<String, Long> newest = new HashMap<>();
        entries.forEach(e -> newest.merge(e.project().value(), e.serial(), Math::max));
        Map<String, Long> expected = new HashMap<>();
        newest.forEach((project, serial) -> {
            OracleState.OracleProject p = now.projects().get(project);
            expected.put(project, p == null ? serial : p.serial());
        });
        return expected;
    }

    private List<String> missing(Map<String, Long> expected) {
        List<String> missing = new ArrayList<>();
        expected.forEach((project, serial) -> {
            Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM page_version WHERE project = ? AND serial = ?", Integer.class,
                    project, serial);
            if (n == null || n == 0) {
                missing.add(project + "@" + serial);
            }
        });
        return missing;
    }

    private void seedLedgerAndPublish(List<JournalEntry> entries) throws Exception {
        jdbc.batchUpdate("INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES (?, ?, ?, ?, ?, ?)",
                entries, 500, (ps, e) -> {
                    ps.setLong(1, e.serial());
                    ps.setString(2, e.project().value());
                    ps.setString(3, e.version());
                    ps.setString(4, e.action());
                    ps.setTimestamp(5, Timestamp.from(e.occurredAt()));
                    ps.setLong(6, e.serial());
                });
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (JournalEntry e : entries) {
            sends.add(template.send(Topics.CHANGELOG, e.project().value(), ChangelogEventCodec.encode(ChangelogEvent.of(e, false))));
        }
        for (var s : sends) {
            s.get();
        }
    }
}
