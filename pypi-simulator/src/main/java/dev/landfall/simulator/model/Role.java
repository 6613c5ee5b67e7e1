package dev.landfall.simulator.model;

/** A project role ({@code Owner} or {@code Maintainer}) held by a user. */
public record Role(String role, String user) {
}
