package dev.landfall.common.project;

import org.jspecify.annotations.Nullable;

/** A project name that cannot be mirrored safely; the message says why. */
public final class InvalidProjectNameException extends IllegalArgumentException {
    private final @Nullable String name;

    public InvalidProjectNameException(@Nullable String name, String reason) {
        super("invalid project name " + (name == null ? "null" : '"' + name.replaceAll("\\p{Cntrl}", "?") + '"') + ": " + reason);
        this.name = name;
    }

    public @Nullable String name() {
        return name;
    }
}
