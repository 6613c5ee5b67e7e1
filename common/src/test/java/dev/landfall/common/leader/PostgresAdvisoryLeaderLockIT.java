package dev.landfall.common.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two lock instances stand for two processes: each has its own session on the same database. */
class PostgresAdvisoryLeaderLockIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private final PostgresAdvisoryLeaderLock first = new PostgresAdvisoryLeaderLock(db.dataSource());
    private final PostgresAdvisoryLeaderLock second = new PostgresAdvisoryLeaderLock(db.dataSource());

    @AfterEach
    void closeLocks() {
        first.close();
        second.close();
        // The server ends a closed session (and frees its locks) asynchronously: the next test starts clean.
        await().atMost(Duration.ofSeconds(10)).until(() -> advisoryLocksHeld() == 0);
    }

    @Test
    void onlyOneInstanceHoldsARole() {
        assertThat(first.tryAcquire("poller")).isTrue();
        assertThat(second.tryAcquire("poller")).isFalse();
        assertThat(first.tryAcquire("poller")).as("the holder keeps it").isTrue();
    }

    @Test
    void releaseLetsTheStandbyTakeOver() {
        assertThat(first.tryAcquire("poller")).isTrue();
        first.release("poller");
        assertThat(second.tryAcquire("poller")).isTrue();
        assertThat(first.tryAcquire("poller")).isFalse();
    }

    @Test
    void closingTheHolderLetsTheStandbyTakeOver() {
        assertThat(first.tryAcquire("poller")).isTrue();
        assertThat(second.tryAcquire("poller")).isFalse();
        first.close(); // what a dying process does to its session
        // The server frees the lock when it has ended the session, a moment after the close.
        await().atMost(Duration.ofSeconds(10)).until(() -> second.tryAcquire("poller"));
    }

    @Test
    void rolesAreIndependent() {
        assertThat(first.tryAcquire("poller")).isTrue();
        assertThat(second.tryAcquire("snapshot-publisher")).isTrue();
        assertThat(first.tryAcquire("snapshot-publisher")).isFalse();
    }

    @Test
    void aBrokenConnectionLosesLeadership() throws Exception {
        assertThat(first.tryAcquire("poller")).isTrue();
        terminateSessionsHoldingAdvisoryLocks();
        assertThat(first.tryAcquire("poller")).as("liveness check notices the dead session").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.tryAcquire("poller"));
        assertThat(first.tryAcquire("poller")).isFalse();
    }

    @Test
    void negativeControlAHealthyConnectionKeepsLeadership() throws Exception {
        assertThat(first.tryAcquire("poller")).isTrue();
        assertThat(advisoryLocksHeld()).isEqualTo(1);
        assertThat(first.tryAcquire("poller")).isTrue();
        assertThat(second.tryAcquire("poller")).isFalse();
    }

    private static void terminateSessionsHoldingAdvisoryLocks() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"
                    // only this test's database: other suites on the shared server hold advisory locks too
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        }
    }

    private static int advisoryLocksHeld() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                     + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
