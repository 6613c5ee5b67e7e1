package dev.landfall.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An embedded single-node KRaft Kafka broker (spring-kafka-test's {@link EmbeddedKafkaKraftBroker})
 * per test class, with the changelog topic created ({@value #DEFAULT_PARTITIONS} partitions by default).
 *
 * <pre>
 * &#64;RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
 * &#64;DynamicPropertySource static void props(DynamicPropertyRegistry r) { kafka.register(r); }
 * </pre>
 */
public final class KafkaBroker extends ManagedResource {

    /** Same value as {@code dev.landfall.common.event.Topics.CHANGELOG} (common cannot be a dependency here). */
    public static final String CHANGELOG_TOPIC = "landfall.changelog.v1";
    public static final int DEFAULT_PARTITIONS = 8;

    private final int partitions;
    private final List<String> topics;
    private @Nullable EmbeddedKafkaKraftBroker broker;

    /** The changelog topic with {@value #DEFAULT_PARTITIONS} partitions. */
    public KafkaBroker() {
        this(DEFAULT_PARTITIONS);
    }

    /** The changelog topic and {@code extraTopics}, each with {@code partitions} partitions. */
    public KafkaBroker(int partitions, String... extraTopics) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        Set<String> all = new LinkedHashSet<>();
        all.add(CHANGELOG_TOPIC);
        all.addAll(List.of(extraTopics));
        this.partitions = partitions;
        this.topics = List.copyOf(all);
    }

    @Override
    synchronized void start(String owner) {
        if (broker != null) {
            return;
        }
        EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, partitions, topics.toArray(String[]::new));
        // Small and quick: tests never need the default 1 GB segments or long shutdown waits.
        b.brokerProperty("log.segment.bytes", 16 * 1024 * 1024);
        b.brokerProperty("group.initial.rebalance.delay.ms", 0);
        b.brokerProperty("auto.create.topics.enable", true);
        b.afterPropertiesSet();
        broker = b;
    }

    @Override
    synchronized boolean isRunning() {
        return broker != null;
    }

    /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    public int partitions() {
        return partitions;
    }

    public List<String> topics() {
        return topics;
    }

    /** Creates more topics (each with {@link #partitions()} partitions). */
    public synchronized void addTopics(String... names) {
        broker().addTopics(names);
    }

    /** The spring-kafka-test broker, e.g. for {@code KafkaTestUtils} or {@code doWithAdmin}. */
    public synchronized EmbeddedKafkaKraftBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("KafkaBroker not started (register it with @RegisterExtension static final, or call start())");
        }
        return broker;
    }

    /** Sets {@code spring.kafka.bootstrap-servers}. */
    public void register(DynamicPropertyRegistry registry) {
        ManagedResource.register(springProperties(), registry);
    }

    @Override
    Map<String, Supplier<String>> springProperties() {
        return Map.of("spring.kafka.bootstrap-servers", this::bootstrapServers);
    }

    @Override
    public synchronized void close() {
        if (broker == null) {
            return;
        }
        EmbeddedKafkaKraftBroker b = broker;
        broker = null;
        String address = b.getBrokersAsString();
        b.destroy();
        // The embedded broker publishes its address as JVM-wide system properties and never removes them: a later
        // test class in this JVM that asks for no broker would find a dead broker as spring.kafka.bootstrap-servers.
        System.getProperties().remove("spring.kafka.bootstrap-servers", address);
        System.getProperties().remove(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS, address);
    }

    @Override
    public String toString() {
        return "KafkaBroker" + new ArrayList<>(topics) + " x" + partitions;
    }
}
