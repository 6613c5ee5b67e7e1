/**
 * Escalation of failures: in-process Resilience4j retries, then the retry topics
 * ({@code landfall.changelog.v1-retry-N}), then the dead-letter topic. Retry versus dead letter is decided in FailureRouting only.
 */
@NullMarked
package dev.landfall.fetcher.retry;

import org.jspecify.annotations.NullMarked;
