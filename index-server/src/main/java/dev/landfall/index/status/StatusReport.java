package dev.landfall.index.status;

import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.index.publish.SnapshotPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the status page and {@code /status.json} show, as of one request: the last status sample, the
 * publisher's state, the newest snapshots, the fetchers' recent throughput, storage and dead letters.
 * Pure: built from values, so the page can be rendered and tested without a server.
 *
 * @param baseUrl           the mirror's URL as the client reached it, without a trailing slash
 * @param deadLettersSent   dead letters counted by a fetcher in this JVM (standalone), null when no fetcher runs here
 * @param pageCacheBytes    bytes the page cache of this replica holds
 */
record StatusReport(Instant now, String baseUrl, StatusSampler.@Nullable Sample sample, SnapshotPublisher.Status publisher,
                    List<SnapshotReads.Summary> recentSnapshots, StatusSampler.@Nullable FetchActivity fetchActivity,
                    @Nullable Long deadLettersSent, long pageCacheBytes) {

    /** Where dead letters are when this process cannot count them: the index server has no Kafka client. */
    static final String DEAD_LETTERS_ELSEWHERE = "GET /admin/dead-letters on the admin server (port 8083) lists them;"
            + " the fetchers count them in landfall_fetcher_dead_letters_total";

    /** Initial-sync progress on the publishing replica. */
    record InitialSync(long total, long satisfied) {
    }

    /** The oldest ledger entry that blocks a newer snapshot. */
    record OldestBlocking(String project, long serial, long ageSeconds) {
    }

    /** A published snapshot and the index URL that pins it. */
    record PublishedSnapshot(long serial, String publishedAt, long ageSeconds, long projects, long files, long totalBytes,
                             String pinnedIndexUrl) {
    }

    /** Page versions landed by the fetchers, as the database records them. */
    record FetchRates(long pagesLast10Minutes, long tombstonesLast10Minutes, long pagesLastHour, double pagesPerMinute) {
    }

    /** Storage used by the served snapshot's files, and the page cache. */
    record Storage(long snapshotFiles, long snapshotBytes, long pageCacheBytes) {
    }

    /** Dead letters: a count when a fetcher runs in this JVM, otherwise where to find them. */
    record DeadLetters(@Nullable Long sentSinceStart, String where) {
    }

    long snapshot() {
        return sample == null ? -1 : sample.snapshot();
    }

    @Nullable Instant snapshotPublishedAt() {
        return sample == null ? null : sample.snapshotPublishedAt();
    }

    @Nullable Long snapshotAgeSeconds() {
        Instant at = snapshotPublishedAt();
        return at == null ? null : Math.max(0, Duration.between(at, now).toSeconds());
    }

    String indexUrl() {
        return baseUrl + "/simple/";
    }

    /** The pinned index of the served snapshot, null before the first. */
    @Nullable String pinnedIndexUrl() {
        return snapshot() < 0 ? null : pinnedIndexUrl(snapshot());
    }

    String pinnedIndexUrl(long serial) {
        return baseUrl + "/snapshots/" + serial + "/simple/";
    }

    InitialSync initialSync() {
        long total = sample == null ? 0 : sample.initialProjects();
        return new InitialSync(total, Math.max(0, total - publisher.unsatisfiedInitial()));
    }

    @Nullable OldestBlocking oldestBlocking() {
        String project = publisher.oldestProject();
        if (project == null) {
            return null;
        }
        Instant at = publisher.oldestOccurredAt();
        return new OldestBlocking(project, publisher.oldestSerial(), at == null ? -1 : Math.max(0, Duration.between(at, now).toSeconds()));
    }

    double lastComputationMillis() {
        return publisher.lastComputationNanos() / 1_000_000.0;
    }

    List<PublishedSnapshot> publishedSnapshots() {
        return recentSnapshots.stream().map(s -> new PublishedSnapshot(s.serial(), s.publishedAt().toString(),
                Math.max(0, Duration.between(s.publishedAt(), now).toSeconds()), s.projects(), s.files(), s.totalBytes(),
                pinnedIndexUrl(s.serial()))).toList();
    }

    @Nullable FetchRates fetchRates() {
        return fetchActivity == null ? null : new FetchRates(fetchActivity.pagesLast10Minutes(), fetchActivity.tombstonesLast10Minutes(),
                fetchActivity.pagesLastHour(), fetchActivity.pagesLast10Minutes() / 10.0);
    }

    /** Files and bytes of the served snapshot (its row in the snapshot table), zero before the first. */
    Storage storage() {
        long w = snapshot();
        SnapshotReads.Summary served = recentSnapshots.stream().filter(s -> s.serial() == w).findFirst().orElse(null);
        return new Storage(served == null ? 0 : served.files(), served == null ? 0 : served.totalBytes(), pageCacheBytes);
    }

    DeadLetters deadLetters() {
        return new DeadLetters(deadLettersSent, DEAD_LETTERS_ELSEWHERE);
    }

    /**
     * {@code /status.json}: the keys scripts already read (first {@code snapshot}, a number, -1 before the
     * first) keep their names and types; nested values are objects, never strings of Java objects.
     */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot", snapshot());
        Instant published = snapshotPublishedAt();
        m.put("snapshotPublishedAt", published == null ? null : published.toString());
        m.put("snapshotAgeSeconds", snapshotAgeSeconds());
        m.put("upstreamSerial", sample == null ? -1 : sample.upstreamSerial());
        m.put("cursor", sample == null ? -1 : sample.cursor());
        m.put("ledgerFloor", sample == null ? -1 : sample.floor());
        m.put("lagSerials", sample == null ? -1 : sample.lagSerials());
        m.put("lagSeconds", sample == null ? -1 : sample.lagSeconds());
        m.put("indexUrl", indexUrl());
        m.put("pinnedIndexUrl", pinnedIndexUrl());
        m.put("publisherHere", publisher.leader());
        if (publisher.leader()) {
            m.put("backlog", publisher.blocking());
            m.put("initialSync", initialSync());
            m.put("oldestBlocking", oldestBlocking());
            m.put("lastComputationMillis", lastComputationMillis());
        }
        m.put("recentSnapshots", publishedSnapshots());
        m.put("fetchRates", fetchRates());
        m.put("storage", storage());
        m.put("deadLetters", deadLetters());
        return m;
    }
}
