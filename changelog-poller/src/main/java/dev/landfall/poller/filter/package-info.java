/**
 * The mirrored set (landfall.mirror.mode, {@link dev.landfall.poller.filter.MirrorScope}) over the project filters
 * of common ({@code ProjectFilter}, also used by the index server for the blocklist; docs/architecture.md#filters):
 * which projects enter the ledger at all. Pure decision code:
 * no Kafka, JDBC or HTTP. File-level filters are the fetcher's job.
 */
@NullMarked
package dev.landfall.poller.filter;

import org.jspecify.annotations.NullMarked;
