/**
 * The ledger as the poller writes it (DESIGN.md "The ledger and the servability rule"): tables
 * changelog_entry, changelog_outbox and poller_state, always together in one transaction.
 * Only this package (and the outbox publisher) touch those tables.
 */
@NullMarked
package dev.landfall.poller.ledger;

import org.jspecify.annotations.NullMarked;
