package dev.landfall.index.view;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a policy reads from a distribution's filename: its version (wheel: second dash field; sdist: after the
 * last dash), whether that version is a PEP 440 pre-release or dev release, and a wheel's platform tag. The same
 * rules as the fetcher's mirror-wide file filter ({@code fetcher-service} {@code FilenameVersion}, {@code Pep440}),
 * kept here because the index server does not depend on the fetcher. Pure.
 */
final class DistFilename {

    private static final String[] SDIST_SUFFIXES = {".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"};
    private static final Pattern VERSION = Pattern.compile(
            "v?(?:\\d+!)?\\d+(?:\\.\\d+)*"
                    + "(?<pre>[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\\d*)?"
                    + "(?:-\\d+|[-_.]?(?:post|rev|r)[-_.]?\\d*)?"
                    + "(?<dev>[-_.]?dev[-_.]?\\d*)?"
                    + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?");

    private DistFilename() {
    }

    /** Null when the filename has no recognizable version. */
    static @Nullable String version(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".whl") || lower.endsWith(".egg")) {
            String[] parts = filename.substring(0, filename.length() - 4).split("-");
            return parts.length >= 2 ? parts[1] : null;
        }
        for (String suffix : SDIST_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                String stem = filename.substring(0, filename.length() - suffix.length());
                int dash = stem.lastIndexOf('-');
                return dash > 0 && dash < stem.length() - 1 ? stem.substring(dash + 1) : null;
            }
        }
        return null;
    }

    /** True for pre-releases and dev releases; false for finals and for versions that are not PEP 440. */
    static boolean isPrerelease(String version) {
        var m = VERSION.matcher(version.strip().toLowerCase(Locale.ROOT));
        return m.matches() && (m.group("pre") != null || m.group("dev") != null);
    }

    /** The platform tag of a wheel ({@code name-ver[-build]-py-abi-plat.whl}), null for anything else. */
    static @Nullable String wheelPlatform(String filename) {
        if (!filename.toLowerCase(Locale.ROOT).endsWith(".whl")) {
            return null;
        }
        String[] parts = filename.substring(0, filename.length() - 4).split("-");
        return parts.length >= 5 ? parts[parts.length - 1] : null;
    }
}
