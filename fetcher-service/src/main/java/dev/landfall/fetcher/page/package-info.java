/**
 * Upstream project pages: fetching one in the representation an attempt asks for, parsing (PEP 691 JSON, PEP 503
 * HTML, JSON API), the pure freshness decision, and rendering of the mirror's own page objects
 * ({@code pages/<p>/<serial>.json|.html}). Decision and rendering classes import no Kafka, JDBC, AWS or HTTP client
 * types. Must not depend on {@code files} or {@code protocol} (the protocol uses this package, not the reverse).
 */
@NullMarked
package dev.landfall.fetcher.page;

import org.jspecify.annotations.NullMarked;
