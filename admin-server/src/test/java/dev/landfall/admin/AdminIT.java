package dev.landfall.admin;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.Topics;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.index.IndexServerConfiguration;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
import dev.landfall.testsupport.consistency.ConsistencyChecker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's "done when" scenarios against the whole mirror (poller + fetcher + index in one context, real
 * PostgreSQL, embedded Kafka, s3proxy, the simulator): replay marks events; verify finds damage done behind the
 * mirror's back and a replay repairs it while the checker sees a consistent snapshot throughout; a dead-lettered event
 * is re-driven and lands; garbage collection with a short retention removes exactly the unreferenced objects while a
 * pinned snapshot still serves completely; and the admin API refuses bad tokens and rate-limits a brute force.
 */
@SpringBootTest(classes = AdminIT.Mirror.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "landfall.admin.token=" + AdminIT.TOKEN,
        "landfall.admin.gc-grace=2m",
        "landfall.snapshots.retention=5m",
        "landfall.poller.interval=200ms",
        "landfall.poller.retry-backoff=100ms",
        "landfall.fetcher.concurrency=8",
        "landfall.fetcher.in-process-attempts=2",
        "landfall.fetcher.in-process-backoff=50ms",
        "landfall.fetcher.retry-delays=300ms,600ms",
        "landfall.fetcher.max-poll-records=200",
        "landfall.index.publish-interval=100ms",
        "landfall.index.snapshot-poll-interval=100ms",
        "logging.level.dev.landfall.fetcher=ERROR",
        "logging.level.landfall.admin.audit=ERROR",
        "spring.jpa.open-in-view=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminIT {

    static final String TOKEN = "admin-it-token-5f2c";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class, AdminServerConfiguration.class})
    static class Mirror {
        /** Primary: the services' own {@code clock} beans are registered first (their configurations are imported). */
        @Bean
        @Primary
        ShiftableClock adminItClock() {
            return new ShiftableClock();
        }
    }

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(23).projects(40).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired S3Client s3Client;
    @Autowired Clock clock;
    @Autowired KafkaListenerEndpointRegistry listeners;
    @Autowired ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    // ---------------------------------------------------------------- replay

    @Test
    @Order(1)
    void aReplayedSerialRangeIsPublishedAgainMarkedAsReplay() throws Exception {
        awaitQuiescent();
        List<Long> serials = jdbc.queryForList("SELECT serial FROM changelog_entry ORDER BY serial LIMIT 10", Long.class);
        try (KafkaConsumer<String, byte[]> consumer = groupless()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHANGELOG).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            JsonNode answer = ok(admin("POST", "/admin/replay",
                    "{\"fromSerial\":" + serials.get(0) + ",\"toSerial\":" + serials.get(serials.size() - 1) + "}"));
            assertThat(answer.path("queued").asInt()).isEqualTo(serials.size());

            Set<Long> replayed = new TreeSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ChangelogEvent e = ChangelogEventCodec.decode(r.value());
                    assertThat(e.replay()).as("only replayed events are published now").isTrue();
                    replayed.add(e.serial());
                }
                return replayed.containsAll(serials);
            });
            assertThat(replayed).containsExactlyElementsOf(serials);
        }
        // Fetching is idempotent: the replay changed nothing the mirror serves.
        awaitQuiescent();
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl().violations()).isEmpty();
    }

    @Test
    @Order(2)
    void theConsumerGroupIsResetOnlyWithoutActiveMembers() throws Exception {
        HttpResponse<String> busy = admin("POST", "/admin/consumer-group/reset", "{\"position\":\"latest\"}");
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(busy.body()).contains("active member");

        // As an operator scales the fetchers to zero: stop every fetcher consumer (changelog and retry topics).
        Lifecycle retryListeners = context.getBean("retryTopicListeners", Lifecycle.class);
        listeners.stop();
        retryListeners.stop();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ok(admin("GET", "/admin/consumer-group", null)).path("members").asInt() == 0);
            JsonNode reset = ok(admin("POST", "/admin/consumer-group/reset", "{\"position\":\"earliest\"}"));
            assertThat(reset.path("offsets").properties()).isNotEmpty();
            reset.path("offsets").properties().forEach(e -> assertThat(e.getValue().asLong()).isZero());
        } finally {
            retryListeners.start();
            listeners.start();
        }
        // The whole topic is consumed again (idempotent), and the mirror stays as it was.
        awaitQuiescent();
        await().atMost(Duration.ofSeconds(60)).until(() -> ok(admin("GET", "/admin/consumer-group", null)).path("members").asInt() > 0);
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl().violations()).isEmpty();
    }

    // ---------------------------------------------------------------- verify + repair (done when 1)

    @Test
    @Order(3)
    void damageBehindTheMirrorsBackIsFoundByVerifyAndRepairedByReplayWhileServingConsistently() throws Exception {
        awaitQuiescent();
        Map<String, FileRef> targets = pickDamageTargets();
        FileRef missingFile = targets.get("missingFile");
        FileRef missingMetadata = targets.get("missingMetadata");
        FileRef sameSizeCorrupt = targets.get("sameSizeCorrupt");
        FileRef otherSizeCorrupt = targets.get("otherSizeCorrupt");

        ConsistencyChecker checker = new ConsistencyChecker(index(), infra.simulator().baseUrl());
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger crawls = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread crawler = new Thread(() -> {
            while (!stop.get()) {
                try {
                    ConsistencyChecker.Report r = checker.crawl();
                    violations.addAll(r.violations());
                    crawls.incrementAndGet();
                } catch (Exception e) {
                    violations.add("crawl failed: " + e);
                }
            }
        }, "admin-it-crawler");
        crawler.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> crawls.get() >= 1);
            // Behind the mirror's back: raw S3 calls, no recorded sha256 on the overwritten objects.
            s3Client.deleteObject(b -> b.bucket(infra.s3().bucket()).key(missingFile.key()));
            s3Client.deleteObject(b -> b.bucket(infra.s3().bucket()).key(StorageKeys.metadataKey(missingMetadata.key())));
            s3Client.putObject(b -> b.bucket(infra.s3().bucket()).key(sameSizeCorrupt.key()),
                    RequestBody.fromBytes(new byte[(int) sameSizeCorrupt.size()]));
            s3Client.putObject(b -> b.bucket(infra.s3().bucket()).key(otherSizeCorrupt.key()), RequestBody.fromBytes(new byte[] {1, 2, 3}));

            JsonNode run = awaitRun(ok(admin("POST", "/admin/verify", null)).path("id").asLong());
            Map<String, String> found = new HashMap<>();
            run.path("problems").forEach(p -> found.put(p.path("objectKey").asString(), p.path("kind").asString()));
            assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(
                    missingFile.key(), "MISSING",
                    StorageKeys.metadataKey(missingMetadata.key()), "MISSING",
                    sameSizeCorrupt.key(), "HASH_MISMATCH",
                    otherSizeCorrupt.key(), "SIZE_MISMATCH"));
            run.path("problems").forEach(p -> assertThat(p.path("action").asString()).endsWith("REPLAYED"));

            // Repaired by the replay: every object is back with the page's sha256, re-hashed from S3 here.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(s3Sha256(missingFile.key())).isEqualTo(missingFile.sha256());
                assertThat(s3Sha256(sameSizeCorrupt.key())).isEqualTo(sameSizeCorrupt.sha256());
                assertThat(s3Sha256(otherSizeCorrupt.key())).isEqualTo(otherSizeCorrupt.sha256());
                assertThat(s3Sha256(StorageKeys.metadataKey(missingMetadata.key()))).isEqualTo(missingMetadata.metadataSha256());
            });
            awaitQuiescent();
            // And served: the files download from the current snapshot with the right bytes.
            for (FileRef f : List.of(missingFile, sameSizeCorrupt, otherSizeCorrupt)) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(index() + "/" + f.key())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(sha256(r.body())).isEqualTo(f.sha256());
            }
            // A second run finds nothing, and re-hashes nothing (every object carries its recorded sha256).
            JsonNode again = awaitRun(ok(admin("POST", "/admin/verify", null)).path("id").asLong());
            assertThat(again.path("problems")).isEmpty();
            assertThat(again.path("run").path("rehashed").asLong()).isZero();
            assertThat(again.path("run").path("checked").asLong()).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> crawls.get() >= 3);
        } finally {
            stop.set(true);
            crawler.join(60_000);
        }
        // The crawler reads every byte, so it may see the damage before the repair: only the damaged files may
        // differ, and once repaired the mirror equals upstream again, bytes included.
        Set<String> damaged = new TreeSet<>();
        for (FileRef f : List.of(missingFile, missingMetadata, sameSizeCorrupt, otherSizeCorrupt)) {
            damaged.add(" file " + f.key().substring(f.key().lastIndexOf('/') + 1) + (f == missingMetadata ? ".metadata: " : ": "));
        }
        assertThat(violations).as("violations over %d crawls during damage and repair", crawls.get())
                .allMatch(v -> damaged.stream().anyMatch(v::contains), "concern a damaged file");
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl().violations()).isEmpty();
    }

    // ---------------------------------------------------------------- dead letters (done when 2)

    @Test
    @Order(4)
    void aDeadLetteredEventIsReDrivenAndLands() throws Exception {
        awaitQuiescent();
        String project = infra.simulator().get().oracle(infra.simulator().get().lastSerial()).projects().keySet().iterator().next();
        long before = infra.simulator().get().oracle(infra.simulator().get().lastSerial()).projects().get(project).serial();
        infra.simulator().get().forceProjectStatus(project, 500, Duration.ofSeconds(12));
        long changed = -1;
        for (int i = 0; i < 300 && changed < 0; i++) {
            infra.simulator().get().advance(2);
            var p = infra.simulator().get().oracle(infra.simulator().get().lastSerial()).projects().get(project);
            if (p != null && p.serial() > before) {
                changed = p.serial();
            }
        }
        assertThat(changed).as("the simulator changed " + project).isPositive();
        long serial = changed;

        JsonNode[] letter = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode d : ok(admin("GET", "/admin/dead-letters?pendingOnly=true", null))) {
                if (project.equals(d.path("project").asString()) && d.path("serial").asLong() == serial) {
                    letter[0] = d;
                    return true;
                }
            }
            return false;
        });
        assertThat(letter[0].path("headers").path("kafka_dlt-exception-message").asString()).contains("500");
        JsonNode inspected = ok(admin("GET", "/admin/dead-letters/" + letter[0].path("partition").asInt() + "/"
                + letter[0].path("offset").asLong(), null));
        assertThat(inspected.path("serial").asLong()).isEqualTo(serial);
        assertThat(pageVersionExists(project, serial)).as("not landed while upstream fails").isFalse();

        // Upstream recovers; the operator re-drives the dead letter.
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(infra.simulator().baseUrl() + "/simple/" + project + "/"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        JsonNode redriven = ok(admin("POST", "/admin/dead-letters/" + letter[0].path("partition").asInt() + "/"
                + letter[0].path("offset").asLong() + "/redrive", null));
        assertThat(redriven.path("redrivenAt").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(() -> pageVersionExists(project, serial));
        awaitQuiescent();
        ConsistencyChecker.Report report = new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl();
        assertThat(report.violations()).isEmpty();
        assertThat(report.snapshot()).isGreaterThanOrEqualTo(serial);
        // Listed as re-driven from now on.
        for (JsonNode d : ok(admin("GET", "/admin/dead-letters?pendingOnly=true", null))) {
            assertThat(d.path("serial").asLong()).isNotEqualTo(serial);
        }
    }

    @Test
    @Order(5)
    void verifyAgainstUpstreamFindsAChangeTheLedgerMissedAndReplayLandsIt() throws Exception {
        awaitQuiescent();
        // A project whose newest page version is its newest ledger entry and which has an older page version too.
        List<Map<String, Object>> candidates = jdbc.queryForList("""
                SELECT v.project, MAX(v.serial) AS newest FROM page_version v WHERE v.state = 'PRESENT' GROUP BY v.project
                HAVING COUNT(*) >= 2 AND MAX(v.serial) = (SELECT MAX(e.serial) FROM changelog_entry e WHERE e.project = v.project)
                ORDER BY v.project""");
        assertThat(candidates).isNotEmpty();
        String project = (String) candidates.get(0).get("project");
        long missed = ((Number) candidates.get(0).get("newest")).longValue();
        // As if the poller had never seen that journal entry (and so no fetcher landed it).
        jdbc.update("DELETE FROM changelog_entry WHERE serial = ?", missed);
        jdbc.update("DELETE FROM page_version WHERE project = ? AND serial = ?", project, missed);

        JsonNode storageOnly = awaitRun(ok(admin("POST", "/admin/verify", null)).path("id").asLong());
        assertThat(storageOnly.path("problems")).as("control: storage alone is intact").isEmpty();

        JsonNode run = awaitRun(ok(admin("POST", "/admin/verify?upstream=true", null)).path("id").asLong());
        assertThat(run.path("run").path("upstream").asBoolean()).isTrue();
        assertThat(run.path("problems")).hasSize(1);
        JsonNode problem = run.path("problems").get(0);
        assertThat(problem.path("project").asString()).isEqualTo(project);
        assertThat(problem.path("kind").asString()).isEqualTo("BEHIND_UPSTREAM");
        assertThat(problem.path("action").asString()).isEqualTo("REPLAYED");
        await().atMost(Duration.ofSeconds(60)).until(() -> pageVersionExists(project, missed));
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl().violations()).isEmpty();
    }

    // ---------------------------------------------------------------- garbage collection (done when 3)

    @Test
    @Order(6)
    void garbageCollectionRemovesExactlyTheUnreferencedObjectsAndAPinnedSnapshotStillServes() throws Exception {
        ShiftableClock shiftable = (ShiftableClock) clock;
        infra.simulator().get().advance(30);
        awaitQuiescent();
        shiftable.shift(Duration.ofMinutes(6)); // every snapshot so far is now older than the 5 min retention
        infra.simulator().get().advance(25);
        long pinned = awaitQuiescent();
        infra.simulator().get().advance(25);
        long newest = awaitQuiescent();
        assertThat(newest).isGreaterThan(pinned);

        Set<String> before = s3Keys();
        long snapshotsBefore = count("snapshot");
        JsonNode dry = ok(admin("POST", "/admin/gc", null));
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(s3Keys()).as("dry run deletes nothing").isEqualTo(before);
        assertThat(count("snapshot")).isEqualTo(snapshotsBefore);

        // First run: rows go at once, objects only become candidates (grace 2 min: a landing may be in flight).
        JsonNode first = ok(admin("POST", "/admin/gc?dryRun=false", null));
        assertThat(first.path("deletedSnapshots")).isNotEmpty();
        assertThat(first.path("deletedObjects").asInt()).isZero();
        assertThat(first.path("pendingObjects").asInt()).isPositive();
        assertThat(s3Keys()).as("nothing deleted within the grace period").isEqualTo(before);

        shiftable.shift(Duration.ofMinutes(3)); // pinned is 3 min old: still retained
        Set<Long> retained = new TreeSet<>(new SnapshotReads(jdbc).all().stream().map(SnapshotReads.Published::serial).toList());
        assertThat(retained).contains(pinned, newest);
        Set<String> expected = referencedObjects(retained, before);
        JsonNode second = ok(admin("POST", "/admin/gc?dryRun=false", null));
        assertThat(second.path("deletedObjects").asInt()).isPositive();
        Set<String> after = s3Keys();
        assertThat(after).as("exactly the objects retained snapshots reference remain").isEqualTo(expected);
        assertThat(before.size() - after.size()).isEqualTo(second.path("deletedObjects").asInt());

        // The pinned snapshot serves completely: every page equals upstream at its serial, every file downloads intact.
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl("/snapshots/" + pinned).violations()).isEmpty();
        assertThat(new ConsistencyChecker(index(), infra.simulator().baseUrl()).crawl().violations()).isEmpty();
        int downloaded = 0;
        for (Map.Entry<String, String> file : filesOf(pinned).entrySet()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(index() + file.getKey())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(sha256(r.body())).as(file.getKey()).isEqualTo(file.getValue());
            downloaded++;
        }
        assertThat(downloaded).isPositive();
    }

    // ---------------------------------------------------------------- authentication (done when 4)

    @Test
    @Order(7)
    void adminEndpointsRefuseMissingOrWrongTokensAndRateLimitABruteForce() throws Exception {
        HttpResponse<String> none = send("GET", "/admin/verify", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send("POST", "/admin/gc", null, "Bearer wrong").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/verify", null, "Basic " + TOKEN).statusCode()).as("not a bearer token").isEqualTo(401);
        assertThat(admin("GET", "/admin/verify", null).statusCode()).as("control: the right token works").isEqualTo(200);

        // Brute force: failures 4 and 5 are still answered, then the IP is locked out, even with the right token.
        assertThat(send("GET", "/admin/verify", null, "Bearer guess-4").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/verify", null, "Bearer guess-5").statusCode()).isEqualTo(403);
        HttpResponse<String> limited = send("GET", "/admin/verify", null, "Bearer guess-6");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(admin("GET", "/admin/verify", null).statusCode()).isEqualTo(429);

        ((ShiftableClock) clock).shift(Duration.ofSeconds(61));
        assertThat(admin("GET", "/admin/verify", null).statusCode()).as("the lockout ends with the window").isEqualTo(200);
        // The hot path is not behind the admin token.
        assertThat(http.send(HttpRequest.newBuilder(URI.create(index() + "/simple/")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    record FileRef(String project, String key, long size, String sha256, String metadataSha256) {
    }

    private String index() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(index() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
        return json.readTree(r.body());
    }

    private JsonNode awaitRun(long id) throws Exception {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            run[0] = ok(admin("GET", "/admin/verify/" + id, null));
            return !"RUNNING".equals(run[0].path("run").path("state").asString());
        });
        assertThat(run[0].path("run").path("state").asString()).isEqualTo("FINISHED");
        return run[0];
    }

    /** Waits until the mirror has landed everything upstream has and published it; returns the snapshot serial. */
    private long awaitQuiescent() throws Exception {
        long target = infra.simulator().get().lastSerial();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long w = new SnapshotReads(jdbc).newest().orElse(-1);
            Long outbox = jdbc.queryForObject("SELECT COUNT(*) FROM changelog_outbox", Long.class);
            return w >= target && outbox != null && outbox == 0 && currentSnapshot() == w;
        });
        return currentSnapshot();
    }

    private long currentSnapshot() throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(index() + "/simple/")).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? Long.parseLong(r.headers().firstValue("X-Landfall-Snapshot").orElse("-1")) : -1;
    }

    private boolean pageVersionExists(String project, long serial) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM page_version WHERE project = ? AND serial = ?", Integer.class, project, serial);
        return n != null && n > 0;
    }

    private long count(String table) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return n == null ? 0 : n;
    }

    /** Four files of four different projects of the current snapshot; the second one has a PEP 658 sidecar. */
    private Map<String, FileRef> pickDamageTargets() throws Exception {
        long w = currentSnapshot();
        List<FileRef> withMetadata = new ArrayList<>();
        List<FileRef> plain = new ArrayList<>();
        for (JsonNode p : getJson("/snapshots/" + w + "/simple/").path("projects")) {
            String project = p.path("name").asString();
            JsonNode page = getJson("/snapshots/" + w + "/simple/" + project + "/");
            for (JsonNode f : page.path("files")) {
                String key = StorageKeys.packageKey(f.path("url").asString());
                JsonNode cm = f.path("core-metadata");
                FileRef ref = new FileRef(project, key, f.path("size").asLong(), f.path("hashes").path("sha256").asString(),
                        cm.isObject() ? cm.path("sha256").asString() : null);
                (ref.metadataSha256() != null ? withMetadata : plain).add(ref);
                break;
            }
        }
        List<FileRef> all = new ArrayList<>(plain);
        all.addAll(withMetadata);
        FileRef metadata = withMetadata.get(0);
        List<FileRef> others = all.stream().filter(f -> !f.project().equals(metadata.project()) && f.size() > 3).toList();
        return Map.of("missingMetadata", metadata, "missingFile", others.get(0), "sameSizeCorrupt", others.get(1),
                "otherSizeCorrupt", others.get(2));
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(index() + path))
                .header("Accept", "application/vnd.pypi.simple.v1+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** URL path → sha256 of every file and sidecar snapshot W lists. */
    private Map<String, String> filesOf(long w) throws Exception {
        Map<String, String> files = new HashMap<>();
        for (JsonNode p : getJson("/snapshots/" + w + "/simple/").path("projects")) {
            for (JsonNode f : getJson("/snapshots/" + w + "/simple/" + p.path("name").asString() + "/").path("files")) {
                String path = URI.create(index()).resolve(f.path("url").asString()).getPath();
                files.put(path, f.path("hashes").path("sha256").asString());
                if (f.path("core-metadata").isObject()) {
                    files.put(path + ".metadata", f.path("core-metadata").path("sha256").asString());
                }
            }
        }
        return files;
    }

    /**
     * The test's own oracle of what must remain: for each retained snapshot (read over HTTP, as a client sees it) its
     * root index, each page it serves (by the served X-PyPI-Last-Serial) and every file and sidecar those pages list.
     */
    private Set<String> referencedObjects(Set<Long> retained, Set<String> existing) throws Exception {
        Set<String> keys = new HashSet<>();
        for (long w : retained) {
            keys.add(StorageKeys.snapshotIndexJson(w));
            keys.add(StorageKeys.snapshotIndexHtml(w));
            for (JsonNode p : getJson("/snapshots/" + w + "/simple/").path("projects")) {
                String project = p.path("name").asString();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(index() + "/snapshots/" + w + "/simple/" + project + "/"))
                        .header("Accept", "application/vnd.pypi.simple.v1+json").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                long serial = Long.parseLong(r.headers().firstValue("X-PyPI-Last-Serial").orElseThrow());
                keys.add("pages/" + project + "/" + serial + ".json");
                keys.add("pages/" + project + "/" + serial + ".html");
                for (JsonNode f : json.readTree(r.body()).path("files")) {
                    String key = StorageKeys.packageKey(f.path("url").asString());
                    keys.add(key);
                    if (f.path("core-metadata").isObject()) {
                        keys.add(StorageKeys.metadataKey(key));
                    }
                }
            }
        }
        assertThat(existing).containsAll(keys);
        return keys;
    }

    private Set<String> s3Keys() {
        Set<String> keys = new TreeSet<>();
        s3Client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(infra.s3().bucket()).build())
                .contents().forEach((S3Object o) -> keys.add(o.key()));
        return keys;
    }

    private String s3Sha256(String key) throws Exception {
        try {
            return sha256(s3Client.getObjectAsBytes(b -> b.bucket(infra.s3().bucket()).key(key)).asByteArray());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return "absent";
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private KafkaConsumer<String, byte[]> groupless() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }
}
