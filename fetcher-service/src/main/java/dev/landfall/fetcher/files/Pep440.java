package dev.landfall.fetcher.files;

import java.util.Locale;
import java.util.regex.Pattern;

/** PEP 440 pre-release detection (the spec's canonical regex, case-insensitive). Pure. */
public final class Pep440 {

    private static final Pattern VERSION = Pattern.compile(
            "v?(?:\\d+!)?\\d+(?:\\.\\d+)*"
                    + "(?<pre>[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\\d*)?"
                    + "(?:-\\d+|[-_.]?(?:post|rev|r)[-_.]?\\d*)?"
                    + "(?<dev>[-_.]?dev[-_.]?\\d*)?"
                    + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?");

    private Pep440() {
    }

    /** True for pre-releases and dev releases; false for final releases and for versions that are not PEP 440. */
    public static boolean isPrerelease(String version) {
        var m = VERSION.matcher(version.strip().toLowerCase(Locale.ROOT));
        return m.matches() && (m.group("pre") != null || m.group("dev") != null);
    }
}
