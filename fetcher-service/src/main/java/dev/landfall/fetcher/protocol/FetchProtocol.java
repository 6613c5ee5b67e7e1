package dev.landfall.fetcher.protocol;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.FetcherProperties;
import dev.landfall.fetcher.files.FileFilter;
import dev.landfall.fetcher.files.FileLanding;
import dev.landfall.fetcher.ledger.PageVersion;
import dev.landfall.fetcher.ledger.PageVersionLedger;
import dev.landfall.fetcher.ledger.TombstoneDecision;
import dev.landfall.fetcher.page.Freshness;
import dev.landfall.fetcher.page.MirrorPage;
import dev.landfall.fetcher.page.PageRenderer;
import dev.landfall.fetcher.page.SyncAttempt;
import dev.landfall.fetcher.page.UpstreamPage;
import dev.landfall.fetcher.page.UpstreamPages;
import dev.landfall.fetcher.upstream.ProjectNotFoundException;
import dev.landfall.fetcher.upstream.StalePageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The fetch protocol for one event (docs/architecture.md#fetch-protocol), one attempt. {@link #sync} reads as the steps in
 * order. Ordering invariant: files, then sidecars, then page objects, then the {@code page_version} row, so a row
 * implies everything it references is stored. Idempotent: replaying any event at any time is safe.
 */
@Component
public class FetchProtocol {

    private final UpstreamPages upstream;
    private final FileFilter filter;
    private final FileLanding files;
    private final PageRenderer renderer = new PageRenderer();
    private final BlobStore store;
    private final PageVersionLedger ledger;
    private final FetcherMetrics metrics;
    private final FetcherProperties properties;
    private final Clock clock;

    public FetchProtocol(UpstreamPages upstream, FileFilter filter, FileLanding files, BlobStore store,
                         PageVersionLedger ledger, FetcherMetrics metrics, FetcherProperties properties, Clock clock) {
        this.upstream = upstream;
        this.filter = filter;
        this.files = files;
        this.store = store;
        this.ledger = ledger;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Serves one event once; throws an {@link dev.landfall.fetcher.upstream.UpstreamException} to be retried.
     */
    public SyncOutcome sync(ChangelogEvent event, SyncAttempt attempt) {
        ProjectName project = new ProjectName(event.project());
        long serial = event.serial();
        UpstreamPages.Answer answer = fetchUpstreamPage(project, serial, attempt);                  // step 1
        if (answer.notFound()) {
            return tombstoneIfRemoved(project, serial);                                              // step 3
        }
        Freshness freshness = decideFreshness(answer, serial);                                       // step 2
        if (freshness instanceof Freshness.Fresh fresh) {
            return landPageVersion(project, serial, fresh.stamp(), fresh.stamp(), null, answer);     // steps 4-6
        }
        if (freshness instanceof Freshness.Stale stale && stallBreakerApplies(attempt)) {
            return landPageVersion(project, serial, serial, stale.stamp(), stale.stamp(), answer);   // stall breaker
        }
        throw staleAnswer(project, serial, freshness, answer, attempt);                              // wait it out
    }

    private UpstreamPages.Answer fetchUpstreamPage(ProjectName project, long serial, SyncAttempt attempt) {
        return upstream.fetch(project, serial, attempt);
    }

    private static Freshness decideFreshness(UpstreamPages.Answer answer, long serial) {
        return Freshness.decide(answer.serialHeader(), answer.page().bodySerial(), serial);
    }

    private SyncOutcome tombstoneIfRemoved(ProjectName project, long serial) {
        TombstoneDecision decision = ledger.decideOnNotFound(project, serial);
        if (decision instanceof TombstoneDecision.Tombstone t) {
            if (ledger.record(PageVersion.tombstone(project, t.serial(), clock.instant()))) {
                metrics.tombstone();
                metrics.pageStored();
            }
            return new SyncOutcome.Tombstoned(t.serial());
        }
        if (decision instanceof TombstoneDecision.Superseded s) {
            return new SyncOutcome.Superseded(s.removalSerial());
        }
        throw new ProjectNotFoundException(project, serial, "404: " + ((TombstoneDecision.Transient) decision).why());
    }

    /**
     * Steps 4-6 for a page stamped {@code pageStamp}, recorded as {@code page_version(project, recordSerial)}.
     * A row already present for {@code recordSerial} makes this a no-op without any download.
     */
    private SyncOutcome landPageVersion(ProjectName project, long eventSerial, long recordSerial, long pageStamp,
                                        @Nullable Long relaxedFrom, UpstreamPages.Answer answer) {
        if (ledger.isLanded(project, recordSerial)) {
            return new SyncOutcome.AlreadyLanded(recordSerial);
        }
        UpstreamPage page = filter.apply(requireComplete(project, eventSerial, answer.page()));
        List<MirrorPage.MirrorFile> landed = downloadMissingFiles(project, eventSerial, page);      // step 4
        MirrorPage mirrorPage = new MirrorPage(project, pageStamp, page, landed);
        writeMirrorPages(mirrorPage, recordSerial);                                                  // step 5
        recordPageVersion(mirrorPage, recordSerial, relaxedFrom);                                    // step 6
        return new SyncOutcome.Landed(recordSerial, relaxedFrom == null ? -1 : relaxedFrom, landed.size());
    }

    private UpstreamPage requireComplete(ProjectName project, long serial, UpstreamPage page) {
        if (!page.complete()) {
            // HTML and JSON API disagree on the files (one of them is an older cache object): not usable yet
            throw new StalePageException(project, serial, page.source() + " page lacks sizes for some files");
        }
        return page;
    }

    /** Concurrently per page, but every file (and sidecar) is stored and verified when this returns. */
    private List<MirrorPage.MirrorFile> downloadMissingFiles(ProjectName project, long serial, UpstreamPage page) {
        return files.landAll(project, serial, page.files());
    }

    /**
     * Stored under the serial the row records, which is the page's own stamp except for the stall breaker:
     * readers (the index server, garbage collection) find page objects by the snapshot's serial for the project.
     */
    private void writeMirrorPages(MirrorPage page, long recordSerial) {
        try {
            store.put(StorageKeys.pageJson(page.project(), recordSerial), renderer.json(page));
            store.put(StorageKeys.pageHtml(page.project(), recordSerial), renderer.html(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void recordPageVersion(MirrorPage page, long recordSerial, @Nullable Long relaxedFrom) {
        PageVersion row = new PageVersion(page.project(), recordSerial, PageVersion.State.PRESENT,
                StorageKeys.pageHtml(page.project(), recordSerial), StorageKeys.pageJson(page.project(), recordSerial),
                page.files().size(), page.totalBytes(), relaxedFrom, clock.instant());
        if (ledger.record(row)) {
            metrics.pageStored();
            if (relaxedFrom != null) {
                metrics.stallRelaxed();
            }
        }
    }

    private boolean stallBreakerApplies(SyncAttempt attempt) {
        return properties.stallBreakerEnabled() && attempt.failingLongerThan(properties.stallGrace(), clock.instant());
    }

    private StalePageException staleAnswer(ProjectName project, long serial, Freshness freshness, UpstreamPages.Answer answer,
                                           SyncAttempt attempt) {
        if (answer.response() != null) {
            attempt.rememberStale(attempt.representation(), answer.response());
        }
        metrics.staleRetry();
        String what = freshness instanceof Freshness.Stale s ? "stamped " + s.stamp() : ((Freshness.Missing) freshness).why();
        return new StalePageException(project, serial, attempt.representation() + " answer " + what);
    }
}
