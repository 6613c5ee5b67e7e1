package dev.landfall.admin.gc;

import dev.landfall.admin.AdminConflictException;
import dev.landfall.admin.AdminProperties;
import dev.landfall.admin.verify.VerifyRunner;
import dev.landfall.common.leader.LeaderLock;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.snapshot.SnapshotManifest;
import dev.landfall.common.snapshot.SnapshotProperties;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.NoSuchBlobException;
import dev.landfall.common.storage.StorageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Garbage collection (docs/architecture.md#storage-layout). Retained snapshots: those published within
 * {@code landfall.snapshots.retention}, plus always the newest (W). Live:
 * <ul>
 *   <li>page_version rows: those a retained snapshot's root index names; every row above W (in-flight landings:
 *       the next snapshot may name them); each project's newest row ≤ W (the publisher's from-scratch index reads
 *       it); rows landed within the grace period;</li>
 *   <li>objects: retained snapshots' root indexes and any above W (written before their row); the page objects of
 *       live rows and of every page a retained root index names; page objects above W; every file and
 *       {@code .metadata} the live pages list.</li>
 * </ul>
 * Rows and snapshot rows outside that set are deleted at once (rows are written last, so none is in flight).
 * Objects outside it are deleted only after they stayed unreferenced for {@code landfall.admin.gc-grace}
 * (gc_candidate): storage has no portable modification time, and a fetcher writes files before its row.
 * Refused while a verify run is in progress (its repair unlands rows). Dry run: computes, changes nothing.
 */
public final class GarbageCollector {

    public static final String ROLE = "landfall-gc";
    private static final int SAMPLE = 200;

    /** What a run did (or, dry, would do). Key lists are samples of at most {@value #SAMPLE}. */
    public record Report(boolean dryRun, long newestSnapshot, List<Long> retainedSnapshots, List<Long> deletedSnapshots,
                         int deletedPageVersions, int liveObjects, int deletedObjects, List<String> deletedObjectSample,
                         int pendingObjects, List<String> pendingObjectSample) {
    }

    private record PageRef(String project, long serial) {
    }

    private record Row(String project, long serial, String state, @Nullable String htmlKey, @Nullable String jsonKey,
                       Instant landedAt) {
    }

    private final JdbcTemplate jdbc;
    private final SnapshotReads snapshotReads;
    private final BlobStore blobs;
    private final LeaderLock leaderLock;
    private final VerifyRunner verify;
    private final AdminProperties properties;
    private final SnapshotProperties snapshots;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public GarbageCollector(JdbcTemplate jdbc, SnapshotReads snapshotReads, BlobStore blobs, LeaderLock leaderLock, VerifyRunner verify,
                            AdminProperties properties, SnapshotProperties snapshots, Clock clock) {
        this.jdbc = jdbc;
        this.snapshotReads = snapshotReads;
        this.blobs = blobs;
        this.leaderLock = leaderLock;
        this.verify = verify;
        this.properties = properties;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** One collection. @throws AdminConflictException while another collection or a verify run is in progress */
    public synchronized Report collect(boolean dryRun) {
        if (verify.inProgress()) {
            throw new AdminConflictException("a verify run is in progress; garbage collection waits for it");
        }
        if (!leaderLock.tryAcquire(ROLE)) {
            throw new AdminConflictException("garbage collection is running on another replica");
        }
        try {
            return collectLocked(dryRun);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            leaderLock.release(ROLE);
        }
    }

    private Report collectLocked(boolean dryRun) throws IOException {
        Instant now = clock.instant();
        Instant horizon = now.minus(snapshots.retention());
        Instant graceHorizon = now.minus(properties.gcGrace());
        Map<Long, Instant> all = new HashMap<>();
        snapshotReads.all().forEach(s -> all.put(s.serial(), s.publishedAt()));
        if (all.isEmpty()) {
            return new Report(dryRun, -1, List.of(), List.of(), 0, 0, 0, List.of(), 0, List.of());
        }
        long newest = all.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        TreeSet<Long> retained = new TreeSet<>();
        TreeSet<Long> expired = new TreeSet<>();
        all.forEach((w, at) -> (w == newest || !at.isBefore(horizon) ? retained : expired).add(w));

        // Pages the retained snapshots serve.
        Set<PageRef> referenced = new HashSet<>();
        for (long w : retained) {
            readManifest(w, referenced);
        }
        List<Row> rows = jdbc.query("SELECT project, serial, state, html_key, json_key, landed_at FROM page_version",
                (rs, i) -> new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()));
        Map<String, Long> newestAtOrBelowW = new HashMap<>();
        for (Row r : rows) {
            if (r.serial() <= newest) {
                newestAtOrBelowW.merge(r.project(), r.serial(), Math::max);
            }
        }
        List<Row> deadRows = new ArrayList<>();
        Set<String> livePageKeys = new HashSet<>();
        for (Row r : rows) {
            boolean live = referenced.contains(new PageRef(r.project(), r.serial())) || r.serial() > newest
                    || newestAtOrBelowW.get(r.project()) == r.serial() || r.landedAt().isAfter(graceHorizon);
            if (live) {
                if (r.htmlKey() != null) {
                    livePageKeys.add(r.htmlKey());
                }
                if (r.jsonKey() != null) {
                    livePageKeys.add(r.jsonKey());
                }
            } else {
                deadRows.add(r);
            }
        }
        for (PageRef ref : referenced) {
            ProjectName name = new ProjectName(ref.project());
            livePageKeys.add(StorageKeys.pageJson(name, ref.serial()));
            livePageKeys.add(StorageKeys.pageHtml(name, ref.serial()));
        }

        // Objects: everything listed, minus what is live.
        Set<String> live = new HashSet<>(livePageKeys);
        for (long w : retained) {
            live.add(StorageKeys.snapshotIndexJson(w));
            live.add(StorageKeys.snapshotIndexHtml(w));
        }
        List<BlobInfo> pageObjects = blobs.list(StorageKeys.PAGES);
        for (BlobInfo o : pageObjects) {
            if (serialOf(o.key(), StorageKeys.PAGES) > newest) {
                live.add(o.key()); // written before its row: an in-flight landing
            }
        }
        for (String pageKey : livePageKeys) {
            if (pageKey.endsWith(".json")) {
                filesOf(pageKey, live);
            }
        }
        List<BlobInfo> snapshotObjects = blobs.list(StorageKeys.SNAPSHOTS);
        for (BlobInfo o : snapshotObjects) {
            if (serialOf(o.key(), StorageKeys.SNAPSHOTS) > newest) {
                live.add(o.key()); // a root index being published (written before its snapshot row)
            }
        }
        List<String> unreferenced = new ArrayList<>();
        for (List<BlobInfo> listing : List.of(snapshotObjects, pageObjects, blobs.list(StorageKeys.PACKAGES))) {
            for (BlobInfo o : listing) {
                // Uploaded files belong to their view's private_file rows, not to page versions: never collected here.
                if (!live.contains(o.key()) && !o.key().startsWith(StorageKeys.PRIVATE_PACKAGES)) {
                    unreferenced.add(o.key());
                }
            }
        }

        Map<String, Instant> candidates = new HashMap<>();
        jdbc.query("SELECT object_key, first_seen FROM gc_candidate", rs -> {
            candidates.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
        List<String> deletable = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (String key : unreferenced) {
            Instant first = candidates.get(key);
            if (first != null && !first.isAfter(graceHorizon) || properties.gcGrace().isZero()) {
                deletable.add(key);
            } else {
                pending.add(key);
            }
        }
        if (!dryRun) {
            for (long w : expired) {
                jdbc.update("DELETE FROM snapshot WHERE serial = ? AND serial < ? AND published_at < ?", w, newest, Timestamp.from(horizon));
            }
            jdbc.batchUpdate("DELETE FROM page_version WHERE project = ? AND serial = ?", deadRows, 500, (ps, r) -> {
                ps.setString(1, r.project());
                ps.setLong(2, r.serial());
            });
            Set<String> unreferencedSet = new HashSet<>(unreferenced);
            List<String> noLongerCandidates = candidates.keySet().stream().filter(k -> !unreferencedSet.contains(k)).toList();
            jdbc.batchUpdate("DELETE FROM gc_candidate WHERE object_key = ?", noLongerCandidates, 500, (ps, k) -> ps.setString(1, k));
            List<String> fresh = pending.stream().filter(k -> !candidates.containsKey(k)).toList();
            jdbc.batchUpdate("INSERT INTO gc_candidate (object_key, first_seen) VALUES (?, ?)", fresh, 500, (ps, k) -> {
                ps.setString(1, k);
                ps.setTimestamp(2, Timestamp.from(now));
            });
            for (String key : deletable) {
                blobs.delete(key);
            }
            jdbc.batchUpdate("DELETE FROM gc_candidate WHERE object_key = ?", deletable, 500, (ps, k) -> ps.setString(1, k));
        }
        return new Report(dryRun, newest, List.copyOf(retained), List.copyOf(expired), deadRows.size(), live.size(),
                deletable.size(), deletable.subList(0, Math.min(SAMPLE, deletable.size())),
                pending.size(), pending.subList(0, Math.min(SAMPLE, pending.size())));
    }

    /** {@code pages/<p>/<serial>.x} or {@code snapshots/<W>/x} → the serial; -1 if the key has another shape. */
    static long serialOf(String key, String prefix) {
        String rest = key.substring(prefix.length());
        String segment;
        if (StorageKeys.PAGES.equals(prefix)) {
            int slash = rest.lastIndexOf('/');
            int dot = rest.lastIndexOf('.');
            segment = slash < 0 || dot < slash ? "" : rest.substring(slash + 1, dot);
        } else {
            int slash = rest.indexOf('/');
            segment = slash < 0 ? "" : rest.substring(0, slash);
        }
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void filesOf(String pageJsonKey, Set<String> live) throws IOException {
        JsonNode page;
        try {
            page = json.readTree(blobs.readAllBytes(pageJsonKey));
        } catch (NoSuchBlobException e) {
            return;
        } catch (RuntimeException e) {
            // An unparseable live page lists nothing we could keep: refuse rather than delete its files.
            throw new IllegalStateException("live page " + pageJsonKey + " does not parse; run verify before garbage collection", e);
        }
        for (JsonNode file : page.path("files")) {
            try {
                String key = StorageKeys.packageKey(file.path("url").asString());
                live.add(key);
                live.add(StorageKeys.metadataKey(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("live page " + pageJsonKey + " lists an unusable file URL; run verify first", e);
            }
        }
    }

    /** Adds (project, page serial) of snapshot W's root index, streamed (a PyPI-sized index has ~900k entries). */
    private void readManifest(long w, Set<PageRef> into) throws IOException {
        byte[] bytes;
        try {
            bytes = blobs.readAllBytes(StorageKeys.snapshotIndexJson(w));
        } catch (NoSuchBlobException e) {
            throw new IllegalStateException("root index of retained snapshot " + w + " is missing; nothing is collected", e);
        }
        SnapshotManifest.read(bytes, (project, serial) -> into.add(new PageRef(project, serial)));
    }
}
