/**
 * The fetch protocol for one project: upstream page parsing (PEP 691 JSON, PEP 503 HTML, JSON API),
 * the pure freshness decision, and rendering of the mirror's own page objects ({@code pages/<p>/<serial>.json|.html}).
 * Decision and rendering classes import no Kafka, JDBC, AWS or HTTP client types.
 */
@NullMarked
package dev.landfall.fetcher.page;

import org.jspecify.annotations.NullMarked;
