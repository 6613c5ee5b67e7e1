package dev.landfall.simulator;

import java.time.Duration;

/**
 * The CDN fault layer's settings; every fault is off by default. Rates are probabilities per response.
 *
 * @param staleProbability probability that, after a project changes, one representation of its page (simple JSON,
 *                         simple HTML, JSON API: cached separately) keeps answering with the previous version and
 *                         its old serial for {@code staleWindow}
 * @param staleWindow      how long a stale representation lasts after the change
 * @param notFoundWindow   new files (and their {@code .metadata}) answer 404 for this long after their upload
 * @param serverErrorRate  503/502 answers
 * @param slowRate         responses delayed by {@code slowDelay}
 * @param slowDelay        delay of a slow response
 * @param truncateRate     bodies cut short: full {@code Content-Length} promised, fewer bytes sent, connection closed
 * @param corruptRate      file and metadata bodies with a flipped byte (same length)
 * @param garbageRate      XML-RPC answers malformed XML or an HTML error page with 200; JSON pages invalid JSON
 */
public record Faults(double staleProbability, Duration staleWindow, Duration notFoundWindow, double serverErrorRate,
                     double slowRate, Duration slowDelay, double truncateRate, double corruptRate,
                     double garbageRate) {

    public Faults {
        rate("staleProbability", staleProbability);
        rate("serverErrorRate", serverErrorRate);
        rate("slowRate", slowRate);
        rate("truncateRate", truncateRate);
        rate("corruptRate", corruptRate);
        rate("garbageRate", garbageRate);
        nonNegative("staleWindow", staleWindow);
        nonNegative("notFoundWindow", notFoundWindow);
        nonNegative("slowDelay", slowDelay);
    }

    /** No faults at all. */
    public static Faults none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().staleProbability(staleProbability).staleWindow(staleWindow).notFoundWindow(notFoundWindow)
                .serverErrorRate(serverErrorRate).slowRate(slowRate).slowDelay(slowDelay).truncateRate(truncateRate)
                .corruptRate(corruptRate).garbageRate(garbageRate);
    }

    private static void rate(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1]: " + v);
        }
    }

    private static void nonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration: " + d);
        }
    }

    /** Builder; unset fields keep their "off" defaults (windows 60 s, slow delay 2 s, all rates 0). */
    public static final class Builder {
        private double staleProbability;
        private Duration staleWindow = Duration.ofSeconds(60);
        private Duration notFoundWindow = Duration.ZERO;
        private double serverErrorRate;
        private double slowRate;
        private Duration slowDelay = Duration.ofSeconds(2);
        private double truncateRate;
        private double corruptRate;
        private double garbageRate;

        private Builder() {
        }

        public Builder staleProbability(double v) {
            staleProbability = v;
            return this;
        }

        public Builder staleWindow(Duration v) {
            staleWindow = v;
            return this;
        }

        public Builder notFoundWindow(Duration v) {
            notFoundWindow = v;
            return this;
        }

        public Builder serverErrorRate(double v) {
            serverErrorRate = v;
            return this;
        }

        public Builder slowRate(double v) {
            slowRate = v;
            return this;
        }

        public Builder slowDelay(Duration v) {
            slowDelay = v;
            return this;
        }

        public Builder truncateRate(double v) {
            truncateRate = v;
            return this;
        }

        public Builder corruptRate(double v) {
            corruptRate = v;
            return this;
        }

        public Builder garbageRate(double v) {
            garbageRate = v;
            return this;
        }

        public Faults build() {
            return new Faults(staleProbability, staleWindow, notFoundWindow, serverErrorRate, slowRate, slowDelay,
                    truncateRate, corruptRate, garbageRate);
        }
    }
}
