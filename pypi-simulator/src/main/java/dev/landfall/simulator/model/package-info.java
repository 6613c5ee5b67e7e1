/**
 * The simulated PyPI world: projects, releases, files and the journal. Deterministic from the seed; every
 * transaction is applied atomically so a project's page stamp only moves once all rows of one upload are in.
 * Keeps every project version so any past serial can be reconstructed. Depends on nothing but the JDK.
 */
@NullMarked
package dev.landfall.simulator.model;

import org.jspecify.annotations.NullMarked;
