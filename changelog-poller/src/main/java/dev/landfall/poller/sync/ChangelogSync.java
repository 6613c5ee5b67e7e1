package dev.landfall.poller.sync;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.poller.PollerProperties;
import dev.landfall.poller.filter.ProjectFilter;
import dev.landfall.poller.ledger.Ledger;
import dev.landfall.poller.ledger.PollerState;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.metrics.PollerMetrics.ErrorKind;
import dev.landfall.poller.outbox.OutboxPublishException;
import dev.landfall.poller.outbox.OutboxPublisher;
import dev.landfall.poller.upstream.PypiChangelog;
import dev.landfall.poller.upstream.UpstreamJournalRow;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    public ChangelogSync(PypiChangelog upstream, Ledger ledger, OutboxPublisher outbox, PollerMetrics metrics,
                         PollerProperties properties, FilterProperties filter, Clock clock) {
        this.upstream = upstream;
        this.ledger = ledger;
        this.outbox = outbox;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        ProjectFilter projectFilter = ProjectFilter.of(filter);
        this.initialPlanner = new InitialSyncPlanner(projectFilter);
        this.pagePlanner = new ChangelogPagePlanner(projectFilter);
    }

    /**
     * Runs one round.
     *
     * @param stillLeader checked before every further page; false ends the round early
     */
    public void round(BooleanSupplier stillLeader) {
        publishFailedThisRound = false;
        publishOutbox();
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
            ChangelogPagePlan page = pagePlanner.plan(cursor, rows, properties.changelogPageCap());
            report(page.rejected());
            if (page.truncated() > 0) {
                metrics.error(ErrorKind.TRUNCATED_FIELD, page.truncated());
            }
            if (page.cursor() > cursor || !page.entries().isEmpty()) {
                ledger.recordChangelog(page.entries(), page.cursor(), page.cursor());
                metrics.state(page.cursor(), state.get().ledgerFloor(), page.cursor());
                publishOutbox();
            }
            cursor = page.cursor();
            if (!page.full() || !stillLeader.getAsBoolean()) {
                return;
            }
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
        int inserted = ledger.recordInitialSync(plan.entries(), plan.cursor(), plan.floor(), s0);
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
