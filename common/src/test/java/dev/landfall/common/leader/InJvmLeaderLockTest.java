package dev.landfall.common.leader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InJvmLeaderLockTest {

    @Test
    void theOnlyProcessAlwaysGetsTheRoleAndReleasesIt() {
        InJvmLeaderLock lock = new InJvmLeaderLock();
        assertThat(lock.holds("poller")).isFalse();
        assertThat(lock.tryAcquire("poller")).isTrue();
        assertThat(lock.holds("poller")).isTrue();
        lock.release("poller");
        assertThat(lock.holds("poller")).isFalse();
        lock.release("poller"); // no-op when not held
    }

    @Test
    void keyIsStablePerRoleAndDiffersBetweenRoles() {
        assertThat(PostgresAdvisoryLeaderLock.key("poller")).isEqualTo(PostgresAdvisoryLeaderLock.key("poller"));
        assertThat(PostgresAdvisoryLeaderLock.key("poller")).isNotEqualTo(PostgresAdvisoryLeaderLock.key("snapshot-publisher"));
    }
}
