package dev.landfall.index.demand;

import dev.landfall.common.demand.DemandReads.UpstreamProject;
import java.util.Optional;

/**
 * What a request for a project missing from the current snapshot gets in on-demand mode. Pure: the caller looks
 * things up in this order and stops as soon as an answer is known, so a blocked or negatively cached name costs
 * no table read and no name ever costs an upstream request (the poller's table of upstream projects answers).
 *
 * <p>Order: blocklist, negative cache, operator removal, upstream table, already demanded, caps. Caps count only
 * NEW demands: a project already demanded is always waited for.
 */
public final class DemandPolicy {

    /** The answer. */
    public sealed interface Outcome {
        /** Wait for the first snapshot holding the project; {@code record}: insert the demand first. */
        record Wait(boolean record) implements Outcome {
        }

        /** 404 at once; {@code negativelyCached}: remember the name as unknown. */
        record NotFound(Reason reason, boolean negativelyCached) implements Outcome {
        }

        /** A cap is reached: 429 (hourly) or 503 (total), both with Retry-After. */
        record CapReached(Cap cap) implements Outcome {
        }
    }

    public enum Reason { BLOCKED, NEGATIVE_CACHE, REMOVED, UNKNOWN_UPSTREAM, GONE_UPSTREAM }

    public enum Cap { PER_HOUR, TOTAL }

    private final int capPerHour;
    private final int capTotal;

    public DemandPolicy(int capPerHour, int capTotal) {
        this.capPerHour = capPerHour;
        this.capTotal = capTotal;
    }

    /** Before any table read: the blocklist and the negative cache. */
    public Optional<Outcome> beforeLookup(boolean blocked, boolean negativelyCached) {
        if (blocked) {
            return Optional.of(new Outcome.NotFound(Reason.BLOCKED, false));
        }
        if (negativelyCached) {
            return Optional.of(new Outcome.NotFound(Reason.NEGATIVE_CACHE, false));
        }
        return Optional.empty();
    }

    /**
     * After the lookups.
     *
     * @param demandedLastHour demands recorded in the last hour
     * @param demandedTotal    demands recorded in total
     */
    public Outcome decide(boolean removed, Optional<UpstreamProject> upstream, boolean alreadyDemanded,
                          long demandedLastHour, long demandedTotal) {
        if (removed) {
            return new Outcome.NotFound(Reason.REMOVED, false);
        }
        if (upstream.isEmpty()) {
            return new Outcome.NotFound(Reason.UNKNOWN_UPSTREAM, true);
        }
        if (!upstream.get().present()) {
            return new Outcome.NotFound(Reason.GONE_UPSTREAM, true);
        }
        if (alreadyDemanded) {
            return new Outcome.Wait(false);
        }
        if (demandedTotal >= capTotal) {
            return new Outcome.CapReached(Cap.TOTAL);
        }
        if (demandedLastHour >= capPerHour) {
            return new Outcome.CapReached(Cap.PER_HOUR);
        }
        return new Outcome.Wait(true);
    }
}
