/**
 * The ledger as the poller writes it (docs/architecture.md#ledger-and-servability): tables
 * changelog_entry, changelog_outbox and poller_state, always together in one transaction; with them, the
 * on-demand tables it owns: upstream_project (every upstream project's last serial, with each page) and
 * demand_admission (with each admission entry).
 * Only this package (and the outbox publisher) touch those tables.
 */
@NullMarked
package dev.landfall.poller.ledger;

import org.jspecify.annotations.NullMarked;
