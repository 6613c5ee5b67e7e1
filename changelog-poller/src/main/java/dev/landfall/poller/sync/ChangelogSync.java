package dev.landfall.poller.sync;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.common.config.MirrorProperties;
import dev.landfall.common.config.MirrorProperties.Mode;
import dev.landfall.common.demand.DemandReads;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.demand.AdmissionDecision;
import dev.landfall.poller.filter.MirrorScope;
import dev.landfall.poller.ledger.LedgerEntry;
import dev.landfall.poller.PollerProperties;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.poller.ledger.Ledger;
import dev.landfall.poller.ledger.PollerState;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.metrics.PollerMetrics.ErrorKind;
import dev.landfall.poller.outbox.OutboxPublishException;
import dev.landfall.poller.outbox.OutboxPublisher;
import dev.landfall.poller.upstream.PypiChangelog;
import dev.landfall.poller.upstream.UpstreamJournalRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One round of leader work: publish what the outbox holds, run the initial sync if the ledger is empty,
 * then {@code changelog_since_serial(cursor)} page after page until a page is not full (PyPI caps a call
 * at 50,000 rows). Each page is committed (entries, outbox rows, cursor) before it is published.
 */
@Component
class ChangelogSync {

    private static final Logger log = LoggerFactory.getLogger(ChangelogSync.class);
    private static final int LOGGED_REJECTIONS = 10;
    /** Demands admitted per round at most: a burst is spread over rounds, each one transaction. */
    private static final int ADMISSIONS_PER_ROUND = 500;

    private final PypiChangelog upstream;
    private final Ledger ledger;
    private final OutboxPublisher outbox;
    private final PollerMetrics metrics;
    private final PollerProperties properties;
    private final InitialSyncPlanner initialPlanner;
    private final ChangelogPagePlanner pagePlanner;
    private final Clock clock;
    /** Consecutive failed publish attempts; touched only by the loop thread. */
    private int publishFailures;
    /** Set when publishing failed in the current round, so a long catch-up does not wait on Kafka per page. */
    private boolean publishFailedThisRound;

    private final DemandReads demands;
    /** The mirrored set pages are planned against; replaced (never mutated) by the loop thread. */
    private MirrorScope scope;
    private final Set<String> skippedLogged = new HashSet<>();

    public ChangelogSync(PypiChangelog upstream, Ledger ledger, OutboxPublisher outbox, PollerMetrics metrics,
                         PollerProperties properties, FilterProperties filter, MirrorProperties mirror, JdbcTemplate jdbc,
                         Clock clock) {
        this.upstream = upstream;
        this.ledger = ledger;
        this.outbox = outbox;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        ProjectFilter projectFilter = ProjectFilter.of(filter);
        this.scope = new MirrorScope(mirror.mode(), projectFilter, Set.of());
        this.initialPlanner = new InitialSyncPlanner(scope);
        this.pagePlanner = new ChangelogPagePlanner(projectFilter);
        this.demands = new DemandReads(jdbc);
    }

    /**
     * Runs one round.
     *
     * @param stillLeader checked before every further page; false ends the round early
     */
    public void round(BooleanSupplier stillLeader) {
        publishFailedThisRound = false;
        publishOutbox();
        if (scope.mode() == Mode.ON_DEMAND) {
            // Admissions are the poller's own rows; removals the admin server's: re-read both every round.
            scope = scope.withAdmitted(demands.admittedNotRemoved());
        }
        Optional<PollerState> state = ledger.state();
        if (state.isEmpty()) {
            initialSync();
            publishOutbox();
            state = ledger.state();
            if (state.isEmpty() || !stillLeader.getAsBoolean()) {
                return;
            }
        }
        long cursor = state.get().cursorSerial();
        metrics.state(cursor, state.get().ledgerFloor(), state.get().upstreamLastSerial());
        while (true) {
            List<UpstreamJournalRow> rows = upstream.changelogSinceSerial(cursor);
            ChangelogPagePlan page = pagePlanner.plan(cursor, rows, properties.changelogPageCap(), scope);
            report(page.rejected());
            if (page.truncated() > 0) {
                metrics.error(ErrorKind.TRUNCATED_FIELD, page.truncated());
            }
            if (page.cursor() > cursor || !page.entries().isEmpty()) {
                ledger.recordChangelog(page.entries(), page.cursor(), page.cursor(), page.upstream());
                metrics.state(page.cursor(), state.get().ledgerFloor(), page.cursor());
                publishOutbox();
            }
            cursor = page.cursor();
            if (!page.full() || !stillLeader.getAsBoolean()) {
                break;
            }
        }
        if (scope.mode() == Mode.ON_DEMAND && stillLeader.getAsBoolean()) {
            admitDemands(cursor);
        }
    }

    /**
     * Admits pending demands at the cursor the ledger and the table of upstream projects are both complete up to
     * (they were written in one transaction), then publishes their events. Runs between changelog pages, on the
     * loop thread, so the next page is planned with the admitted projects in the mirrored set.
     */
    private void admitDemands(long cursor) {
        List<String> pending = demands.pendingDemands(ADMISSIONS_PER_ROUND);
        if (pending.isEmpty()) {
            return;
        }
        List<LedgerEntry> entries = new ArrayList<>();
        for (String name : pending) {
            ProjectName project = new ProjectName(name);
            AdmissionDecision.Outcome outcome = AdmissionDecision.decide(project, demands.upstream(name), scope, cursor, clock.instant());
            if (outcome instanceof AdmissionDecision.Outcome.Admit admit) {
                entries.add(admit.entry());
            } else if (outcome instanceof AdmissionDecision.Outcome.Skip skip) {
                metrics.demandSkipped(skip.reason().name());
                if (skippedLogged.add(name)) { // a skipped demand stays pending: log it once per process
                    log.info("Demand for {} not admitted: {}", name, skip.reason());
                }
            }
        }
        List<ProjectName> admitted = ledger.recordAdmissions(entries);
        if (!admitted.isEmpty()) {
            Set<String> set = new HashSet<>(demands.admittedNotRemoved());
            scope = scope.withAdmitted(set);
            metrics.admitted(admitted.size());
            for (LedgerEntry e : entries) {
                log.info("Admitted demanded project {} at serial {} (accepting pages stamped up to {})",
                        e.project(), e.serial(), e.acceptUpto());
            }
            publishOutbox();
        }
    }

    private void initialSync() {
        long started = System.nanoTime();
        long s0 = upstream.lastSerial();
        InitialSyncPlan plan;
        if (properties.initialSync()) {
            Map<String, Long> listing = upstream.listPackagesWithSerial();
            plan = initialPlanner.plan(s0, listing, properties.changelogStartOffset(), clock.instant());
        } else {
            plan = initialPlanner.plan(s0, Map.of(), properties.changelogStartOffset(), clock.instant());
        }
        report(plan.rejected());
        long recording = System.nanoTime();
        int inserted = ledger.recordInitialSync(plan.entries(), plan.cursor(), plan.floor(), s0, plan.upstream());
        long dbMillis = (System.nanoTime() - recording) / 1_000_000;
        metrics.state(plan.cursor(), plan.floor(), Math.max(s0, plan.floor()));
        log.info("Initial sync recorded {} projects ({} filtered out, {} rejected): S0 {}, ledger floor {}, cursor {} ({} ms, {} ms in the database)",
                inserted, plan.filtered(), plan.rejected().size(), s0, plan.floor(), plan.cursor(),
                (System.nanoTime() - started) / 1_000_000, dbMillis);
    }

    /** Publishes the outbox; a Kafka failure keeps the rows (they are retried next round) and does not stop polling. */
    private void publishOutbox() {
        if (publishFailedThisRound) {
            return; // Kafka just failed: keep catching up with the changelog, publish again next round
        }
        try {
            outbox.drain();
            if (publishFailures > 0) {
                log.info("Changelog events published again after {} failed attempts", publishFailures);
                publishFailures = 0;
            }
        } catch (OutboxPublishException e) {
            // Durable state guarantees the retry: the rows stay in changelog_outbox until acknowledged.
            metrics.error(ErrorKind.PUBLISH_FAILED);
            publishFailedThisRound = true;
            if (publishFailures++ == 0) {
                log.warn("Changelog events not published, retrying every round (counted in landfall.poller.errors): {}",
                        e.getMessage());
            } else {
                log.debug("Changelog events still not published: {}", e.getMessage());
            }
        }
    }

    private void report(List<RejectedRow> rejected) {
        for (int i = 0; i < rejected.size(); i++) {
            RejectedRow r = rejected.get(i);
            metrics.error(switch (r.reason()) {
                case INVALID_NAME -> ErrorKind.INVALID_NAME;
                case INVALID_ROW -> ErrorKind.INVALID_ROW;
                case DUPLICATE_SERIAL -> ErrorKind.DUPLICATE_SERIAL;
            });
            if (i < LOGGED_REJECTIONS) {
                log.warn("Skipped upstream row serial {} project '{}': {}", r.serial(),
                        r.name().replaceAll("\\p{Cntrl}", "?"), r.detail());
            }
        }
        if (rejected.size() > LOGGED_REJECTIONS) {
            log.warn("Skipped {} more upstream rows (see landfall.poller.errors)", rejected.size() - LOGGED_REJECTIONS);
        }
    }
}
