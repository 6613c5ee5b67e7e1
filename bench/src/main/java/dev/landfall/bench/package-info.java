/**
 * Benchmarks of the whole mirror on one machine (main classes, never run by the build): initial-sync
 * throughput ({@link dev.landfall.bench.SyncBenchmark}) and serving versus nginx ({@link dev.landfall.bench.ServeBenchmark}).
 * {@link dev.landfall.bench.MirrorRig} wires simulator, PostgreSQL, Kafka, storage and the service contexts.
 */
@NullMarked
package dev.landfall.bench;

import org.jspecify.annotations.NullMarked;
