/**
 * The CDN fault layer: stale representations, propagation 404s, 5xx, slow, truncated, corrupted and garbage
 * responses. Applies to the PyPI surface only.
 */
@NullMarked
package dev.landfall.simulator.cdn;

import org.jspecify.annotations.NullMarked;
