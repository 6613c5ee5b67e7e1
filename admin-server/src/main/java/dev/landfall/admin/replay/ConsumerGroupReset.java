package dev.landfall.admin.replay;

import dev.landfall.admin.AdminConflictException;
import dev.landfall.admin.AdminProperties;
import dev.landfall.common.event.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.apache.kafka.common.KafkaFuture;
import java.util.stream.Collectors;

/**
 * Kafka-native replay: moves the fetchers' consumer group on {@code landfall.changelog.v1} back (or forward) to an
 * offset or a timestamp with the AdminClient. Kafka allows it only while the group has no active members, so with
 * running fetchers this answers 409: scale them to zero (or stop their listeners), reset, start them again.
 */
public final class ConsumerGroupReset {

    /** Where to move: exactly one of {@code earliest}, {@code latest}, {@code timestamp} or {@code offset}. */
    public record Target(@Nullable String position, @Nullable Instant timestamp, @Nullable Long offset) {
    }

    private final KafkaProperties kafka;
    private final AdminProperties properties;

    public ConsumerGroupReset(KafkaProperties kafka, AdminProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    /** The group's state, members and committed offsets per partition. */
    public Map<String, Object> describe() {
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            ConsumerGroupDescription group = describe(admin);
            Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(properties.consumerGroup())
                    .partitionsToOffsetAndMetadata());
            Map<String, Long> offsets = new TreeMap<>();
            committed.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(Topics.CHANGELOG)) {
                    offsets.put(Integer.toString(tp.partition()), om.offset());
                }
            });
            return Map.of("group", properties.consumerGroup(), "state", String.valueOf(group.groupState()),
                    "members", group.members().size(), "committed", offsets);
        }
    }

    /** Resets the group's offsets on the changelog topic; returns the new offset per partition. */
    public Map<Integer, Long> reset(Target target) {
        int given = (target.position() != null ? 1 : 0) + (target.timestamp() != null ? 1 : 0) + (target.offset() != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of position (earliest|latest), timestamp or offset");
        }
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            ConsumerGroupDescription group = describe(admin);
            if (!group.members().isEmpty()) {
                throw new AdminConflictException("consumer group " + properties.consumerGroup() + " has " + group.members().size()
                        + " active member(s); stop the fetchers (scale to 0) before resetting its offsets");
            }
            TopicDescription topic = get(admin.describeTopics(List.of(Topics.CHANGELOG)).allTopicNames()).get(Topics.CHANGELOG);
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            topic.partitions().forEach(p -> specs.put(new TopicPartition(Topics.CHANGELOG, p.partition()), spec(target)));
            Map<TopicPartition, Long> newOffsets = new HashMap<>();
            if (target.offset() != null) {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(admin.listOffsets(
                        specs.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all());
                specs.keySet().forEach(tp -> newOffsets.put(tp, Math.min(target.offset(), ends.get(tp).offset())));
            } else {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = get(admin.listOffsets(specs).all());
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(admin.listOffsets(
                        specs.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all());
                // A timestamp after the partition's last record has no offset (-1): the end is the right place then.
                found.forEach((tp, info) -> newOffsets.put(tp, info.offset() < 0 ? ends.get(tp).offset() : info.offset()));
            }
            Map<TopicPartition, OffsetAndMetadata> alter = new HashMap<>();
            newOffsets.forEach((tp, o) -> alter.put(tp, new OffsetAndMetadata(o)));
            get(admin.alterConsumerGroupOffsets(properties.consumerGroup(), alter).all());
            Map<Integer, Long> result = new TreeMap<>();
            newOffsets.forEach((tp, o) -> result.put(tp.partition(), o));
            return result;
        }
    }

    private static OffsetSpec spec(Target target) {
        if (target.timestamp() != null) {
            return OffsetSpec.forTimestamp(target.timestamp().toEpochMilli());
        }
        if (target.offset() != null) {
            return OffsetSpec.latest();
        }
        return switch (String.valueOf(target.position())) {
            case "earliest" -> OffsetSpec.earliest();
            case "latest" -> OffsetSpec.latest();
            default -> throw new IllegalArgumentException("position must be earliest or latest, not " + target.position());
        };
    }

    private ConsumerGroupDescription describe(Admin admin) {
        return get(admin.describeConsumerGroups(List.of(properties.consumerGroup())).all()).get(properties.consumerGroup());
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new java.util.NoSuchElementException("consumer group " + properties.consumerGroup() + " not found");
            }
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + properties.kafkaTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
