package dev.landfall.fetcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The fetcher's meters, registered once (cheap counters; one timer per project fetch).
 * Names: {@code landfall.fetcher.*}.
 */
@Component
public class FetcherMetrics {

    private final MeterRegistry registry;
    private final Counter eventsConsumed;
    private final Counter pagesStored;
    private final Counter staleRetries;
    private final Counter filesDownloaded;
    private final Counter bytesDownloaded;
    private final Counter hashMismatches;
    private final Counter deadLetters;
    private final Counter retriesScheduled;
    private final Counter stallRelaxed;
    private final Counter tombstones;
    private final Counter coalesced;
    private final Timer fetchLatency;

    public FetcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsConsumed = counter("landfall.fetcher.events.consumed", "changelog events received (main and retry topics)");
        this.pagesStored = counter("landfall.fetcher.pages.stored", "page_version rows recorded");
        this.staleRetries = counter("landfall.fetcher.stale.retries", "upstream answers older than the event (never recorded)");
        this.filesDownloaded = counter("landfall.fetcher.files.downloaded", "files and .metadata sidecars stored");
        this.bytesDownloaded = counter("landfall.fetcher.bytes.downloaded", "bytes of files stored");
        this.hashMismatches = counter("landfall.fetcher.hash.mismatches", "downloads rejected for sha256 or size");
        this.deadLetters = counter("landfall.fetcher.dead.letters", "events sent to the dead-letter topic");
        this.retriesScheduled = counter("landfall.fetcher.retries.scheduled", "events sent to a retry topic");
        this.stallRelaxed = counter("landfall.fetcher.stall.relaxed", "entries satisfied by the stall breaker (relaxed_from set)");
        this.tombstones = counter("landfall.fetcher.tombstones", "DELETED page versions recorded");
        this.coalesced = counter("landfall.fetcher.events.coalesced", "events folded into a newer event of the same project in one batch");
        this.fetchLatency = Timer.builder("landfall.fetcher.fetch").description("one project sync, all attempts")
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    public void eventsConsumed(int n) { eventsConsumed.increment(n); }
    public void pageStored() { pagesStored.increment(); }
    public void staleRetry() { staleRetries.increment(); }
    public void fileDownloaded(long bytes) { filesDownloaded.increment(); bytesDownloaded.increment(bytes); }
    public void hashMismatch() { hashMismatches.increment(); }
    public void deadLetter() { deadLetters.increment(); }
    public void retryScheduled() { retriesScheduled.increment(); }
    public void stallRelaxed() { stallRelaxed.increment(); }
    public void tombstone() { tombstones.increment(); }
    public void coalesced(int n) { coalesced.increment(n); }
    public Timer fetchLatency() { return fetchLatency; }

    /** One count per upstream fault by kind ({@code stale}, {@code malformed}, {@code status}, {@code io}, ...). */
    public void upstreamFault(String kind) {
        registry.counter("landfall.fetcher.upstream.faults", "kind", kind).increment();
    }

    public double deadLetterCount() { return deadLetters.count(); }
    public double stallRelaxedCount() { return stallRelaxed.count(); }
}
