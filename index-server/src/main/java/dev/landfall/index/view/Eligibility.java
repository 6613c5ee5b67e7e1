package dev.landfall.index.view;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What decides whether a project's page (one page version) is listed by a view at any W, without re-reading the
 * page: computed once per (view policy, page version) by {@link PolicyDecision#eligibility}, so a view's root at
 * a new W only reads the pages that changed, although the cooldown's cutoff moves with every W.
 *
 * @param files          files on the page
 * @param earliestTimed  earliest {@code upload-time} among files the time-free rules keep, null if none has one
 * @param untimedKept    whether a file the time-free rules keep has no {@code upload-time}
 * @param cooldown       whether the policy has a cooldown
 */
record Eligibility(int files, @Nullable Instant earliestTimed, boolean untimedKept, boolean cooldown) {

    /** Whether the view lists the project at a W with this cutoff (name rules aside). */
    boolean listedAt(Instant cutoff) {
        if (files == 0) {
            return true;
        }
        if (!cooldown) {
            return earliestTimed != null || untimedKept;
        }
        return earliestTimed != null && !earliestTimed.isAfter(cutoff);
    }
}
