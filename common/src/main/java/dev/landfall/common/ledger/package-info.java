/**
 * The ledger as other services read it: {@link dev.landfall.common.ledger.PollerStateReads} is the one read port
 * of {@code poller_state}. Writes nothing: the changelog poller owns the ledger tables (their schema is in
 * {@code db/migration}).
 */
@NullMarked
package dev.landfall.common.ledger;

import org.jspecify.annotations.NullMarked;
