package dev.landfall.simulator.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** PEP 503 name normalization and the distribution-name escaping used in file names. */
public final class Names {

    private static final Pattern SEPARATOR_RUNS = Pattern.compile("[-_.]+");

    private Names() {
    }

    /** {@code Foo_Bar.baz} becomes {@code foo-bar-baz} (PEP 503). */
    public static String normalize(String name) {
        return SEPARATOR_RUNS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** Wheel file name part: runs of {@code -_.} become one {@code _}, case kept (PEP 427). */
    public static String wheelDist(String displayName) {
        return SEPARATOR_RUNS.matcher(displayName).replaceAll("_");
    }

    /** Sdist file name part (PEP 625): normalized, with {@code _} for separators. */
    public static String sdistDist(String displayName) {
        return normalize(displayName).replace('-', '_');
    }
}
