/** The changelog event carried on Kafka and its JSON wire format (no Kafka types here). */
@NullMarked
package dev.landfall.common.event;

import org.jspecify.annotations.NullMarked;
