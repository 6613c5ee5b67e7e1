package dev.landfall.common.event;

import org.jspecify.annotations.Nullable;

/** A Kafka record that is not a readable {@link ChangelogEvent}; never retried (it cannot get better). */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
