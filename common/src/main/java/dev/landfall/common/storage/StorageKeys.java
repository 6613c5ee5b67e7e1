package dev.landfall.common.storage;

import dev.landfall.common.project.ProjectName;

/**
 * The object storage layout (docs/architecture.md#storage-layout): the one place that builds keys.
 * <pre>
 * packages/&lt;h0:2&gt;/&lt;h2:4&gt;/&lt;rest&gt;/&lt;filename&gt;[.metadata]   immutable files, PyPI's own path
 * pages/&lt;project&gt;/&lt;serial&gt;.html|.json                       immutable page versions
 * snapshots/&lt;W&gt;/index.html|.json                               root index of snapshot W
 * packages/t/&lt;view&gt;/&lt;random&gt;/&lt;filename&gt;[.metadata]     a team's uploaded files (never garbage-collected)
 * views/&lt;view&gt;/pages/&lt;project&gt;/&lt;local serial&gt;.json          a team's private project pages
 * </pre>
 */
public final class StorageKeys {

    public static final String PACKAGES = "packages/";
    public static final String PAGES = "pages/";
    public static final String SNAPSHOTS = "snapshots/";
    public static final String METADATA_SUFFIX = ".metadata";
    /** Uploaded files: PyPI's own paths start with two hex digits, so {@code t/} never collides with them. */
    public static final String PRIVATE_PACKAGES = PACKAGES + "t/";
    public static final String VIEWS = "views/";

    private StorageKeys() {
    }

    public static String pageHtml(ProjectName project, long serial) {
        return PAGES + project.value() + "/" + serial + ".html";
    }

    public static String pageJson(ProjectName project, long serial) {
        return PAGES + project.value() + "/" + serial + ".json";
    }

    /** An uploaded file of a view; {@code random} (hex) keeps a failed upload's objects apart from any other's. */
    public static String privatePackage(String view, String random, String filename) {
        return requireSafe(PRIVATE_PACKAGES + view + "/" + random + "/" + filename);
    }

    /** The PEP 691 JSON page of a view's private project at a local serial. */
    public static String privatePageJson(String view, ProjectName project, long localSerial) {
        return VIEWS + view + "/pages/" + project.value() + "/" + localSerial + ".json";
    }

    public static String snapshotIndexHtml(long serial) {
        return SNAPSHOTS + serial + "/index.html";
    }

    public static String snapshotIndexJson(long serial) {
        return SNAPSHOTS + serial + "/index.json";
    }

    /**
     * The storage key of an upstream file URL: its path from {@code packages/} on
     * ({@code https://files.pythonhosted.org/packages/0a/1b/…/f.whl} → {@code packages/0a/1b/…/f.whl}).
     *
     * @throws IllegalArgumentException if the path has no {@code /packages/} segment or is unsafe
     */
    public static String packageKey(String urlPath) {
        int at = urlPath.indexOf("/packages/");
        if (at < 0) {
            throw new IllegalArgumentException("file URL has no /packages/ path: " + urlPath);
        }
        String key = urlPath.substring(at + 1);
        int cut = indexOfAny(key, '#', '?');
        if (cut >= 0) {
            key = key.substring(0, cut);
        }
        return requireSafe(key);
    }

    public static String metadataKey(String packageKey) {
        return packageKey + METADATA_SUFFIX;
    }

    /**
     * Rejects keys that could escape the store: empty, absolute, backslashes, control
     * characters, empty, {@code .} or {@code ..} segments, or longer than 1024 characters.
     */
    public static String requireSafe(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024) {
            throw new IllegalArgumentException("unsafe storage key: empty or longer than 1024 characters");
        }
        if (key.startsWith("/") || key.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("unsafe storage key (absolute or backslash): " + printable(key));
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IllegalArgumentException("unsafe storage key (control character): " + printable(key));
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("unsafe storage key (empty, . or .. segment): " + printable(key));
            }
        }
        return key;
    }

    private static String printable(String key) {
        return key.replaceAll("\\p{Cntrl}", "?");
    }

    private static int indexOfAny(String s, char a, char b) {
        int ia = s.indexOf(a);
        int ib = s.indexOf(b);
        if (ia < 0) return ib;
        if (ib < 0) return ia;
        return Math.min(ia, ib);
    }
}
