/**
 * Operator status page, status.json, readiness and metrics.
 */
@NullMarked
package dev.landfall.index.status;

import org.jspecify.annotations.NullMarked;
