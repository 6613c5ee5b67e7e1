package dev.landfall.poller.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The single poller_state row (id = 1): where the changelog is read from and the ledger floor. */
@Entity
@Table(name = "poller_state")
public class PollerState {

    static final int ID = 1;

    @Id
    private int id = ID;
    @Column(name = "cursor_serial", nullable = false)
    private long cursorSerial;
    @Column(name = "ledger_floor", nullable = false)
    private long ledgerFloor;
    @Column(name = "upstream_last_serial", nullable = false)
    private long upstreamLastSerial;
    @Column(name = "initial_projects", nullable = false)
    private long initialProjects;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = Instant.EPOCH;

    protected PollerState() {
        // for JPA
    }

    PollerState(long cursorSerial, long ledgerFloor, long upstreamLastSerial, long initialProjects, Instant updatedAt) {
        this.cursorSerial = cursorSerial;
        this.ledgerFloor = ledgerFloor;
        this.upstreamLastSerial = upstreamLastSerial;
        this.initialProjects = initialProjects;
        this.updatedAt = updatedAt;
    }

    /** The changelog is read from here: every entry with serial ≤ cursor is in the ledger (or deliberately skipped). */
    public long cursorSerial() {
        return cursorSerial;
    }

    /** No snapshot below the floor may be published (docs/architecture.md#initial-sync). */
    public long ledgerFloor() {
        return ledgerFloor;
    }

    public long upstreamLastSerial() {
        return upstreamLastSerial;
    }

    public long initialProjects() {
        return initialProjects;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void advance(long cursor, long upstreamLast, Instant now) {
        this.cursorSerial = Math.max(cursorSerial, cursor);
        this.upstreamLastSerial = Math.max(upstreamLastSerial, upstreamLast);
        this.updatedAt = now;
    }
}
