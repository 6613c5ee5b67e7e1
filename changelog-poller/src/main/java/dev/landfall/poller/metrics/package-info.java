/** The poller's Micrometer meters ({@code landfall.poller.*}): one place that names them. */
@NullMarked
package dev.landfall.poller.metrics;

import org.jspecify.annotations.NullMarked;
