package dev.landfall.index.http;

import dev.landfall.index.http.HttpCounters.Route;

/**
 * What a hot-path request asks for, read from its path alone (routing, no snapshot and no I/O):
 * a stored file, a page of the run's snapshot, or a page of a pinned snapshot. Pure.
 */
sealed interface RequestTarget {

    String SIMPLE = "/simple";
    String SNAPSHOTS = "/snapshots/";
    String PACKAGES = "/packages/";

    /** {@code /packages/…}: a stored file, by its storage key ({@code packages/…}; only keys there are ever served). */
    record File(String key) implements RequestTarget {
    }

    /** {@code /simple…}: a page of the snapshot the client's run is on (its cookie) or of the current one. */
    record Current(SimplePage page) implements RequestTarget {
    }

    /** {@code /snapshots/<W>/simple…}: a page of snapshot W whatever is current; links in it stay under the prefix. */
    record Pinned(long serial, SimplePage page) implements RequestTarget {
        String prefix() {
            return SNAPSHOTS + serial;
        }
    }

    /** {@code /snapshots/…} not followed by a serial and {@code /simple}: 404. */
    record BadPinnedPath() implements RequestTarget {
    }

    /** Anything else (e.g. {@code /simplex}): not the hot path's, Spring MVC answers. */
    record Elsewhere() implements RequestTarget {
    }

    /** Whether the hot path answers a raw path (cheap prefix test, before any decoding). */
    static boolean owns(String rawPath) {
        return rawPath.startsWith(SIMPLE) || rawPath.startsWith(SNAPSHOTS) || rawPath.startsWith(PACKAGES);
    }

    /**
     * The counters' route of an owned raw path, known before decoding so that 400 and 405 answers are counted too.
     * Decoding never changes it: the prefixes are plain ASCII and an encoded {@code /} is rejected.
     */
    static Route route(String rawPath) {
        if (rawPath.startsWith(PACKAGES)) {
            return Route.PACKAGE;
        }
        if (rawPath.startsWith(SNAPSHOTS)) {
            return Route.PINNED;
        }
        return rawPath.equals(SIMPLE + "/") ? Route.ROOT : Route.PROJECT;
    }

    /** What the decoded (hardened, see {@link RequestPath}) path asks for. */
    static RequestTarget of(String path) {
        if (path.startsWith(PACKAGES)) {
            return new File(path.substring(1));
        }
        if (path.startsWith(SNAPSHOTS)) {
            String rest = path.substring(SNAPSHOTS.length());
            int slash = rest.indexOf('/');
            String w = slash < 0 ? rest : rest.substring(0, slash);
            String sub = slash < 0 ? "" : rest.substring(slash);
            if (w.isEmpty() || w.length() > 18 || !w.chars().allMatch(Character::isDigit) || !isSimple(sub)) {
                return new BadPinnedPath();
            }
            return new Pinned(Long.parseLong(w), SimplePage.of(sub));
        }
        if (isSimple(path)) {
            return new Current(SimplePage.of(path));
        }
        return new Elsewhere();
    }

    private static boolean isSimple(String path) {
        return path.equals(SIMPLE) || path.startsWith(SIMPLE + "/");
    }
}
