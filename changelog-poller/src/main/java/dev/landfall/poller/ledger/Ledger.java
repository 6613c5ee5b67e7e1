package dev.landfall.poller.ledger;

import dev.landfall.common.project.ProjectName;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes ledger entries, their outbox rows and the poller cursor in ONE transaction, so that a
 * crash leaves either all of them or none (docs/architecture.md#outbox).
 * Entries go in as multi-row INSERTs (hundreds of thousands
 * on an initial sync); the single poller_state row goes through Spring Data JPA.
 *
 * <p>Serials are the primary key and replaying is normal (crash recovery, a start before S0), so
 * serials already present are left as they are and get no outbox row. Check-then-insert instead
 * of {@code ON CONFLICT}: H2 lacks it, and only the leader writes (one active poller: docs/architecture.md#changelog-poller).
 */
@Component
public class Ledger {

    /** Rows per INSERT statement: 1000 × 6 parameters stays below every driver's parameter limit. */
    private static final int ROWS_PER_STATEMENT = 1000;

    private final JdbcTemplate jdbc;
    private final PollerStateRepository states;
    private final Clock clock;

    public Ledger(JdbcTemplate jdbc, PollerStateRepository states, Clock clock) {
        this.jdbc = jdbc;
        this.states = states;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<PollerState> state() {
        return states.findById(PollerState.ID);
    }

    /**
     * Records the initial sync: its entries, their outbox rows and the first poller state.
     *
     * @return the number of entries newly inserted
     */
    @Transactional
    public int recordInitialSync(List<LedgerEntry> entries, long cursor, long floor, long upstreamLast) {
        return recordInitialSync(entries, cursor, floor, upstreamLast, Map.of());
    }

    /**
     * Records the initial sync, and {@code upstream} (every listed project, mirrored or not) as the table of
     * upstream projects.
     *
     * @return the number of entries newly inserted
     */
    @Transactional
    public int recordInitialSync(List<LedgerEntry> entries, long cursor, long floor, long upstreamLast,
                                 Map<ProjectName, Long> upstream) {
        if (states.existsById(PollerState.ID)) {
            throw new IllegalStateException("initial sync already recorded: poller_state exists");
        }
        jdbc.update("DELETE FROM upstream_project");
        List<UpstreamSerial> listed = new ArrayList<>(upstream.size());
        upstream.forEach((p, s) -> listed.add(new UpstreamSerial(p, s, true)));
        insertUpstream(listed);
        int inserted = insertNew(entries);
        states.save(new PollerState(cursor, floor, upstreamLast, entries.size(), clock.instant()));
        return inserted;
    }

    /**
     * Records one changelog page and moves the cursor to {@code cursor} (never backwards).
     *
     * @return the number of entries newly inserted
     */
    @Transactional
    public int recordChangelog(List<LedgerEntry> entries, long cursor, long upstreamLast) {
        return recordChangelog(entries, cursor, upstreamLast, List.of());
    }

    /**
     * Records one changelog page, the newest serial of every project it names (mirrored or not; a serial never goes
     * down) and moves the cursor to {@code cursor} (never backwards).
     *
     * @return the number of entries newly inserted
     */
    @Transactional
    public int recordChangelog(List<LedgerEntry> entries, long cursor, long upstreamLast, List<UpstreamSerial> upstream) {
        upsertUpstream(upstream);
        PollerState state = states.findById(PollerState.ID)
                .orElseThrow(() -> new IllegalStateException("no poller_state: initial sync not recorded"));
        int inserted = insertNew(entries);
        state.advance(cursor, upstreamLast, clock.instant());
        states.save(state);
        return inserted;
    }

    /**
     * Admits demanded projects: each entry (one per project, at its last upstream serial, accepting any stamp up to
     * the cursor) with its outbox row and its demand_admission row, in one transaction. Entries whose serial is
     * already in the ledger are not admitted (the project is mirrored already).
     *
     * @return the projects admitted
     */
    @Transactional
    public List<ProjectName> recordAdmissions(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Set<Long> existing = existingSerials(entries);
        List<LedgerEntry> fresh = entries.stream().filter(e -> !existing.contains(e.serial())).toList();
        insertNew(fresh);
        Instant now = clock.instant();
        jdbc.batchUpdate("INSERT INTO demand_admission (project, serial, accept_upto, admitted_at) VALUES (?,?,?,?)",
                fresh.stream().map(e -> new Object[] {e.project().value(), e.serial(), e.acceptUpto(), Timestamp.from(now)}).toList());
        return fresh.stream().map(LedgerEntry::project).toList();
    }

    /** The newest upstream serial of each project, never lowered (a changelog start offset replays older rows). */
    private void upsertUpstream(List<UpstreamSerial> upstream) {
        if (upstream.isEmpty()) {
            return;
        }
        Map<String, Long> known = new HashMap<>();
        for (int from = 0; from < upstream.size(); from += ROWS_PER_STATEMENT) {
            List<UpstreamSerial> chunk = upstream.subList(from, Math.min(upstream.size(), from + ROWS_PER_STATEMENT));
            String marks = String.join(",", chunk.stream().map(u -> "?").toList());
            jdbc.query("SELECT name, last_serial FROM upstream_project WHERE name IN (" + marks + ")",
                    rs -> {
                        known.put(rs.getString(1), rs.getLong(2));
                    }, chunk.stream().map(u -> u.project().value()).toArray());
        }
        List<UpstreamSerial> newer = upstream.stream()
                .filter(u -> known.getOrDefault(u.project().value(), Long.MIN_VALUE) < u.serial()).toList();
        jdbc.batchUpdate("DELETE FROM upstream_project WHERE name = ?",
                newer.stream().filter(u -> known.containsKey(u.project().value())).map(u -> new Object[] {u.project().value()}).toList());
        insertUpstream(newer);
    }

    private void insertUpstream(List<UpstreamSerial> rows) {
        jdbc.batchUpdate("INSERT INTO upstream_project (name, last_serial, present) VALUES (?,?,?)",
                rows.stream().map(u -> new Object[] {u.project().value(), u.serial(), u.present()}).toList());
    }

    private int insertNew(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        Set<Long> existing = existingSerials(entries);
        Set<Long> seen = new HashSet<>();
        List<LedgerEntry> fresh = new ArrayList<>(entries.size());
        for (LedgerEntry e : entries) {
            if (!existing.contains(e.serial()) && seen.add(e.serial())) {
                fresh.add(e);
            }
        }
        for (int from = 0; from < fresh.size(); from += ROWS_PER_STATEMENT) {
            List<LedgerEntry> chunk = fresh.subList(from, Math.min(fresh.size(), from + ROWS_PER_STATEMENT));
            insertEntries(chunk);
            insertOutbox(chunk);
        }
        return fresh.size();
    }

    private Set<Long> existingSerials(List<LedgerEntry> entries) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LedgerEntry e : entries) {
            min = Math.min(min, e.serial());
            max = Math.max(max, e.serial());
        }
        return new HashSet<>(jdbc.queryForList(
                "SELECT serial FROM changelog_entry WHERE serial BETWEEN ? AND ?", Long.class, min, max));
    }

    private void insertEntries(List<LedgerEntry> chunk) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES ");
        Object[] args = new Object[chunk.size() * 6];
        int i = 0;
        for (LedgerEntry e : chunk) {
            sql.append(i == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)");
            args[i++] = e.serial();
            args[i++] = e.project().value();
            args[i++] = e.version();
            args[i++] = e.action();
            args[i++] = e.occurredAt().atOffset(ZoneOffset.UTC);
            args[i++] = e.acceptUpto();
        }
        jdbc.update(sql.toString(), args);
    }

    private void insertOutbox(List<LedgerEntry> chunk) {
        StringBuilder sql = new StringBuilder("INSERT INTO changelog_outbox (serial) VALUES ");
        Object[] args = new Object[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "(?)" : ",(?)");
            args[i] = chunk.get(i).serial();
        }
        jdbc.update(sql.toString(), args);
    }
}
