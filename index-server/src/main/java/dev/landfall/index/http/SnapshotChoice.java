package dev.landfall.index.http;

import dev.landfall.index.snapshot.SnapshotView;

/** Outcome of one {@link SnapshotDecision}: which snapshot answers a page request, and how. */
sealed interface SnapshotChoice {

    /** The run's cookie names this snapshot and this replica can serve it: answer from it, no new cookie. */
    record Stay(SnapshotView view) implements SnapshotChoice {
    }

    /**
     * A new run (no cookie or a garbage one) or one whose snapshot is gone (aged out, never published, or not
     * loadable yet): answer from the current snapshot and pin the run to it with a new cookie.
     */
    record Pin(SnapshotView view) implements SnapshotChoice {
    }

    /** {@code /snapshots/<W>/…} for a retained W: answer from it; its pages never change (immutable). */
    record Pinned(SnapshotView view) implements SnapshotChoice {
    }

    /** {@code /snapshots/<W>/…} for a W this replica does not retain: 404. */
    record NotRetained(long serial) implements SnapshotChoice {
    }

    /** No snapshot has been published yet: 503. */
    record NoSnapshotYet() implements SnapshotChoice {
    }
}
