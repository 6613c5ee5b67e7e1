package dev.landfall.fetcher.kafka;

import dev.landfall.common.event.Topics;
import dev.landfall.fetcher.FetcherProperties;
import dev.landfall.fetcher.retry.RetryTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The fetcher's own Kafka beans (docs/architecture.md#service-wiring: no reliance on Boot's auto-configured
 * serializers; names prefixed {@code fetcher}). Keys are normalized project names (String), values are
 * {@code ChangelogEventCodec} bytes.
 */
@Configuration(proxyBeanMethods = false)
class FetcherKafkaConfiguration {

    @Bean
    public ConsumerFactory<String, byte[]> fetcherConsumerFactory(KafkaProperties kafka, FetcherProperties properties) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, properties.maxPollInterval().toMillis()));
        return new DefaultKafkaConsumerFactory<>(config);
    }

    /**
     * Batch listener on the changelog topic. Offsets are committed after the listener returns, i.e. after every event
     * of the batch is landed or safely forwarded; an exception (a failed forward) redelivers the batch.
     */
    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, byte[]> fetcherKafkaListenerContainerFactory(
            @Qualifier("fetcherConsumerFactory") ConsumerFactory<String, byte[]> consumerFactory, FetcherProperties properties) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(properties.listenerConcurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff()));
        return factory;
    }

    /** Single-record containers for the retry topics, manual acks (a record not yet due is nacked with a pause). */
    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, byte[]> fetcherRetryListenerContainerFactory(
            @Qualifier("fetcherConsumerFactory") ConsumerFactory<String, byte[]> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(false);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        // a paused consumer notices the end of a nack sleep only when its poll returns: keep that short
        factory.getContainerProperties().setPollTimeout(500);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff()));
        return factory;
    }

    private static ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff;
    }

    @Bean
    public ProducerFactory<String, byte[]> fetcherProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        return factory;
    }

    @Bean
    public KafkaTemplate<String, byte[]> fetcherKafkaTemplate(
            @Qualifier("fetcherProducerFactory") ProducerFactory<String, byte[]> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    /** Creates the retry topics and the DLT if absent (and the changelog topic, so a fetcher can start first). */
    @Bean
    public KafkaAdmin.NewTopics fetcherTopics(RetryTopics retryTopics, FetcherProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(TopicBuilder.name(Topics.CHANGELOG).partitions(properties.changelogPartitions()).build());
        for (String name : retryTopics.names()) {
            topics.add(TopicBuilder.name(name).partitions(properties.retryTopicPartitions()).build());
        }
        topics.add(TopicBuilder.name(retryTopics.deadLetters()).partitions(properties.retryTopicPartitions()).build());
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
