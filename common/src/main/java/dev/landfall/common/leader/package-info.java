/**
 * Leader election port ({@link dev.landfall.common.leader.LeaderLock}) and its adapters: a PostgreSQL
 * session advisory lock on a dedicated connection (deployments) and an in-JVM lock (standalone, H2).
 * Writes no table; depends only on {@code java.sql} and Spring's configuration annotations.
 */
@NullMarked
package dev.landfall.common.leader;

import org.jspecify.annotations.NullMarked;
