/**
 * The servability decision (DESIGN.md "The ledger and the servability rule") as a pure object: no I/O, no Spring.
 */
@NullMarked
package dev.landfall.index.servability;

import org.jspecify.annotations.NullMarked;
