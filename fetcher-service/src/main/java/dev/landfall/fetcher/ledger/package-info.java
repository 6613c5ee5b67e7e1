/**
 * The fetcher's view of the ledger: writes {@code page_version} (its only writer), reads
 * {@code changelog_entry} (read-only) for the tombstone decision, which is a pure object here.
 */
@NullMarked
package dev.landfall.fetcher.ledger;

import org.jspecify.annotations.NullMarked;
