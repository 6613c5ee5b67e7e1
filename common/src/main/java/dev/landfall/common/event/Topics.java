package dev.landfall.common.event;

/** Kafka topic names (docs/architecture.md#kafka-topics). The changelog poller is the only producer of {@link #CHANGELOG}. */
public final class Topics {
    /** One record per ledger entry; key = normalized project name. */
    public static final String CHANGELOG = "landfall.changelog.v1";
    /** Dead letters of the fetcher, written by Spring Kafka's {@code @RetryableTopic}. */
    public static final String CHANGELOG_DLT = CHANGELOG + "-dlt";

    private Topics() {
    }
}
