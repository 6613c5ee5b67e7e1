package dev.landfall.chaos;

import java.time.Duration;

/**
 * The size of one campaign. {@link #shortRun} is part of {@code ./mvnw verify} and must stay green on a
 * busy 2-core machine (one fault of each kind, short windows); {@link #longRun} is the ~30-minute run.
 *
 * @param seed               drives the fault schedule (printed, so a failing run can be replayed)
 * @param projects           simulator projects in the initial history
 * @param churnPerSecond     upstream journal transactions per second during the campaign
 * @param staleProbability   CDN stale pages after a change
 * @param serverErrorRate    CDN 5xx answers
 * @param campaign           how long faults are injected
 * @param killsPerService    kill -9 of each service process
 * @param brokerDown         how long the Kafka broker stays stopped per outage
 * @param postgresDown       how long PostgreSQL stays stopped per outage
 * @param s3Down             how long the S3 server stays stopped per outage
 * @param outagesPerKind     broker, PostgreSQL and S3 outages each
 * @param proxyFault         length of one proxy fault (latency, reset, black hole)
 * @param proxyFaults        proxy faults in total, spread over Kafka, PostgreSQL, S3 and upstream
 * @param garbageWindows     windows in which upstream answers garbage
 * @param drainTimeout       how long the backlog may take to drain after the faults stop
 * @param loadThreads        load generator threads
 * @param serviceHeap        -Xmx of each service JVM
 */
public record ChaosSettings(long seed, int projects, double churnPerSecond, double staleProbability, double serverErrorRate,
                            Duration campaign, int killsPerService, Duration brokerDown, Duration postgresDown, Duration s3Down,
                            int outagesPerKind, Duration proxyFault, int proxyFaults, int garbageWindows, Duration drainTimeout,
                            int loadThreads, String serviceHeap) {

    public static ChaosSettings shortRun(long seed) {
        return new ChaosSettings(seed, 40, 2, 0.2, 0.03, Duration.ofSeconds(150), 1, Duration.ofSeconds(20),
                Duration.ofSeconds(15), Duration.ofSeconds(15), 1, Duration.ofSeconds(6), 4, 1, Duration.ofMinutes(3), 2, "200m");
    }

    public static ChaosSettings longRun(long seed, Duration campaign) {
        int kills = Math.max(20, (int) (campaign.toMinutes() * 0.75));
        return new ChaosSettings(seed, 150, 3, 0.2, 0.03, campaign, kills, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Math.max(2, (int) (campaign.toMinutes() / 6)), Duration.ofSeconds(15),
                Math.max(8, (int) campaign.toMinutes()), Math.max(2, (int) (campaign.toMinutes() / 8)), Duration.ofMinutes(8), 3, "256m");
    }
}
