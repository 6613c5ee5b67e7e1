package dev.landfall.simulator.model;

import org.jspecify.annotations.Nullable;

/** One journal row as {@code changelog_since_serial} returns it: name (display form), version, timestamp, action, serial. */
public record JournalRow(String name, @Nullable String version, long timestamp, String action, long serial) {
}
