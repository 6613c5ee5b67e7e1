/** Leader election port and adapters (PostgreSQL advisory lock, in-JVM). */
@NullMarked
package dev.landfall.common.leader;

import org.jspecify.annotations.NullMarked;
