/**
 * Consistency checking of a running index server against the simulator's oracle: every crawl (root, pages,
 * links and file bytes) must equal upstream at exactly one serial W. {@link
 * dev.landfall.testsupport.consistency.ConsistencyChecker} does the HTTP; parsing the served pages and the
 * oracle and comparing them are pure classes beside it. Depends on nothing of Landfall's own code: it sees
 * the mirror only over HTTP, as pip does.
 */
@NullMarked
package dev.landfall.testsupport.consistency;

import org.jspecify.annotations.NullMarked;
