/**
 * The Jetty core handlers: PyPI's HTTP surface (simple HTML/JSON, JSON API, files host) and the never-faulted
 * /_sim/ control and oracle endpoints.
 */
@NullMarked
package dev.landfall.simulator.http;

import org.jspecify.annotations.NullMarked;
