package dev.landfall.fetcher.page;

import org.jspecify.annotations.Nullable;

/**
 * The freshness decision of docs/architecture.md#fetch-protocol step 2, a pure function of the page's stamp and the
 * event's serial. A stamp below the event's serial is stale and must never be recorded; so is an answer whose
 * stamp is missing or unreadable ({@link Missing}), or whose header and body copy disagree.
 */
public sealed interface Freshness {

    /** Stamp at or above the event's serial: the page satisfies the entry at {@code stamp}. */
    record Fresh(long stamp) implements Freshness { }

    /** Stamp below the event's serial: an old cached copy (PyPI's CDN). */
    record Stale(long stamp) implements Freshness { }

    /** No usable stamp (missing, non-integer, or inconsistent header and body): treated as stale. */
    record Missing(String why) implements Freshness { }

    /**
     * @param serialHeader   raw {@code X-PyPI-Last-Serial}
     * @param bodySerial     the body's copy ({@code meta._last-serial}, {@code <!--SERIAL n-->}, {@code last_serial});
     *                       null when the representation has none
     * @param eventSerial    the serial of the event being served
     */
    static Freshness decide(@Nullable String serialHeader, @Nullable Long bodySerial, long eventSerial) {
        if (serialHeader == null) {
            return new Missing("no X-PyPI-Last-Serial header");
        }
        long stamp;
        try {
            stamp = Long.parseLong(serialHeader.trim());
        } catch (NumberFormatException e) {
            return new Missing("non-integer X-PyPI-Last-Serial '" + printable(serialHeader) + "'");
        }
        if (stamp < 0) {
            return new Missing("negative X-PyPI-Last-Serial " + stamp);
        }
        if (bodySerial != null && bodySerial != stamp) {
            // Header and body come from one cache object; disagreement means a broken answer, not a fresh one.
            return new Missing("X-PyPI-Last-Serial " + stamp + " but the body says " + bodySerial);
        }
        return stamp >= eventSerial ? new Fresh(stamp) : new Stale(stamp);
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
