package dev.landfall.index.servability;

/** Outcome of one {@link ServabilityDecision}. */
public sealed interface ServabilityResult {

    /** {@code serial} is the newest servable cut and is newer than the last snapshot. */
    record Servable(long serial) implements ServabilityResult {
    }

    /**
     * No servable cut above the last snapshot (and the floor).
     *
     * @param blockedAt the candidate the search stopped at, for diagnostics
     */
    record NothingNew(long blockedAt) implements ServabilityResult {
    }
}
