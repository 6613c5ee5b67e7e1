/**
 * Start-up behaviour every service shares: a service started while its PostgreSQL is unreachable waits
 * for it (reporting live but not ready) instead of exiting. Writes no table.
 */
@NullMarked
package dev.landfall.common.startup;

import org.jspecify.annotations.NullMarked;
