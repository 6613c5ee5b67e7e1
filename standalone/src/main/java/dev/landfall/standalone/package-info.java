/**
 * The standalone mirror: poller, fetcher and index server in one JVM with an embedded Kafka
 * broker, an H2 file database and the local-directory blob store; {@code --demo} adds the
 * bundled simulator as upstream.
 */
@NullMarked
package dev.landfall.standalone;

import org.jspecify.annotations.NullMarked;
