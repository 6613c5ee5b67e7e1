/** Integration tests of the fetcher with real PostgreSQL, Kafka, an S3 API server and the simulator as upstream. */
@NullMarked
package dev.landfall.fetcher.it;

import org.jspecify.annotations.NullMarked;
