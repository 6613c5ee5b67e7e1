/**
 * Landfall index server: publishes snapshots (one replica at a time) and serves them over HTTP.
 */
@NullMarked
package dev.landfall.index;

import org.jspecify.annotations.NullMarked;
