package dev.landfall.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.storage.BlobStore;
import dev.landfall.fetcher.FetcherApplication;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.poller.ChangelogPollerApplication;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.KafkaBroker;
import dev.landfall.testsupport.PostgresDatabase;
import dev.landfall.testsupport.S3Server;
import dev.landfall.testsupport.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole sync pipeline: the real changelog poller (initial sync, then the changelog) in front of the fetcher,
 * 300 projects, churn running, CDN faults on, and the fetcher's context closed mid-sync and started again.
 * After churn stops and the backlog drains: every ledger entry is satisfied or superseded by a later satisfied entry
 * of its project, every page version equals the oracle at its serial, every blob re-hashes right, no dead letters.
 */
class SyncPipelineIT {

    private static final Logger log = LoggerFactory.getLogger(SyncPipelineIT.class);

    @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    @RegisterExtension static final S3Server s3 = new S3Server();
    @RegisterExtension static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(42).projects(300).port(0)
            .churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    private static final Faults FAULTS = Faults.builder().staleProbability(0.3).staleWindow(Duration.ofSeconds(2))
            .serverErrorRate(0.05).corruptRate(0.02).truncateRate(0.02).build();

    private static Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("landfall.upstream.url", sim.baseUrl());
        p.put("spring.jmx.enabled", "false");
        return p;
    }

    private static ConfigurableApplicationContext startPoller() {
        Map<String, Object> p = common();
        p.put("landfall.poller.interval", "300ms");
        p.put("spring.application.name", "poller");
        return new SpringApplicationBuilder(ChangelogPollerApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run(args(p));
    }

    private static ConfigurableApplicationContext startFetcher() {
        Map<String, Object> p = common();
        p.put("spring.application.name", "fetcher");
        p.put("landfall.storage.type", "s3");
        p.put("landfall.storage.s3.endpoint", s3.endpoint());
        p.put("landfall.storage.s3.bucket", s3.bucket());
        p.put("landfall.storage.s3.region", s3.region());
        p.put("landfall.storage.s3.path-style", "true");
        p.put("landfall.storage.s3.access-key", s3.accessKey());
        p.put("landfall.storage.s3.secret-key", s3.secretKey());
        p.put("landfall.fetcher.concurrency", "16");
        p.put("landfall.fetcher.listener-concurrency", "4");
        p.put("landfall.fetcher.in-process-backoff", "50ms");
        p.put("landfall.fetcher.retry-delays", "500ms,1s,2s,3s,5s,8s");
        p.put("landfall.fetcher.stall-grace", "0");
        p.put("landfall.fetcher.max-poll-records", "200");
        return new SpringApplicationBuilder(FetcherApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run(args(p));
    }

    /** As command-line arguments: they win over the application.yml on the classpath. */
    private static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @Test
    void withChurnFaultsAndAFetcherCrashEveryEntryIsSatisfiedAndEveryPageEqualsTheOracle() throws Exception {
        sim.get().setFaults(FAULTS);
        long started = System.nanoTime();
        double deadLetters = 0;
        double relaxed = 0;
        try (ConfigurableApplicationContext poller = startPoller()) {
            ConfigurableApplicationContext fetcher = startFetcher();
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            try {
                sim.get().setChurnPerSecond(20);
                // crash: close the fetcher while it is syncing (page versions landing, backlog not drained)
                await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc, "SELECT COUNT(*) FROM page_version") > 100);
                deadLetters += fetcher.getBean(FetcherMetrics.class).deadLetterCount();
                relaxed += fetcher.getBean(FetcherMetrics.class).stallRelaxedCount();
                fetcher.close();
                long atCrash = count(jdbc, "SELECT COUNT(*) FROM page_version");
                fetcher = startFetcher();
                await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "SELECT COUNT(*) FROM page_version") > atCrash);
                sim.get().setChurnPerSecond(0);
                long last = sim.get().lastSerial();
                await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "SELECT COALESCE(MAX(serial), 0) FROM changelog_entry") >= last
                        || count(jdbc, "SELECT cursor_serial FROM poller_state") >= last);
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> unsatisfied(jdbc).isEmpty());
                long entries = count(jdbc, "SELECT COUNT(*) FROM changelog_entry");
                long rows = count(jdbc, "SELECT COUNT(*) FROM page_version");
                FetcherMetrics metrics = fetcher.getBean(FetcherMetrics.class);
                deadLetters += metrics.deadLetterCount();
                relaxed += metrics.stallRelaxedCount();
                log.info("pipeline: {} ledger entries up to serial {}, {} page versions, converged in {} ms",
                        entries, last, rows, (System.nanoTime() - started) / 1_000_000);

                MirrorChecks checks = new MirrorChecks(jdbc, fetcher.getBean(BlobStore.class), sim.get());
                List<MirrorChecks.Row> all = checks.rows();
                assertThat(checks.pagesEqualOracle(all)).isEmpty();
                List<Long> serials = new ArrayList<>(all.stream().map(MirrorChecks.Row::serial).distinct().toList());
                serials.add(last);
                assertThat(checks.blobsHashCorrectly(serials)).isEmpty();
                // a stale page recorded by an event would leave that project's newest entry unsatisfied (checked
                // above); the stall breaker is off, so nothing may be relaxed
                assertThat(all).noneMatch(r -> r.relaxedFrom() != null);
                assertThat(relaxed).isZero();
                assertThat(deadLetters).isZero();
                // nothing duplicated: one row per (project, serial) and every object a known upstream file (above)
                assertThat(count(jdbc, "SELECT COUNT(*) FROM (SELECT project, serial FROM page_version GROUP BY project, serial HAVING COUNT(*) > 1) d")).isZero();
            } finally {
                fetcher.close();
            }
        }
    }

    /** Ledger entries neither satisfied nor superseded by a later satisfied entry of their project. */
    static List<String> unsatisfied(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT e.project || '@' || e.serial FROM changelog_entry e
                WHERE NOT EXISTS (SELECT 1 FROM page_version v WHERE v.project = e.project AND v.serial BETWEEN e.serial AND e.accept_upto)
                  AND NOT EXISTS (SELECT 1 FROM changelog_entry l JOIN page_version v ON v.project = l.project
                                     AND v.serial BETWEEN l.serial AND l.accept_upto
                                  WHERE l.project = e.project AND l.serial > e.serial)
                """, String.class);
    }

    @Test
    void negativeControlAnUnsatisfiedNewestEntryIsReported() {
        Flyway.configure().dataSource(db.dataSource()).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        jdbc.update("INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) "
                + "VALUES (999999999, 'negative-control', NULL, 'new release', CURRENT_TIMESTAMP, 999999999)");
        try {
            assertThat(unsatisfied(jdbc)).contains("negative-control@999999999");
        } finally {
            jdbc.update("DELETE FROM changelog_entry WHERE serial = 999999999");
        }
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
