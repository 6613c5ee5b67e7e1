package dev.landfall.simulator;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * How to start a simulator.
 *
 * @param seed              drives everything (same seed, same journal, same bytes)
 * @param projects          projects created in the initial history (each with 1–6 releases)
 * @param port              TCP port on 127.0.0.1; 0 picks a free one
 * @param churnPerSecond    journal transactions applied per second in the background; 0 = none
 * @param faults            the CDN fault layer
 * @param largeFiles        number of 5–40 MB source distributions in the initial history
 * @param changelogPageSize row cap of one {@code changelog_since_serial} call (PyPI: 50,000)
 * @param listingLag        {@code list_packages_with_serial} reflects the state this many serials ago (PyPI's cache)
 * @param clock             wall clock for the CDN's time windows and project faults
 * @param host              address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
 * @param publicUrl         base URL written into pages (absolute file URLs); null = {@code http://<host>:<port>}
 */
public record SimulatorConfig(long seed, int projects, int port, double churnPerSecond, Faults faults, int largeFiles,
                              int changelogPageSize, long listingLag, Clock clock, String host,
                              @Nullable String publicUrl) {

    public SimulatorConfig {
        if (projects < 1) {
            throw new IllegalArgumentException("projects must be >= 1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (churnPerSecond < 0 || largeFiles < 0 || listingLag < 0) {
            throw new IllegalArgumentException("churnPerSecond, largeFiles and listingLag must be >= 0");
        }
        if (changelogPageSize < 1) {
            throw new IllegalArgumentException("changelogPageSize must be >= 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with defaults: seed 1, 300 projects, random port, no churn, no faults, no large files. */
    public static final class Builder {
        private long seed = 1;
        private int projects = 300;
        private int port;
        private double churnPerSecond;
        private Faults faults = Faults.none();
        private int largeFiles;
        private int changelogPageSize = 50_000;
        private long listingLag;
        private Clock clock = Clock.systemUTC();
        private String host = "127.0.0.1";
        private @Nullable String publicUrl;

        private Builder() {
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder projects(int v) {
            projects = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder churnPerSecond(double v) {
            churnPerSecond = v;
            return this;
        }

        public Builder faults(Faults v) {
            faults = v;
            return this;
        }

        public Builder largeFiles(int v) {
            largeFiles = v;
            return this;
        }

        public Builder changelogPageSize(int v) {
            changelogPageSize = v;
            return this;
        }

        public Builder listingLag(long v) {
            listingLag = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder publicUrl(@Nullable String v) {
            publicUrl = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(seed, projects, port, churnPerSecond, faults, largeFiles, changelogPageSize,
                    listingLag, clock, host, publicUrl);
        }
    }
}
