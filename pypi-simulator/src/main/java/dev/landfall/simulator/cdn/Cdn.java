package dev.landfall.simulator.cdn;

import dev.landfall.simulator.Faults;
import dev.landfall.simulator.model.Project;
import dev.landfall.simulator.model.ProjectVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per response, which CDN fault (if any) applies. Per-request faults (5xx, slow, truncate, corrupt,
 * garbage) are random; staleness is decided once per (project, representation, version), like a CDN object whose
 * purge was lost, so it lasts for the whole window and another representation may be fresh.
 */
public final class Cdn {

    private final long seed;
    private final Clock clock;
    private volatile Faults faults;
    private final Map<String, ForcedStatus> forced = new ConcurrentHashMap<>();

    public Cdn(long seed, Clock clock, Faults faults) {
        this.seed = seed;
        this.clock = clock;
        this.faults = faults;
    }

    public Faults faults() {
        return faults;
    }

    public void setFaults(Faults f) {
        faults = f;
    }

    public long now() {
        return clock.millis();
    }

    /** Forces {@code status} for the project's pages and files for {@code duration}. */
    public void forceStatus(String project, int status, Duration duration) {
        forced.put(project, new ForcedStatus(status, now() + duration.toMillis()));
    }

    public OptionalInt forcedStatus(String project) {
        ForcedStatus f = forced.get(project);
        if (f == null) {
            return OptionalInt.empty();
        }
        if (f.untilMillis() <= now()) {
            forced.remove(project, f);
            return OptionalInt.empty();
        }
        return OptionalInt.of(f.status());
    }

    /** 0, or 503/502 for an injected server error. */
    public int serverError() {
        double rate = faults.serverErrorRate();
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            return ThreadLocalRandom.current().nextBoolean() ? 503 : 502;
        }
        return 0;
    }

    /** Delay in milliseconds before answering (0 = none). */
    public long slowDelayMillis() {
        Faults f = faults;
        if (f.slowRate() > 0 && ThreadLocalRandom.current().nextDouble() < f.slowRate()) {
            return f.slowDelay().toMillis();
        }
        return 0;
    }

    public boolean truncate() {
        return roll(faults.truncateRate());
    }

    public boolean corrupt() {
        return roll(faults.corruptRate());
    }

    public boolean garbage() {
        return roll(faults.garbageRate());
    }

    /**
     * The version the CDN answers with for {@code rep}: the current one, or (stale) the previous one while the
     * current is younger than the stale window and this object was picked to stay stale. Null means "no version"
     * (a stale answer for a project that did not exist before: a cached 404).
     */
    public @Nullable ProjectVersion select(Project project, ProjectVersion current, Representation rep) {
        Faults f = faults;
        if (f.staleProbability() <= 0 || now() - current.appliedAtMillis() >= f.staleWindow().toMillis()) {
            return current;
        }
        long mix = seed * 0x9E3779B97F4A7C15L + project.name().hashCode() * 31L + rep.ordinal() * 1_000_003L
                + current.serial() * 0xBF58476D1CE4E5B9L;
        if (new SplittableRandom(mix).nextDouble() >= f.staleProbability()) {
            return current;
        }
        return project.before(current);
    }

    /** True if a file published at {@code publishedAtMillis} is still inside the propagation window (404). */
    public boolean notYetPropagated(long publishedAtMillis) {
        long window = faults.notFoundWindow().toMillis();
        return window > 0 && now() - publishedAtMillis < window;
    }

    private static boolean roll(double rate) {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }
}
