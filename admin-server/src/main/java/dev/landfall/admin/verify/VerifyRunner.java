package dev.landfall.admin.verify;

import dev.landfall.admin.AdminConflictException;
import dev.landfall.admin.AdminProperties;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.admin.replay.ReplayQueue;
import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.snapshot.SnapshotProperties;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.NoSuchBlobException;
import dev.landfall.common.storage.StorageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.io.UncheckedIOException;
import java.io.OutputStream;

/**
 * Runs verify in the background, one run per replica at a time (and refused while another replica's run reports
 * progress). Walks PRESENT page_version rows in (project, serial) order from the run's cursor, checks each page's
 * objects and every file and {@code .metadata} it lists, saves findings and the cursor per batch (so a stopped run
 * resumes where it was), then checks the retained snapshots' root index objects.
 *
 * <p>Incremental: a blob's sha256 recorded at write time (xattr / {@code x-amz-meta-sha256}) is compared without
 * reading the object; only objects without a recorded hash (written behind the mirror's back) are re-hashed, or
 * all with {@code deep}. A database cache of hashes is deliberately not kept: without an object version or ETag it
 * could not tell an unchanged object from one overwritten with the same size.
 *
 * <p>Optionally ({@code upstream}) each project's newest page version is compared with upstream's current stamp
 * (see {@link #compareWithUpstream}); a missed change is repaired by replaying the project's newest entry.
 *
 * <p>Repair, per broken page version (p, s): corrupt blobs are deleted (the fetcher skips files already stored, so it
 * must not find them), then — if (p, s) is p's newest page version and already in a snapshot — the row is deleted
 * ("unlanded") and p's newest ledger entry replayed, so the fetcher lands the page again with every object. The
 * served snapshot is read from its root index and immutable page objects, not from page_version, so it keeps
 * serving meanwhile (a deleted file answers 404 until re-landed). A broken page version newer than the newest
 * snapshot (in flight) is only reported: the next run repairs it once it is published.
 */
public final class VerifyRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(VerifyRunner.class);
    private static final Duration HEARTBEAT = Duration.ofMinutes(2);

    static final String MISSING = "MISSING";
    static final String SIZE_MISMATCH = "SIZE_MISMATCH";
    static final String HASH_MISMATCH = "HASH_MISMATCH";
    static final String UNPARSEABLE = "UNPARSEABLE";
    static final String BEHIND_UPSTREAM = "BEHIND_UPSTREAM";

    private final JdbcTemplate jdbc;
    private final BlobStore blobs;
    private final VerifyRuns runs;
    private final ReplayQueue replay;
    private final AdminProperties properties;
    private final SnapshotReads snapshotReads;
    private final PollerStateReads pollerState;
    private final SnapshotProperties snapshots;
    private final Clock clock;
    private final UpstreamProperties upstream;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "landfall-admin-verify");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;

    public VerifyRunner(JdbcTemplate jdbc, SnapshotReads snapshotReads, PollerStateReads pollerState, BlobStore blobs, VerifyRuns runs,
                        ReplayQueue replay, AdminProperties properties, SnapshotProperties snapshots, UpstreamProperties upstream,
                        Clock clock) {
        this.jdbc = jdbc;
        this.snapshotReads = snapshotReads;
        this.pollerState = pollerState;
        this.upstream = upstream;
        this.http = HttpClient.newBuilder().connectTimeout(upstream.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.blobs = blobs;
        this.runs = runs;
        this.replay = replay;
        this.properties = properties;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** Starts a new run in the background. @throws AdminConflictException if a run is in progress */
    public VerifyRuns.Run start(boolean deep, boolean repair, boolean compareUpstream, AdminCaller who) {
        claim();
        try {
            long id = runs.create(clock.instant(), deep, repair, compareUpstream, who.toString());
            submit(id);
            return runs.get(id);
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    /** Continues a run that stopped (interrupted or failed) from its cursor. */
    public VerifyRuns.Run resume(long id) {
        VerifyRuns.Run run = runs.get(id);
        if ("FINISHED".equals(run.state())) {
            throw new AdminConflictException("verify run " + id + " has finished; start a new one");
        }
        claim();
        try {
            runs.markRunning(id, clock.instant());
            submit(id);
            return runs.get(id);
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    /** Whether a verify run is in progress anywhere (garbage collection waits for it). */
    public boolean inProgress() {
        return busy.get() || runs.activeSince(clock.instant().minus(HEARTBEAT));
    }

    private void claim() {
        if (!busy.compareAndSet(false, true)) {
            throw new AdminConflictException("a verify run is already in progress on this replica");
        }
        if (runs.activeSince(clock.instant().minus(HEARTBEAT))) {
            busy.set(false);
            throw new AdminConflictException("a verify run is in progress (state RUNNING, progress within " + HEARTBEAT + ")");
        }
    }

    private void submit(long id) {
        executor.execute(() -> {
            try {
                run(id);
            } catch (RuntimeException e) {
                // Durable state guarantees the retry: the cursor is saved per batch; the run can be resumed.
                log.warn("verify run {} failed: {}", id, e.toString());
                runs.finish(id, clock.instant(), stopping ? "INTERRUPTED" : "FAILED", e.toString());
            } finally {
                busy.set(false);
            }
        });
    }

    private void run(long id) {
        VerifyRuns.Run run = runs.get(id);
        Progress progress = new Progress(run);
        while (true) {
            if (stopping) {
                runs.finish(id, clock.instant(), "INTERRUPTED", "stopped with the process; resume it");
                return;
            }
            List<PageRow> batch = nextBatch(progress.cursorProject, progress.cursorSerial);
            if (batch.isEmpty()) {
                break;
            }
            Map<PageRow, List<VerifyRuns.Problem>> broken = new LinkedHashMap<>();
            Map<String, Optional<String>> checkedBlobs = new HashMap<>();
            String memoProject = null;
            for (PageRow row : batch) {
                if (!row.project().equals(memoProject)) {
                    checkedBlobs.clear(); // files belong to one project; bounded memo
                    memoProject = row.project();
                }
                List<VerifyRuns.Problem> found = new ArrayList<>(checkPage(row, run.deep(), checkedBlobs, progress));
                if (run.upstream()) {
                    compareWithUpstream(row).ifPresent(found::add);
                }
                if (!found.isEmpty()) {
                    broken.put(row, found);
                }
                progress.checked++;
                progress.cursorProject = row.project();
                progress.cursorSerial = row.serial();
            }
            List<VerifyRuns.Problem> recorded = run.repair() ? repair(broken) : report(broken, "NONE");
            progress.problems += recorded.size();
            runs.addProblems(id, clock.instant(), recorded);
            runs.progress(id, clock.instant(), progress.checked, progress.rehashed, progress.problems,
                    progress.cursorProject, progress.cursorSerial);
        }
        List<VerifyRuns.Problem> snapshotProblems = checkRetainedSnapshots();
        progress.problems += snapshotProblems.size();
        runs.addProblems(id, clock.instant(), snapshotProblems);
        runs.progress(id, clock.instant(), progress.checked, progress.rehashed, progress.problems,
                progress.cursorProject, progress.cursorSerial);
        runs.finish(id, clock.instant(), "FINISHED", null);
    }

    private static final class Progress {
        long checked;
        long rehashed;
        long problems;
        @Nullable String cursorProject;
        @Nullable Long cursorSerial;

        Progress(VerifyRuns.Run run) {
            checked = run.checked();
            rehashed = run.rehashed();
            problems = run.problems();
            cursorProject = run.cursorProject();
            cursorSerial = run.cursorSerial();
        }
    }

    record PageRow(String project, long serial, @Nullable String htmlKey, @Nullable String jsonKey) {
    }

    private List<PageRow> nextBatch(@Nullable String project, @Nullable Long serial) {
        String select = "SELECT project, serial, html_key, json_key FROM page_version WHERE state = 'PRESENT'";
        if (project == null || serial == null) {
            return jdbc.query(select + " ORDER BY project, serial LIMIT ?", VerifyRunner::pageRow, properties.verifyBatch());
        }
        return jdbc.query(select + " AND (project > ? OR (project = ? AND serial > ?)) ORDER BY project, serial LIMIT ?",
                VerifyRunner::pageRow, project, project, serial, properties.verifyBatch());
    }

    private static PageRow pageRow(ResultSet rs, int i) throws SQLException {
        return new PageRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
    }

    private List<VerifyRuns.Problem> checkPage(PageRow row, boolean deep, Map<String, Optional<String>> memo, Progress progress) {
        List<VerifyRuns.Problem> problems = new ArrayList<>();
        if (row.htmlKey() == null || row.jsonKey() == null) {
            problems.add(problem(row, String.valueOf(row.jsonKey()), MISSING, "PRESENT page version without page keys"));
            return problems;
        }
        try {
            if (blobs.stat(row.htmlKey()).isEmpty()) {
                problems.add(problem(row, row.htmlKey(), MISSING, "page object absent"));
            }
            JsonNode page;
            try {
                page = json.readTree(blobs.readAllBytes(row.jsonKey()));
            } catch (NoSuchBlobException e) {
                problems.add(problem(row, row.jsonKey(), MISSING, "page object absent"));
                return problems;
            } catch (RuntimeException e) {
                problems.add(problem(row, row.jsonKey(), UNPARSEABLE, "page JSON does not parse: " + e.getMessage()));
                return problems;
            }
            JsonNode files = page.get("files");
            if (files == null || !files.isArray()) {
                problems.add(problem(row, row.jsonKey(), UNPARSEABLE, "page JSON has no files array"));
                return problems;
            }
            for (JsonNode file : files) {
                String key;
                try {
                    key = StorageKeys.packageKey(file.path("url").asString());
                } catch (IllegalArgumentException e) {
                    problems.add(problem(row, row.jsonKey(), UNPARSEABLE, "file URL: " + e.getMessage()));
                    continue;
                }
                String sha = file.path("hashes").path("sha256").asString();
                long size = file.path("size").isNumber() ? file.path("size").asLong() : -1;
                checkBlob(row, key, size, sha, deep, memo, progress).ifPresent(problems::add);
                JsonNode metadata = file.get("core-metadata");
                if (metadata != null && metadata.isObject() && metadata.has("sha256")) {
                    checkBlob(row, StorageKeys.metadataKey(key), -1, metadata.path("sha256").asString(), deep, memo, progress)
                            .ifPresent(problems::add);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("verifying " + row, e);
        }
        return problems;
    }

    private Optional<VerifyRuns.Problem> checkBlob(PageRow row, String key, long size, String sha256, boolean deep,
                                                   Map<String, Optional<String>> memo, Progress progress) throws IOException {
        Optional<String> known = memo.get(key);
        if (known == null) {
            known = blobProblem(key, size, sha256, deep, progress);
            memo.put(key, known);
        }
        return known.map(kindAndDetail -> {
            int bar = kindAndDetail.indexOf('|');
            return problem(row, key, kindAndDetail.substring(0, bar), kindAndDetail.substring(bar + 1));
        });
    }

    /** "KIND|detail" when the blob is not as the page says, empty when it is. */
    private Optional<String> blobProblem(String key, long size, String sha256, boolean deep, Progress progress) throws IOException {
        Optional<BlobInfo> info = blobs.stat(key);
        if (info.isEmpty()) {
            return Optional.of(MISSING + "|object absent");
        }
        if (size >= 0 && info.get().size() != size) {
            return Optional.of(SIZE_MISMATCH + "|stored " + info.get().size() + " bytes, page says " + size);
        }
        String recorded = info.get().sha256();
        String actual;
        if (recorded != null && !deep) {
            actual = recorded;
        } else {
            try (InputStream in = blobs.get(key)) {
                actual = sha256(in);
            } catch (NoSuchBlobException e) {
                return Optional.of(MISSING + "|object vanished while reading");
            }
            progress.rehashed++;
            if (recorded != null && !recorded.equals(actual)) {
                return Optional.of(HASH_MISMATCH + "|content sha256 " + actual + " differs from the recorded " + recorded);
            }
        }
        if (!actual.equalsIgnoreCase(sha256)) {
            return Optional.of(HASH_MISMATCH + "|sha256 " + actual + ", page says " + sha256);
        }
        return Optional.empty();
    }

    /**
     * For a project's newest page version: upstream's current stamp ({@code X-PyPI-Last-Serial}). A stamp above both
     * this page and every ledger entry of the project, while the poller's cursor has already passed it, means the
     * ledger missed a change: reported as {@value #BEHIND_UPSTREAM}. Upstream errors and CDN-stale answers (lower
     * stamps) are not findings; poller lag is excluded by the cursor condition.
     */
    private Optional<VerifyRuns.Problem> compareWithUpstream(PageRow row) {
        Long newest = jdbc.queryForObject("SELECT MAX(serial) FROM page_version WHERE project = ?", Long.class, row.project());
        if (newest == null || newest != row.serial()) {
            return Optional.empty();
        }
        String path = "/simple/" + row.project() + "/";
        long stamp;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(upstream.base() + path))
                    .timeout(upstream.requestTimeout()).header("User-Agent", upstream.userAgent())
                    .header("Accept", "application/vnd.pypi.simple.v1+json").GET().build(), HttpResponse.BodyHandlers.discarding());
            Optional<String> header = r.headers().firstValue("X-PyPI-Last-Serial");
            if (r.statusCode() != 200 || header.isEmpty()) {
                return Optional.empty();
            }
            stamp = Long.parseLong(header.get().trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Long ledgerMax = jdbc.queryForObject("SELECT MAX(serial) FROM changelog_entry WHERE project = ?", Long.class, row.project());
        Long cursor = pollerState.current().map(PollerStateReads.PollerPosition::cursorSerial).orElse(null);
        boolean missed = stamp > row.serial() && (ledgerMax == null || stamp > ledgerMax) && cursor != null && cursor >= stamp;
        return missed ? Optional.of(problem(row, "upstream:" + path, BEHIND_UPSTREAM, "upstream stamps " + stamp
                + ", the mirror's newest page is " + row.serial() + " and its ledger's newest entry " + ledgerMax)) : Optional.empty();
    }

    private List<VerifyRuns.Problem> repair(Map<PageRow, List<VerifyRuns.Problem>> broken) {
        List<VerifyRuns.Problem> out = new ArrayList<>();
        if (broken.isEmpty()) {
            return out;
        }
        long newestSnapshot = snapshotReads.newest().orElse(-1);
        List<String> replayProjects = new ArrayList<>();
        for (Map.Entry<PageRow, List<VerifyRuns.Problem>> e : broken.entrySet()) {
            PageRow row = e.getKey();
            if (e.getValue().stream().allMatch(p -> BEHIND_UPSTREAM.equals(p.kind()))) {
                // The stored page is intact; upstream has a newer stamp the ledger never recorded: the replay of the
                // newest entry makes a fetcher land upstream's current page (fresh: its stamp is above the entry's).
                replayProjects.add(row.project());
                out.addAll(withAction(e.getValue(), "REPLAYED"));
                continue;
            }
            Long newestRow = jdbc.queryForObject("SELECT MAX(serial) FROM page_version WHERE project = ?", Long.class, row.project());
            boolean published = row.serial() <= newestSnapshot;
            boolean newest = newestRow != null && newestRow == row.serial();
            if (!published) {
                out.addAll(withAction(e.getValue(), "DEFERRED"));
                continue;
            }
            if (!newest) {
                out.addAll(withAction(e.getValue(), "REPORTED_ONLY"));
                continue;
            }
            boolean deleted = false;
            for (VerifyRuns.Problem p : e.getValue()) {
                if ((SIZE_MISMATCH.equals(p.kind()) || HASH_MISMATCH.equals(p.kind())) && p.objectKey().startsWith(StorageKeys.PACKAGES)) {
                    try {
                        blobs.delete(p.objectKey());
                        deleted = true;
                    } catch (IOException ex) {
                        throw new java.io.UncheckedIOException("deleting corrupt " + p.objectKey(), ex);
                    }
                }
            }
            jdbc.update("DELETE FROM page_version WHERE project = ? AND serial = ? AND state = 'PRESENT'", row.project(), row.serial());
            replayProjects.add(row.project());
            out.addAll(withAction(e.getValue(), deleted ? "DELETED_UNLANDED_REPLAYED" : "UNLANDED_REPLAYED"));
        }
        replay.queueLatestOf(replayProjects);
        return out;
    }

    private static List<VerifyRuns.Problem> report(Map<PageRow, List<VerifyRuns.Problem>> broken, String action) {
        List<VerifyRuns.Problem> out = new ArrayList<>();
        broken.values().forEach(list -> out.addAll(withAction(list, action)));
        return out;
    }

    private static List<VerifyRuns.Problem> withAction(List<VerifyRuns.Problem> problems, String action) {
        return problems.stream().map(p -> new VerifyRuns.Problem(p.project(), p.serial(), p.objectKey(), p.kind(), p.detail(), action)).toList();
    }

    /** Root index objects of retained snapshots: present and parseable (the publisher wrote them; reported only). */
    private List<VerifyRuns.Problem> checkRetainedSnapshots() {
        Instant horizon = clock.instant().minus(snapshots.retention());
        List<Long> retained = snapshotReads.retainedSince(horizon).stream().map(SnapshotReads.Published::serial).toList();
        List<VerifyRuns.Problem> out = new ArrayList<>();
        for (long w : retained) {
            try {
                if (blobs.stat(StorageKeys.snapshotIndexHtml(w)).isEmpty()) {
                    out.add(new VerifyRuns.Problem(null, w, StorageKeys.snapshotIndexHtml(w), MISSING, "root index absent", "REPORTED_ONLY"));
                }
                try {
                    JsonNode index = json.readTree(blobs.readAllBytes(StorageKeys.snapshotIndexJson(w)));
                    if (!index.path("projects").isArray()) {
                        out.add(new VerifyRuns.Problem(null, w, StorageKeys.snapshotIndexJson(w), UNPARSEABLE, "no projects array", "REPORTED_ONLY"));
                    }
                } catch (NoSuchBlobException e) {
                    out.add(new VerifyRuns.Problem(null, w, StorageKeys.snapshotIndexJson(w), MISSING, "root index absent", "REPORTED_ONLY"));
                } catch (RuntimeException e) {
                    out.add(new VerifyRuns.Problem(null, w, StorageKeys.snapshotIndexJson(w), UNPARSEABLE, String.valueOf(e.getMessage()), "REPORTED_ONLY"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static VerifyRuns.Problem problem(PageRow row, String key, String kind, String detail) {
        return new VerifyRuns.Problem(row.project(), row.serial(), key, kind, detail, "NONE");
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, digest)) {
                d.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        stopping = true;
        executor.shutdownNow();
    }
}
