package dev.landfall.common.leader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaderLock} on PostgreSQL session-level advisory locks ({@code pg_try_advisory_lock}).
 *
 * <p>Why a dedicated connection held open: a session lock lives exactly as long as the database
 * session that took it, so the connection is the lease. When the process dies, PostgreSQL ends the
 * session and a standby's next {@code tryAcquire} wins. When the connection breaks while this
 * process lives, the lock may already belong to someone else, so leadership is treated as lost:
 * every {@link #tryAcquire} of a held role first checks the connection is alive (a round trip) and
 * answers false if it is not. The connection is closed (returned to the pool) when no role is held.
 */
final class PostgresAdvisoryLeaderLock implements LeaderLock, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresAdvisoryLeaderLock.class);
    private static final int LIVENESS_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final Set<String> held = new HashSet<>();
    private @Nullable Connection connection;

    public PostgresAdvisoryLeaderLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public synchronized boolean tryAcquire(String role) {
        if (held.contains(role)) {
            if (connectionAlive()) {
                return true;
            }
            log.warn("Leader lock connection broken: leadership of {} lost", held);
            dropConnection();
            return false;
        }
        try {
            Connection c = openConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key(role));
                try (ResultSet rs = ps.executeQuery()) {
                    boolean acquired = rs.next() && rs.getBoolean(1);
                    if (acquired) {
                        held.add(role);
                    } else if (held.isEmpty()) {
                        dropConnection();
                    }
                    return acquired;
                }
            }
        } catch (SQLException e) {
            log.warn("Leader lock for {} not acquired: {}", role, e.getMessage());
            dropConnection();
            return false;
        }
    }

    @Override
    public synchronized void release(String role) {
        if (!held.remove(role)) {
            return;
        }
        Connection c = connection;
        if (c != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, key(role));
                ps.executeQuery().close();
            } catch (SQLException e) {
                // The session is gone or going: PostgreSQL drops its locks with it.
                log.debug("Unlock of {} failed: {}", role, e.getMessage());
                dropConnection();
            }
        }
        if (held.isEmpty()) {
            dropConnection();
        }
    }

    /** Releases every role by ending the session. */
    @Override
    public synchronized void close() {
        dropConnection();
    }

    /** A stable 64-bit advisory lock key per role name (first 8 bytes of SHA-256). */
    static long key(String role) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("landfall-leader:" + role).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Connection openConnection() throws SQLException {
        Connection c = connection;
        if (c == null) {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            connection = c;
        }
        return c;
    }

    private boolean connectionAlive() {
        Connection c = connection;
        try {
            return c != null && c.isValid(LIVENESS_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void dropConnection() {
        held.clear();
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("Closing the leader lock connection failed: {}", e.getMessage());
            }
        }
    }
}
