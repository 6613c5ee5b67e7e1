/**
 * PyPI's XML-RPC mirroring methods (docs/architecture.md#xml-rpc-changelog) over the JDK HttpClient with a small StAX parser, behind
 * the {@link dev.landfall.poller.upstream.PypiChangelog} port, with Resilience4j retry and circuit breaker.
 * Writes nothing; knows nothing of the ledger, Kafka or the filters.
 */
@NullMarked
package dev.landfall.poller.upstream;

import org.jspecify.annotations.NullMarked;
