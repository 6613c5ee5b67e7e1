/**
 * Snapshots as every service sees them: the one read port of the {@code snapshot} table
 * ({@link dev.landfall.common.snapshot.SnapshotReads}), the root index manifest reader and the retention
 * setting. Writes nothing: the index server's publisher writes the table (README "How it works").
 */
@NullMarked
package dev.landfall.common.snapshot;

import org.jspecify.annotations.NullMarked;
