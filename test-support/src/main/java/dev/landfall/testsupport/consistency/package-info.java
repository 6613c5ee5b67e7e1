/**
 * Consistency checking of a running index server against the simulator's oracle (owned by helper
 * "index"): every crawl must equal upstream at exactly one serial W.
 */
@NullMarked
package dev.landfall.testsupport.consistency;

import org.jspecify.annotations.NullMarked;
