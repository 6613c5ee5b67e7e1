package dev.landfall.index.http;

import dev.landfall.common.project.ProjectName;

/**
 * Which page of a snapshot's simple API a path under {@code /simple} names (PEP 503 URLs: normalized
 * names, a trailing slash), or where to send the client instead. Locations are relative to the
 * snapshot's prefix ({@code ""} or {@code /snapshots/<W>}). Pure.
 */
sealed interface SimplePage {

    /** {@code /simple} without its slash: redirected before any negotiation. */
    record BareSimple() implements SimplePage {
    }

    /** {@code /simple/}: the snapshot's root index. */
    record RootIndex() implements SimplePage {
    }

    /** {@code /simple/<normalized name>/}. */
    record Project(String name) implements SimplePage {
    }

    /** A name to normalize or a missing trailing slash: 301 to {@code location}. */
    record Redirect(String location) implements SimplePage {
    }

    /** Can never name a page (404 with {@code message}). */
    record NotFound(String message) implements SimplePage {
    }

    /** {@code path} is {@code /simple} or starts with {@code /simple/}. */
    static SimplePage of(String path) {
        if (path.equals("/simple")) {
            return new BareSimple();
        }
        String name = path.substring("/simple/".length());
        if (name.isEmpty()) {
            return new RootIndex();
        }
        boolean slash = name.endsWith("/");
        if (slash) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.length() > ProjectName.MAX_LENGTH) {
            return new NotFound("not found");
        }
        if (!isPlainNormalized(name) && !ProjectName.isNormalized(name)) {
            String normalized = ProjectName.normalize(name);
            if (!ProjectName.isNormalized(normalized)) {
                return new NotFound("not a valid project name");
            }
            return new Redirect("/simple/" + normalized + "/");
        }
        if (!slash) {
            return new Redirect("/simple/" + name + "/");
        }
        return new Project(name);
    }

    /**
     * The common case of {@link ProjectName#isNormalized} without its two regular expressions: only
     * {@code [a-z0-9-]}, alphanumeric at both ends, no {@code --}. False means "ask ProjectName".
     */
    static boolean isPlainNormalized(String name) {
        int n = name.length();
        if (n == 0 || n > ProjectName.MAX_LENGTH || name.charAt(0) == '-' || name.charAt(n - 1) == '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (c != '-' || name.charAt(i - 1) == '-')) {
                return false;
            }
        }
        return true;
    }
}
