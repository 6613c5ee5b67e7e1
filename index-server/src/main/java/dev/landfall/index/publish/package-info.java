/**
 * The snapshot publisher: follows the ledger and page versions (in-memory backlog), asks the pure servability
 * decision for the newest servable W and writes the snapshot's root index and {@code snapshot} row (its only writer).
 * Must not depend on the HTTP layer.
 */
@NullMarked
package dev.landfall.index.publish;

import org.jspecify.annotations.NullMarked;
