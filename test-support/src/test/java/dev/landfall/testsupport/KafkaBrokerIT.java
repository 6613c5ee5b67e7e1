package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

class KafkaBrokerIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void changelogTopicExistsWithEightPartitions() {
        Map<String, TopicDescription> topics = kafka.broker().doWithAdminFunction(admin -> {
            try {
                return admin.describeTopics(List.of(KafkaBroker.CHANGELOG_TOPIC)).allTopicNames().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(topics.get(KafkaBroker.CHANGELOG_TOPIC).partitions()).hasSize(8);
    }

    /** A later test class asking for no broker must not find this one's (dead) address as spring.kafka.bootstrap-servers. */
    @Test
    void closingABrokerWithdrawsTheAddressItPublishedToTheJvm() {
        KafkaBroker other = new KafkaBroker(1);
        other.start("closing");
        String address = other.bootstrapServers();
        try {
            // negative control: while it runs, the embedded broker's address is a JVM-wide system property
            assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(address);
            assertThat(System.getProperty("spring.embedded.kafka.brokers")).isEqualTo(address);
        } finally {
            other.close();
        }
        assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isNotEqualTo(address);
        assertThat(System.getProperty("spring.embedded.kafka.brokers")).isNotEqualTo(address);
    }

    @Test
    void aProducedRecordIsConsumed() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(KafkaBroker.CHANGELOG_TOPIC, "numpy", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(KafkaBroker.CHANGELOG_TOPIC));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("numpy");
                assertThat(r.value()).isEqualTo("hello");
            });
        }
    }
}
