package dev.landfall.poller;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.common.config.MirrorProperties;
import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.event.Topics;
import dev.landfall.common.leader.LeaderLockConfiguration;
import dev.landfall.poller.upstream.PypiChangelog;
import dev.landfall.poller.upstream.XmlRpcPypiChangelog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Wiring of the changelog poller (docs/architecture.md#service-wiring): its components, the upstream
 * XML-RPC client with retry and circuit breaker, its own Kafka producer (String key, byte[] value from
 * {@code ChangelogEventCodec}, idempotent, acks=all) and the topic it is the only producer of.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage(basePackages = "dev.landfall.poller")
@ComponentScan(basePackages = "dev.landfall.poller",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties({PollerProperties.class, UpstreamProperties.class, FilterProperties.class, MirrorProperties.class})
@Import(LeaderLockConfiguration.class)
public class PollerConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PypiChangelog pypiChangelog(UpstreamProperties upstream, PollerProperties poller) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // one small POST per interval: no h2c upgrade dance
                .connectTimeout(upstream.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Retry retry = Retry.of("pollerUpstream", RetryConfig.custom()
                .maxAttempts(poller.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(poller.retryBackoff(), 2.0))
                .retryOnException(XmlRpcPypiChangelog::isRetryable)
                .build());
        CircuitBreaker circuitBreaker = CircuitBreaker.of("pollerUpstream", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(100)
                .waitDurationInOpenState(poller.circuitOpenFor())
                .build());
        return new XmlRpcPypiChangelog(http, upstream.base(), upstream.userAgent(), upstream.requestTimeout(),
                retry, circuitBreaker);
    }

    @Bean
    ProducerFactory<String, byte[]> pollerProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        factory.setKeySerializer(new StringSerializer());
        factory.setValueSerializer(new ByteArraySerializer());
        return factory;
    }

    @Bean
    KafkaTemplate<String, byte[]> pollerKafkaTemplate(
            @Qualifier("pollerProducerFactory") ProducerFactory<String, byte[]> pollerProducerFactory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(pollerProducerFactory);
        // Failures are logged once per batch by the outbox publisher, not once per record here.
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }

    @Bean
    NewTopic landfallChangelogTopic(PollerProperties poller) {
        return TopicBuilder.name(Topics.CHANGELOG)
                .partitions(poller.topicPartitions())
                .replicas(poller.topicReplication())
                .build();
    }
}
