package dev.landfall.common.project;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A PyPI project name in its PEP 503 normalized form: lowercase, every run of {@code -_.}
 * collapsed to one {@code -}. The only form used as a key (ledger, Kafka, storage, URLs).
 *
 * <p>Rejects what could escape a storage prefix or a URL path: empty names, path separators,
 * control characters, and names over {@value #MAX_LENGTH} characters.
 */
public record ProjectName(String value) implements Comparable<ProjectName> {

    public static final int MAX_LENGTH = 200;
    private static final Pattern SEPARATOR_RUNS = Pattern.compile("[-_.]+");
    /** PEP 508 valid name, case-insensitive (PyPA "Names and normalization"). */
    private static final Pattern VALID = Pattern.compile("^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$");

    public ProjectName {
        if (!isNormalized(value)) {
            throw new InvalidProjectNameException(value, "not a normalized project name");
        }
    }

    /** Normalizes a display name ({@code Foo_Bar.baz} becomes {@code foo-bar-baz}) after validating it. */
    public static ProjectName of(String raw) {
        validate(raw);
        return new ProjectName(normalize(raw));
    }

    /** PEP 503 normalization without validation. */
    public static String normalize(String raw) {
        return SEPARATOR_RUNS.matcher(raw).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** True if {@code raw} is a valid name already in normalized form. */
    public static boolean isNormalized(String raw) {
        return raw != null && !raw.isEmpty() && raw.length() <= MAX_LENGTH && VALID.matcher(raw).matches()
                && raw.equals(normalize(raw));
    }

    private static void validate(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidProjectNameException(raw, "empty project name");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidProjectNameException(raw.substring(0, 40) + "…", "longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidProjectNameException(raw, "contains a control character");
            }
            if (c == '/' || c == '\\') {
                throw new InvalidProjectNameException(raw, "contains a path separator");
            }
        }
        if (!VALID.matcher(raw).matches()) {
            throw new InvalidProjectNameException(raw, "not a valid project name (PEP 508: letters, digits, '-', '_', '.'; alphanumeric at both ends)");
        }
    }

    @Override
    public int compareTo(ProjectName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
