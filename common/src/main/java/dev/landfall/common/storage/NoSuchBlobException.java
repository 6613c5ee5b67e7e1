package dev.landfall.common.storage;

import java.io.IOException;

/** The requested object does not exist. */
public final class NoSuchBlobException extends IOException {
    public NoSuchBlobException(String key) {
        super("no such object: " + key);
    }
}
