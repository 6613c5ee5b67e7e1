package dev.landfall.admin;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminAuthentication;
import dev.landfall.admin.deadletter.DeadLetters;
import dev.landfall.admin.gc.GarbageCollector;
import dev.landfall.admin.replay.ConsumerGroupReset;
import dev.landfall.admin.replay.ReplayQueue;
import dev.landfall.admin.token.TeamTokens;
import dev.landfall.admin.token.TokenGate;
import dev.landfall.admin.upload.PrivateUploads;
import dev.landfall.admin.verify.VerifyRunner;
import dev.landfall.admin.verify.VerifyRuns;
import dev.landfall.admin.view.ViewSeed;
import dev.landfall.admin.view.ViewSeedProperties;
import dev.landfall.admin.view.ViewStore;
import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.leader.LeaderLock;
import dev.landfall.common.leader.LeaderLockConfiguration;
import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.snapshot.SnapshotProperties;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageConfiguration;
import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin server's beans (names prefixed {@code admin}, so the standalone context can hold every service):
 * properties, audit log, the authentication interceptor on {@code /admin/**}, and the features; the controllers
 * are found by the component scan. Its Kafka clients (AdminClient, the dead-letter consumer) are built per call
 * from Boot's {@link KafkaProperties}: admin calls are rare and must not share the fetchers' clients.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = "dev.landfall.admin",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties({AdminProperties.class, UpstreamProperties.class, SnapshotProperties.class, ViewSeedProperties.class})
@Import({StorageConfiguration.class, LeaderLockConfiguration.class})
public class AdminServerConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

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
        return new VerifyRunner(jdbc, new SnapshotReads(jdbc), new PollerStateReads(jdbc), blobs, adminVerifyRuns, adminReplayQueue,
                properties, snapshots, upstream, clock);
    }

    @Bean
    GarbageCollector adminGarbageCollector(JdbcTemplate jdbc, BlobStore blobs, LeaderLock leaderLock, VerifyRunner adminVerifyRunner,
                                           AdminProperties properties, SnapshotProperties snapshots, Clock clock) {
        return new GarbageCollector(jdbc, new SnapshotReads(jdbc), blobs, leaderLock, adminVerifyRunner, properties, snapshots, clock);
    }

    @Bean
    ViewStore adminViewStore(JdbcTemplate jdbc, Clock clock) {
        return new ViewStore(jdbc, clock);
    }

    @Bean
    ViewSeed adminViewSeed(ViewSeedProperties properties, ViewStore adminViewStore, AdminAudit adminAudit) {
        return new ViewSeed(properties, adminViewStore, adminAudit);
    }

    @Bean
    TeamTokens adminTeamTokens(JdbcTemplate jdbc, Clock clock) {
        return new TeamTokens(jdbc, clock);
    }

    @Bean
    TokenGate adminTokenGate(TeamTokens adminTeamTokens, AdminProperties properties, Clock clock) {
        return new TokenGate(adminTeamTokens, properties, clock);
    }

    @Bean
    PrivateUploads adminPrivateUploads(JdbcTemplate jdbc, BlobStore blobs, PlatformTransactionManager transactionManager, Clock clock) {
        return new PrivateUploads(jdbc, blobs, transactionManager, clock);
    }

    @Bean
    WebMvcConfigurer adminAuthenticationConfigurer(AdminProperties properties, AdminAudit adminAudit, Clock clock) {
        AdminAuthentication authentication = new AdminAuthentication(properties, adminAudit, clock);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authentication).addPathPatterns("/admin", "/admin/**");
            }
        };
    }
}
