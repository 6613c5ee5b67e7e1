/**
 * The fetcher service (docs/architecture.md#fetch-protocol): wiring, configuration and metrics.
 * Consumes {@code landfall.changelog.v1}; writes page objects, files and {@code page_version} rows.
 */
@NullMarked
package dev.landfall.fetcher;

import org.jspecify.annotations.NullMarked;
