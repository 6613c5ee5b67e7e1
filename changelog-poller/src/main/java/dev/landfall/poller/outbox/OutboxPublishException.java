package dev.landfall.poller.outbox;

/** A batch of outbox rows was not acknowledged by Kafka; the rows stay and are sent again. */
public final class OutboxPublishException extends RuntimeException {
    public OutboxPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
