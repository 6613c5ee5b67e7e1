/**
 * The oracle: the exact state of the simulated index at any serial W, as Java records and as JSON.
 */
@NullMarked
package dev.landfall.simulator.oracle;

import org.jspecify.annotations.NullMarked;
