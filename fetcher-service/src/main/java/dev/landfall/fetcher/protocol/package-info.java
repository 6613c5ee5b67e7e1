/**
 * The fetch protocol for one event ({@code FetchProtocol}): its steps in order, over the upstream page
 * ({@code page}), the file landing ({@code files}) and the ledger ({@code ledger}). It sits above those packages so
 * they never import each other's callers: {@code files} uses the page model, the protocol uses both, and nothing
 * below imports this package. Writes what the steps write (files, page objects, {@code page_version}) only through them.
 */
@NullMarked
package dev.landfall.fetcher.protocol;

import org.jspecify.annotations.NullMarked;
