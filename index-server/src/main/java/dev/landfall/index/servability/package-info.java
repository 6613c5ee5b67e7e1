/**
 * The servability decision (docs/architecture.md#ledger-and-servability) as a pure object: no I/O, no Spring.
 */
@NullMarked
package dev.landfall.index.servability;

import org.jspecify.annotations.NullMarked;
