/**
 * The PyPI simulator's public API ({@link dev.landfall.simulator.PypiSimulator}, {@link dev.landfall.simulator.SimulatorConfig},
 * {@link dev.landfall.simulator.Faults}, {@link dev.landfall.simulator.OracleState}) and the runnable main class.
 */
@NullMarked
package dev.landfall.simulator;

import org.jspecify.annotations.NullMarked;
