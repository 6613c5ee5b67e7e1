/**
 * The upstream (PyPI or the simulator) over HTTP: Apache HttpClient 5 classic, pooled, and the specific
 * exceptions for upstream faults, each carrying project and serial.
 */
@NullMarked
package dev.landfall.fetcher.upstream;

import org.jspecify.annotations.NullMarked;
