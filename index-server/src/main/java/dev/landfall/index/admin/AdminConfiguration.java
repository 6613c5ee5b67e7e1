package dev.landfall.index.admin;

import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.leader.LeaderLock;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.index.SnapshotProperties;
import dev.landfall.index.admin.deadletter.DeadLetters;
import dev.landfall.index.admin.gc.GarbageCollector;
import dev.landfall.index.admin.replay.ConsumerGroupReset;
import dev.landfall.index.admin.replay.ReplayQueue;
import dev.landfall.index.admin.verify.VerifyRunner;
import dev.landfall.index.admin.verify.VerifyRuns;
import java.time.Clock;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin API's beans (names prefixed {@code admin}): properties, audit log, the authentication interceptor on
 * {@code /admin/**}, and the features. Its Kafka clients (AdminClient, the dead-letter consumer) are built per call
 * from Boot's {@link KafkaProperties}: admin calls are rare and must not share the fetchers' clients.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AdminProperties.class, UpstreamProperties.class})
public class AdminConfiguration {

    @Bean
    AdminAudit adminAudit() {
        return new AdminAudit();
    }

    @Bean
    ReplayQueue adminReplayQueue(JdbcTemplate jdbc) {
        return new ReplayQueue(jdbc);
    }

    @Bean
    ConsumerGroupReset adminConsumerGroupReset(KafkaProperties kafka, AdminProperties properties) {
        return new ConsumerGroupReset(kafka, properties);
    }

    @Bean
    DeadLetters adminDeadLetters(KafkaProperties kafka, AdminProperties properties, JdbcTemplate jdbc, ReplayQueue adminReplayQueue, Clock clock) {
        return new DeadLetters(kafka, properties, jdbc, adminReplayQueue, clock);
    }

    @Bean
    VerifyRuns adminVerifyRuns(JdbcTemplate jdbc) {
        return new VerifyRuns(jdbc);
    }

    @Bean
    VerifyRunner adminVerifyRunner(JdbcTemplate jdbc, BlobStore blobs, VerifyRuns adminVerifyRuns, ReplayQueue adminReplayQueue,
                                   AdminProperties properties, SnapshotProperties snapshots, UpstreamProperties upstream, Clock clock) {
        return new VerifyRunner(jdbc, blobs, adminVerifyRuns, adminReplayQueue, properties, snapshots, upstream, clock);
    }

    @Bean
    GarbageCollector adminGarbageCollector(JdbcTemplate jdbc, BlobStore blobs, LeaderLock leaderLock, VerifyRunner adminVerifyRunner,
                                           AdminProperties properties, SnapshotProperties snapshots, Clock clock) {
        return new GarbageCollector(jdbc, blobs, leaderLock, adminVerifyRunner, properties, snapshots, clock);
    }

    @Bean
    WebMvcConfigurer adminAuthenticationConfigurer(AdminProperties properties, AdminAudit adminAudit, Clock clock) {
        AdminAuthentication authentication = new AdminAuthentication(properties,
                new FailedAttemptLimiter(properties.maxFailedAttempts(), properties.failureWindow(), clock), adminAudit);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authentication).addPathPatterns("/admin", "/admin/**");
            }
        };
    }
}
