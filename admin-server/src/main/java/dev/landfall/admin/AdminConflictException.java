package dev.landfall.admin;

/** An admin operation that cannot run in the current state (answered 409): e.g. the consumer group has members. */
public class AdminConflictException extends RuntimeException {
    public AdminConflictException(String message) {
        super(message);
    }
}
