package dev.landfall.index.http;

import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which snapshot answers a page request (run stickiness, README "a landfall-snapshot cookie pins one pip
 * run to the snapshot it started on"): a function of the run cookie's serial and of what the replica can
 * serve, asked through {@link Snapshots} (the only I/O: the catalog may load a view), so it is tested
 * against an in-memory replica.
 *
 * <p>Invariant: a run whose cookie names a snapshot this replica can serve is answered from that
 * snapshot, never from another, so one pip run never mixes two snapshots; a cookie naming a snapshot
 * newer than this replica's current one (another replica polled first) is served from storage rather
 * than falling back to the older current snapshot. Only when the named snapshot cannot be served (aged
 * out, never published, or garbage) is the run re-pinned to the current one. A request without the cookie
 * is answered the same way from its cookie-less run's snapshot (address and user agent within an idle gap,
 * {@code dev.landfall.index.run.RunTable}), which is never older than a snapshot the run already read. A pinned
 * {@code /snapshots/<W>/} path is served from W or not at all.
 */
final class SnapshotDecision {

    /** Longer values are garbage: every 18-digit number fits a {@code long}. */
    private static final int MAX_SERIAL_DIGITS = 18;

    private SnapshotDecision() {
    }

    /** What the replica knows about published snapshots: {@link SnapshotCatalog} in production, a map in tests. */
    interface Snapshots {

        Optional<SnapshotView> current();

        /** W's view if W is the current snapshot or still retained (may load it from storage). */
        Optional<SnapshotView> retainedView(long serial) throws IOException;

        /** W's view if W is newer than the current snapshot and already in storage (may load it). */
        Optional<SnapshotView> newerThanCurrent(long serial) throws IOException;

        static Snapshots of(SnapshotCatalog catalog) {
            return new Snapshots() {
                @Override
                public Optional<SnapshotView> current() {
                    return catalog.current();
                }

                @Override
                public Optional<SnapshotView> retainedView(long serial) throws IOException {
                    return catalog.retainedView(serial);
                }

                @Override
                public Optional<SnapshotView> newerThanCurrent(long serial) throws IOException {
                    return catalog.newerThanCurrent(serial);
                }
            };
        }
    }

    /**
     * For {@code /simple/…}: the snapshot named by the run's cookie when it can be served, else the current one.
     *
     * @param cookieSerial the run cookie's serial ({@link #cookieSerial}), null when absent or garbage
     */
    static SnapshotChoice forRun(@Nullable Long cookieSerial, Snapshots snapshots) throws IOException {
        return forRun(cookieSerial, null, snapshots);
    }

    /**
     * For {@code /simple/…}: the cookie's snapshot when it is sent and can be served (the cookie wins); without a
     * cookie, the snapshot of the client's cookie-less run ({@code dev.landfall.index.run.RunTable}) when it can
     * be served; else the current one. A cookie-less answer always carries a cookie, so a client that keeps
     * cookies is pinned by it from then on, to the same snapshot.
     *
     * @param cookieSerial the run cookie's serial ({@link #cookieSerial}), null when absent or garbage
     * @param runSerial    the cookie-less run's serial, null when stickiness is off; ignored when a cookie is sent
     */
    static SnapshotChoice forRun(@Nullable Long cookieSerial, @Nullable Long runSerial, Snapshots snapshots) throws IOException {
        Long wanted = cookieSerial != null ? cookieSerial : runSerial;
        SnapshotView view = null;
        if (wanted != null) {
            view = snapshots.retainedView(wanted).orElse(null);
            if (view == null) {
                view = snapshots.newerThanCurrent(wanted).orElse(null);
            }
        }
        if (view == null) {
            view = snapshots.current().orElse(null);
        }
        if (view == null) {
            return new SnapshotChoice.NoSnapshotYet();
        }
        // A valid cookie for a servable snapshot pins the run already: only new or re-pinned runs get one.
        return cookieSerial != null && cookieSerial == view.serial() ? new SnapshotChoice.Stay(view) : new SnapshotChoice.Pin(view);
    }

    /** For {@code /snapshots/<W>/simple/…}: W while it is retained; the current snapshot never stands in. */
    static SnapshotChoice forPinned(long serial, Snapshots snapshots) throws IOException {
        Optional<SnapshotView> view = snapshots.retainedView(serial);
        return view.isPresent() ? new SnapshotChoice.Pinned(view.get()) : new SnapshotChoice.NotRetained(serial);
    }

    /** The serial a run cookie's value names: 1 to 18 decimal digits; anything else is garbage (null). */
    static @Nullable Long cookieSerial(@Nullable String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_SERIAL_DIGITS) {
            return null;
        }
        // Character.isDigit, as for W in /snapshots/<W>/: Long.parseLong reads any Unicode decimal digit.
        return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : null;
    }
}
