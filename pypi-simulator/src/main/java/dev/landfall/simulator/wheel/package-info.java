/**
 * Builds the bytes of simulated distributions (real wheels, gzip tar sdists, large seeded blobs) lazily and
 * deterministically, and caches their digests. Zip entries use a fixed timestamp so bytes never depend on the clock.
 */
@NullMarked
package dev.landfall.simulator.wheel;

import org.jspecify.annotations.NullMarked;
