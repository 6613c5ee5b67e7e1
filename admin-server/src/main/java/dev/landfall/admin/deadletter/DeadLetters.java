package dev.landfall.admin.deadletter;

import dev.landfall.admin.AdminProperties;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.admin.replay.ReplayQueue;
import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the dead-letter topic without a consumer group (assign + seek: inspecting never commits offsets) and
 * re-drives a dead letter by replaying its serial through the outbox; the re-drive is recorded in
 * dead_letter_redrive so the listing shows what was already re-driven.
 */
public final class DeadLetters {

    /** One dead letter as the API shows it. */
    public record DeadLetter(int partition, long offset, Instant timestamp, @Nullable String key, long serial,
                             @Nullable String project, @Nullable String version, @Nullable String action, boolean replay,
                             Map<String, String> headers, @Nullable String decodeError, @Nullable Instant redrivenAt,
                             @Nullable String redrivenBy) {
    }

    private final KafkaProperties kafka;
    private final AdminProperties properties;
    private final JdbcTemplate jdbc;
    private final ReplayQueue replay;
    private final Clock clock;

    public DeadLetters(KafkaProperties kafka, AdminProperties properties, JdbcTemplate jdbc, ReplayQueue replay, Clock clock) {
        this.kafka = kafka;
        this.properties = properties;
        this.jdbc = jdbc;
        this.replay = replay;
        this.clock = clock;
    }

    /** Up to {@code limit} dead letters, oldest first per partition; {@code pendingOnly} hides re-driven ones. */
    public List<DeadLetter> list(int limit, boolean pendingOnly) {
        Map<String, Object[]> redriven = redriven();
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return out;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout());
            Set<TopicPartition> done = new HashSet<>();
            ends.forEach((tp, end) -> {
                if (consumer.position(tp, timeout()) >= end) {
                    done.add(tp);
                }
            });
            long deadline = System.nanoTime() + timeout().toNanos();
            while (done.size() < partitions.size() && out.size() < limit && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() + 1 >= ends.get(tp)) {
                        done.add(tp);
                    }
                    DeadLetter d = toDeadLetter(r, redriven);
                    if ((!pendingOnly || d.redrivenAt() == null) && out.size() < limit) {
                        out.add(d);
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(DeadLetter::serial).thenComparingInt(DeadLetter::partition));
        return out;
    }

    /** One dead letter. @throws NoSuchElementException if there is no record at that position */
    public DeadLetter inspect(int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(Topics.CHANGELOG_DLT, partition);
            if (!partitions(consumer).contains(tp)) {
                throw new NoSuchElementException("no partition " + partition + " in " + Topics.CHANGELOG_DLT);
            }
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + timeout().toNanos();
            while (System.nanoTime() < deadline && consumer.position(tp, timeout()) <= offset
                    && offset < consumer.endOffsets(List.of(tp), timeout()).get(tp)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return toDeadLetter(r, redriven());
                    }
                }
            }
        }
        throw new NoSuchElementException("no dead letter at " + Topics.CHANGELOG_DLT + "/" + partition + "@" + offset);
    }

    /** Replays the dead letter's serial through the outbox and records the re-drive. */
    public DeadLetter redrive(int partition, long offset, AdminCaller who) {
        DeadLetter d = inspect(partition, offset);
        if (d.decodeError() != null || d.serial() < 0) {
            throw new IllegalArgumentException("dead letter " + partition + "@" + offset + " is not a readable event: " + d.decodeError());
        }
        if (!replay.queueSerial(d.serial())) {
            throw new IllegalArgumentException("serial " + d.serial() + " of dead letter " + partition + "@" + offset + " is not in the ledger");
        }
        Instant now = clock.instant();
        int updated = jdbc.update("UPDATE dead_letter_redrive SET redriven_at = ?, redriven_by = ? WHERE dlt_partition = ? AND dlt_offset = ?",
                Timestamp.from(now), who.toString(), partition, offset);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO dead_letter_redrive (dlt_partition, dlt_offset, serial, project, redriven_at, redriven_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", partition, offset, d.serial(), String.valueOf(d.project()), Timestamp.from(now), who.toString());
            } catch (DuplicateKeyException e) {
                // re-driven concurrently by another request: recorded either way
            }
        }
        return inspect(partition, offset);
    }

    private DeadLetter toDeadLetter(ConsumerRecord<String, byte[]> r, Map<String, Object[]> redriven) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            if (h.value() != null) {
                String v = new String(h.value(), StandardCharsets.UTF_8);
                headers.put(h.key(), v.length() > 500 ? v.substring(0, 500) + "..." : v);
            }
        }
        Object[] red = redriven.get(r.partition() + "@" + r.offset());
        Instant redrivenAt = red == null ? null : (Instant) red[0];
        String redrivenBy = red == null ? null : (String) red[1];
        try {
            ChangelogEvent e = ChangelogEventCodec.decode(r.value());
            return new DeadLetter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(), e.serial(), e.project(),
                    e.version(), e.action(), e.replay(), headers, null, redrivenAt, redrivenBy);
        } catch (RuntimeException ex) {
            return new DeadLetter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(), -1, null, null, null,
                    false, headers, String.valueOf(ex.getMessage()), redrivenAt, redrivenBy);
        }
    }

    private Map<String, Object[]> redriven() {
        Map<String, Object[]> m = new HashMap<>();
        jdbc.query("SELECT dlt_partition, dlt_offset, redriven_at, redriven_by FROM dead_letter_redrive", rs -> {
            m.put(rs.getInt(1) + "@" + rs.getLong(2), new Object[] {rs.getTimestamp(3).toInstant(), rs.getString(4)});
        });
        return m;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.CHANGELOG_DLT, timeout());
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        }
        return out;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "landfall-admin-dlt");
        return new KafkaConsumer<>(config);
    }

    private Duration timeout() {
        return properties.kafkaTimeout();
    }
}
