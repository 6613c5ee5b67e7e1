package dev.landfall.poller;

import static org.awaitility.Awaitility.await;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.Topics;
import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.poller.metrics.PollerMetrics;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Fixtures for the poller's integration tests: a poller context, the ledger as rows, the topic as records. */
public final class PollerTestSupport {

    private PollerTestSupport() {
    }

    /** One row of changelog_entry as the tests compare it. */
    record Row(long serial, String project, @Nullable String version, String action, long acceptUpto) {
    }

    /** Settings every poller IT shares: fast loop, small pages, quick retries. */
    static Map<String, Object> fastPoller() {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.main.banner-mode", "off");
        p.put("landfall.poller.interval", "100ms");
        p.put("landfall.poller.standby-interval", "200ms");
        p.put("landfall.poller.changelog-page-cap", "50");
        p.put("landfall.poller.retry-attempts", "2");
        p.put("landfall.poller.retry-backoff", "50ms");
        p.put("landfall.poller.circuit-open-for", "1s");
        return p;
    }

    /** Starts a poller as its own process would (no web server: the ITs read metrics and tables directly). */
    static ConfigurableApplicationContext startPoller(Map<String, Object> properties) {
        return new SpringApplicationBuilder(ChangelogPollerApplication.class)
                .web(WebApplicationType.NONE)
                .run(args(properties));
    }

    /** As command-line arguments: they win over application.yml (builder "properties" would not). */
    public static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    static PollerMetrics metrics(ConfigurableApplicationContext ctx) {
        return ctx.getBean(PollerMetrics.class);
    }

    static List<Row> ledger(DataSource ds) {
        return new JdbcTemplate(ds).query(
                "SELECT serial, project, version, action, accept_upto FROM changelog_entry ORDER BY serial",
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
    }

    static @Nullable Long cursor(DataSource ds) {
        return new PollerStateReads(new JdbcTemplate(ds)).current().map(PollerStateReads.PollerPosition::cursorSerial).orElse(null);
    }

    static @Nullable Long floor(DataSource ds) {
        return new PollerStateReads(new JdbcTemplate(ds)).current().map(PollerStateReads.PollerPosition::ledgerFloor).orElse(null);
    }

    static long outboxSize(DataSource ds) {
        Long n = new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM changelog_outbox", Long.class);
        return n == null ? 0 : n;
    }

    static OffsetDateTime updatedAt(DataSource ds) {
        return new JdbcTemplate(ds).queryForObject("SELECT updated_at FROM poller_state WHERE id = 1", OffsetDateTime.class);
    }

    /** Reads the changelog topic from the beginning (all partitions, no consumer group) until at least {@code atLeast} records arrived. */
    static List<ConsumerRecord<String, byte[]>> readTopic(String bootstrap, int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= atLeast;
            });
            // Also read what is there beyond atLeast, so that duplicates would be seen.
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= end;
            });
        }
        return records;
    }

    /** Total records on the changelog topic (sum of end offsets). */
    static long topicSize(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(Topics.CHANGELOG).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    static ChangelogEvent decode(ConsumerRecord<String, byte[]> record) {
        return ChangelogEventCodec.decode(record.value());
    }
}
