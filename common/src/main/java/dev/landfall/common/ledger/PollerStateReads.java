package dev.landfall.common.ledger;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one reader of the {@code poller_state} row outside the poller, which writes it (in the same transaction as
 * the ledger entries it covers): the publisher, the status page, verify, standalone and the benchmarks read the
 * poller's position here.
 */
public final class PollerStateReads {

    /**
     * The poller's position.
     *
     * @param cursorSerial       the ledger holds every journal entry up to this serial
     * @param ledgerFloor        no snapshot below it is ever published (the initial listing's serial)
     * @param upstreamLastSerial upstream's last serial as last seen by the poller
     * @param initialProjects    projects in the initial listing
     */
    public record PollerPosition(long cursorSerial, long ledgerFloor, long upstreamLastSerial, long initialProjects) {
    }

    private final JdbcTemplate jdbc;

    public PollerStateReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The position, empty until the poller recorded its initial sync. */
    public Optional<PollerPosition> current() {
        List<PollerPosition> rows = jdbc.query(
                "SELECT cursor_serial, ledger_floor, upstream_last_serial, initial_projects FROM poller_state WHERE id = 1",
                (rs, i) -> new PollerPosition(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        return rows.stream().findFirst();
    }
}
