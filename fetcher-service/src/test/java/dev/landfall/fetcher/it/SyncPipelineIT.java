package dev.landfall.fetcher.it;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.fetcher.FetcherApplication;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.poller.ChangelogPollerApplication;
import dev.landfall.simulator.Faults;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.MirrorInfrastructure;
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

    @RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(42).projects(300).port(0).churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    private static final Faults FAULTS = Faults.builder().staleProbability(0.3).staleWindow(Duration.ofSeconds(2))
            .serverErrorRate(0.05).corruptRate(0.02).truncateRate(0.02).build();

    private static Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>(infra.properties());
        p.put("spring.jmx.enabled", "false");
        return p;
    }

    private static ConfigurableApplicationContext startPoller() {
        Map<String, Object> p = common();
        p.put("landfall.poller.interval", "300ms");
        p.put("spring.application.name", "poller");
        return new SpringApplicationBuilder(ChangelogPollerApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run(MirrorInfrastructure.commandLine(p));
    }

    private static ConfigurableApplicationContext startFetcher() {
        Map<String, Object> p = common();
        p.put("spring.application.name", "fetcher");
        p.put("landfall.fetcher.concurrency", "16");
        p.put("landfall.fetcher.listener-concurrency", "4");
        p.put("landfall.fetcher.in-process-backoff", "50ms");
        p.put("landfall.fetcher.retry-delays", "500ms,1s,2s,3s,5s,8s");
        p.put("landfall.fetcher.stall-grace", "0");
        p.put("landfall.fetcher.max-poll-records", "200");
        return new SpringApplicationBuilder(FetcherApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run(MirrorInfrastructure.commandLine(p));
    }

    @Test
    void withChurnFaultsAndAFetcherCrashEveryEntryIsSatisfiedAndEveryPageEqualsTheOracle() throws Exception {
        infra.simulator().get().setFaults(FAULTS);
        long started = System.nanoTime();
        double deadLetters = 0;
        double relaxed = 0;
        try (ConfigurableApplicationContext poller = startPoller()) {
            ConfigurableApplicationContext fetcher = startFetcher();
            JdbcTemplate jdbc = new JdbcTemplate(infra.postgres().dataSource());
            try {
                infra.simulator().get().setChurnPerSecond(20);
                // crash: close the fetcher while it is syncing (page versions landing, backlog not drained)
                await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc, "SELECT COUNT(*) FROM page_version") > 100);
                deadLetters += fetcher.getBean(FetcherMetrics.class).deadLetterCount();
                relaxed += fetcher.getBean(FetcherMetrics.class).stallRelaxedCount();
                fetcher.close();
                long atCrash = count(jdbc, "SELECT COUNT(*) FROM page_version");
                fetcher = startFetcher();
                await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "SELECT COUNT(*) FROM page_version") > atCrash);
                infra.simulator().get().setChurnPerSecond(0);
                long last = infra.simulator().get().lastSerial();
                await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "SELECT COALESCE(MAX(serial), 0) FROM changelog_entry") >= last
                        || new PollerStateReads(jdbc).current().map(PollerStateReads.PollerPosition::cursorSerial).orElse(0L) >= last);
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> unsatisfied(jdbc).isEmpty());
                long entries = count(jdbc, "SELECT COUNT(*) FROM changelog_entry");
                long rows = count(jdbc, "SELECT COUNT(*) FROM page_version");
                FetcherMetrics metrics = fetcher.getBean(FetcherMetrics.class);
                deadLetters += metrics.deadLetterCount();
                relaxed += metrics.stallRelaxedCount();
                log.info("pipeline: {} ledger entries up to serial {}, {} page versions, converged in {} ms",
                        entries, last, rows, (System.nanoTime() - started) / 1_000_000);

                MirrorChecks checks = new MirrorChecks(jdbc, fetcher.getBean(BlobStore.class), infra.simulator().get());
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
        Flyway.configure().dataSource(infra.postgres().dataSource()).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(infra.postgres().dataSource());
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
