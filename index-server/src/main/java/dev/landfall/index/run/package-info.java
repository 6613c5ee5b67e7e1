/**
 * Run stickiness for clients that keep no cookies (uv): requests from one client (address and
 * {@code User-Agent}) within an idle gap form a run, and a run reads one snapshot. Pure objects plus one
 * bounded in-memory table ({@link dev.landfall.index.run.RunTable}); no database, no Jetty, no clock (the
 * caller passes the time). Proxy headers count only from configured trusted proxies
 * ({@link dev.landfall.index.run.ClientAddress}).
 */
@NullMarked
package dev.landfall.index.run;

import org.jspecify.annotations.NullMarked;
