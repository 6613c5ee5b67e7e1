package dev.landfall.fetcher.page;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The version part of a distribution filename (wheel: second dash field; sdist: after the last dash). Pure. */
public final class FilenameVersion {

    private static final String[] SDIST_SUFFIXES = {".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"};

    private FilenameVersion() {
    }

    /** Null when the filename has no recognizable version (legacy installers, eggs without a dash). */
    public static @Nullable String of(String filename) {
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

    /** The platform tag of a wheel ({@code name-ver[-build]-py-abi-plat.whl}), null for anything else. */
    public static @Nullable String wheelPlatform(String filename) {
        if (!filename.toLowerCase(Locale.ROOT).endsWith(".whl")) {
            return null;
        }
        String[] parts = filename.substring(0, filename.length() - 4).split("-");
        return parts.length >= 5 ? parts[parts.length - 1] : null;
    }
}
