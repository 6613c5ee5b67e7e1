package dev.landfall.admin.upload;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lands an accepted upload (docs/decisions/011-team-uploads.md), the only writer of {@code private_file},
 * {@code private_project}, {@code team_view_serial} and {@code project_claim}: the file (stored verified against the
 * sha256 computed while receiving it) and its {@code .metadata} under a fresh random key, then, in one transaction
 * that holds the view's serial row locked (uploads to one view are serialized), the immutability and
 * dependency-confusion checks, the project's page object at the new local serial, and the rows with the serial
 * bumped last. Any refusal or failure deletes the objects it wrote: nothing partial is referenced or left.
 */
public final class PrivateUploads {

    private static final Logger log = LoggerFactory.getLogger(PrivateUploads.class);

    /** Why an upload did not land, with the message for the client. */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** What landed. */
    record Landed(String project, String filename, String storageKey, long localSerial) {
    }

    private final JdbcTemplate jdbc;
    private final BlobStore blobs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PrivateUploads(JdbcTemplate jdbc, BlobStore blobs, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Whether the name exists upstream (the poller's {@code upstream_project}, or the ledger of a full mirror). */
    boolean existsUpstream(String project) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM upstream_project WHERE name = ? AND present", Integer.class, project);
        if (known != null && known > 0) {
            return true;
        }
        Integer ledger = jdbc.queryForObject("SELECT COUNT(*) FROM changelog_entry WHERE project = ?", Integer.class, project);
        return ledger != null && ledger > 0;
    }

    boolean claimed(String view, String project) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM project_claim WHERE view_name = ? AND project = ?", Integer.class, view, project);
        return n != null && n > 0;
    }

    boolean isPrivate(String view, String project) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM private_project WHERE view_name = ? AND project = ?", Integer.class, view, project);
        return n != null && n > 0;
    }

    /**
     * Stores and commits one upload; throws {@link Refusal} (nothing stored) when the filename exists in the view or
     * the name exists upstream without a claim.
     */
    Landed land(String view, String tokenId, DistFile dist, CoreMetadata metadata, InputStreamSource content, String sha256, long size)
            throws IOException {
        String key = StorageKeys.privatePackage(view, HexFormat.of().formatHex(randomBytes()), dist.filename());
        String metaKey = StorageKeys.metadataKey(key);
        List<String> written = new ArrayList<>();
        try {
            refuseIfTaken(view, dist);   // early, before any byte is stored; checked again under the lock
            written.add(key);
            try (InputStream in = content.open()) {
                blobs.putVerified(key, in, sha256, size);
            }
            written.add(metaKey);
            blobs.put(metaKey, metadata.bytes());
            String metadataSha = sha256Hex(metadata.bytes());
            insertSerialRowIfAbsent(view);
            Instant now = clock.instant();
            Landed landed = tx.execute(status -> {
                Long serial = jdbc.queryForObject("SELECT local_serial FROM team_view_serial WHERE view_name = ? FOR UPDATE", Long.class, view);
                refuseIfTaken(view, dist);
                if (!isPrivate(view, dist.project()) && existsUpstream(dist.project()) && !claimed(view, dist.project())) {
                    throw new Refusal(403, "Project '" + dist.project() + "' exists on the upstream index; uploading it to view '" + view
                            + "' needs an operator's claim first (dependency-confusion guard: PUT /admin/views/" + view
                            + "/claims/" + dist.project() + ")");
                }
                long next = serial + 1;
                List<PrivatePage.File> files = files(view, dist.project());
                files.add(new PrivatePage.File(dist.filename(), metadata.version(), key, size, sha256, metadataSha,
                        metadata.requiresPython(), now, false, null));
                writePage(view, dist.project(), next, files, written);
                jdbc.update("""
                        INSERT INTO private_file (view_name, filename, project, version, package_type, storage_key, size, sha256,
                          metadata_sha256, requires_python, uploaded_at, token_id, local_serial)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", view, dist.filename(), dist.project(), metadata.version(),
                        dist.type(), key, size, sha256, metadataSha, metadata.requiresPython(), Timestamp.from(now), tokenId, next);
                commitPage(view, dist.project(), next, now);
                return new Landed(dist.project(), dist.filename(), key, next);
            });
            log.info("upload view={} project={} file={} serial={} token={}", view, dist.project(), dist.filename(),
                    landed.localSerial(), tokenId);
            return landed;
        } catch (RuntimeException | IOException e) {
            for (String k : written) {
                try {
                    blobs.delete(k);
                } catch (IOException | RuntimeException cleanup) {
                    log.warn("could not delete {} after a failed upload (unreferenced; safe to delete): {}", k, cleanup.toString());
                }
            }
            throw e;
        }
    }

    /** The project's listed files (not deleted), in upload order. */
    private List<PrivatePage.File> files(String view, String project) {
        return new ArrayList<>(jdbc.query("""
                SELECT filename, version, storage_key, size, sha256, metadata_sha256, requires_python, uploaded_at, yanked, yanked_reason
                FROM private_file WHERE view_name = ? AND project = ? AND deleted_at IS NULL ORDER BY local_serial, filename""",
                (rs, i) -> new PrivatePage.File(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getBoolean(9), rs.getString(10)),
                view, project));
    }

    private void writePage(String view, String project, long serial, List<PrivatePage.File> files, List<String> written) {
        String pageKey = StorageKeys.privatePageJson(view, new ProjectName(project), serial);
        try {
            written.add(pageKey);
            blobs.put(pageKey, PrivatePage.json(project, serial, files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page at {@code serial} becomes the project's, and {@code serial} the view's: last, in the transaction. */
    private void commitPage(String view, String project, long serial, Instant now) {
        if (jdbc.update("UPDATE private_project SET page_serial = ? WHERE view_name = ? AND project = ?", serial, view, project) == 0) {
            jdbc.update("INSERT INTO private_project (view_name, project, page_serial, created_at) VALUES (?, ?, ?, ?)",
                    view, project, serial, Timestamp.from(now));
        }
        jdbc.update("UPDATE team_view_serial SET local_serial = ? WHERE view_name = ?", serial, view);
    }

    /** What the admin API does to a team's own file. */
    enum Change { YANK, UNYANK, DELETE }

    /**
     * Yanks, un-yanks or deletes a file of the view: the row changes, the project's page is rewritten at the next
     * local serial and committed with it. A deleted file keeps its row (its filename stays taken) and its objects are
     * deleted after the commit; the project keeps shadowing its upstream namesake even with no file left.
     *
     * @throws NoSuchElementException if the view has no such (undeleted) file
     */
    long change(String view, String filename, Change change, @Nullable String reason) {
        List<String> written = new ArrayList<>();
        String[] removedKey = new String[1];
        try {
            Long serial = tx.execute(status -> {
                Long current = jdbc.query("SELECT local_serial FROM team_view_serial WHERE view_name = ? FOR UPDATE",
                        rs -> rs.next() ? rs.getLong(1) : null, view);
                List<String[]> file = jdbc.query(
                        "SELECT project, storage_key FROM private_file WHERE view_name = ? AND filename = ? AND deleted_at IS NULL",
                        (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, view, filename);
                if (current == null || file.isEmpty()) {
                    throw new NoSuchElementException("view " + view + " has no file " + filename);
                }
                Instant now = clock.instant();
                switch (change) {
                    case YANK -> jdbc.update("UPDATE private_file SET yanked = TRUE, yanked_reason = ? WHERE view_name = ? AND filename = ?",
                            reason == null ? "" : reason, view, filename);
                    case UNYANK -> jdbc.update("UPDATE private_file SET yanked = FALSE, yanked_reason = NULL WHERE view_name = ? AND filename = ?",
                            view, filename);
                    case DELETE -> {
                        jdbc.update("UPDATE private_file SET deleted_at = ? WHERE view_name = ? AND filename = ?", Timestamp.from(now), view, filename);
                        removedKey[0] = file.get(0)[1];
                    }
                }
                long next = current + 1;
                String project = file.get(0)[0];
                writePage(view, project, next, files(view, project), written);
                commitPage(view, project, next, now);
                return next;
            });
            if (removedKey[0] != null) {
                for (String k : List.of(removedKey[0], StorageKeys.metadataKey(removedKey[0]))) {
                    try {
                        blobs.delete(k);
                    } catch (IOException | RuntimeException e) {
                        log.warn("could not delete {} of a deleted upload (unreferenced; safe to delete): {}", k, e.toString());
                    }
                }
            }
            log.info("upload {} view={} file={} serial={}", change.name().toLowerCase(Locale.ROOT), view, filename, serial);
            return serial;
        } catch (RuntimeException e) {
            for (String k : written) {
                try {
                    blobs.delete(k);
                } catch (IOException | RuntimeException cleanup) {
                    log.warn("could not delete {} after a failed change: {}", k, cleanup.toString());
                }
            }
            throw e;
        }
    }

    /** The view's files, for the admin API (deleted ones included). */
    List<Map<String, Object>> listFiles(String view) {
        return jdbc.queryForList("""
                SELECT filename, project, version, package_type, size, sha256, uploaded_at, token_id, local_serial, yanked,
                  yanked_reason, deleted_at FROM private_file WHERE view_name = ? ORDER BY local_serial, filename""", view);
    }

    private void refuseIfTaken(String view, DistFile dist) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM private_file WHERE view_name = ? AND filename = ?", Integer.class,
                view, dist.filename());
        if (n != null && n > 0) {
            throw new Refusal(400, "File already exists: " + dist.filename() + " was uploaded to view '" + view
                    + "' before; a filename is accepted once (upload a new version instead)");
        }
    }

    private void insertSerialRowIfAbsent(String view) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM team_view_serial WHERE view_name = ?", Integer.class, view);
        if (n == null || n == 0) {
            try {
                jdbc.update("INSERT INTO team_view_serial (view_name, local_serial) VALUES (?, 0)", view);
            } catch (DuplicateKeyException e) {
                // another upload created it first
            }
        }
    }

    // ------------------------------------------------------------------ claims (the confusion guard's exceptions)

    /** Records a claim; false if it existed. */
    boolean claim(String view, String project, String by) {
        try {
            jdbc.update("INSERT INTO project_claim (view_name, project, claimed_at, claimed_by) VALUES (?, ?, ?, ?)",
                    view, project, Timestamp.from(clock.instant()), by);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    boolean unclaim(String view, String project) {
        return jdbc.update("DELETE FROM project_claim WHERE view_name = ? AND project = ?", view, project) > 0;
    }

    List<String> claims(String view) {
        return jdbc.queryForList("SELECT project FROM project_claim WHERE view_name = ? ORDER BY project", String.class, view);
    }

    /** The source of an upload's bytes, opened once per read (the part is kept by the container until the request ends). */
    interface InputStreamSource {
        InputStream open() throws IOException;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
