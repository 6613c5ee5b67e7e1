package dev.landfall.poller.upstream;

import org.jspecify.annotations.Nullable;

/**
 * One {@code changelog_since_serial} tuple as upstream sent it: {@code [name, version, timestamp, action, serial]}.
 * The name is in display form and not yet validated (docs/architecture.md#xml-rpc-changelog).
 *
 * @param timestamp Unix seconds, UTC
 */
public record UpstreamJournalRow(String name, @Nullable String version, long timestamp, String action, long serial) {
}
