package dev.landfall.poller.ledger;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data access to the single poller_state row. */
interface PollerStateRepository extends JpaRepository<PollerState, Integer> {
}
