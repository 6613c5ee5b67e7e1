/**
 * Which snapshot each replica serves: polls the snapshot table, loads root indexes, caches immutable page bytes.
 */
@NullMarked
package dev.landfall.index.snapshot;

import org.jspecify.annotations.NullMarked;
