package dev.landfall.simulator;

/**
 * Release {@code version} of {@code project} hard-requires {@code requires==requiresVersion}, a release uploaded
 * just before it; visible from {@code serial} on. Names are normalized.
 */
public record CoupledRelease(String project, String version, String requires, String requiresVersion, long serial) {
}
