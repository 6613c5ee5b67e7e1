package dev.landfall.index;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.common.config.MirrorProperties;
import dev.landfall.common.leader.LeaderLock;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.index.demand.OnDemandRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.context.annotation.Lazy;
import dev.landfall.common.leader.LeaderLockConfiguration;
import dev.landfall.common.snapshot.SnapshotProperties;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageConfiguration;
import dev.landfall.index.http.HttpCounters;
import dev.landfall.index.http.IndexHandler;
import dev.landfall.index.http.JettyFrontHandler;
import dev.landfall.index.http.TeamViewHandler;
import dev.landfall.index.publish.SnapshotPublisher;
import dev.landfall.index.run.RunTable;
import dev.landfall.index.run.TrustedProxies;
import dev.landfall.index.snapshot.PageCache;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.status.IndexMetrics;
import dev.landfall.index.status.SnapshotHealthIndicator;
import dev.landfall.index.status.StatusSampler;
import dev.landfall.index.view.TeamViews;
import dev.landfall.index.view.ViewRefresh;
import dev.landfall.index.view.ViewServingProperties;
import dev.landfall.common.ledger.LedgerTimes;
import dev.landfall.common.view.ViewReads;
import dev.landfall.common.team.PrivateReads;
import dev.landfall.index.team.ReadTokens;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The index server's beans (docs/architecture.md#service-wiring): snapshot publisher, snapshot catalog and
 * page cache, the Jetty hot-path handler, status page, readiness and metrics. Bean names carry
 * an {@code index} prefix so the standalone context can hold every service.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage(basePackages = "dev.landfall.index")
@ComponentScan(basePackages = "dev.landfall.index",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties({IndexProperties.class, SnapshotProperties.class, ViewServingProperties.class,
        FilterProperties.class, MirrorProperties.class})
@Import({StorageConfiguration.class, LeaderLockConfiguration.class})
public class IndexServerConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SnapshotPublisher indexSnapshotPublisher(JdbcTemplate jdbc, BlobStore blobs, LeaderLock leaderLock, Clock clock, IndexProperties properties) {
        return new SnapshotPublisher(jdbc, blobs, leaderLock, clock, properties);
    }

    @Bean
    PageCache indexPageCache(BlobStore blobs, IndexProperties properties) {
        return new PageCache(blobs, properties.cacheSizeBytes());
    }

    @Bean
    SnapshotCatalog indexSnapshotCatalog(JdbcTemplate jdbc, PageCache indexPageCache, Clock clock, SnapshotProperties snapshots) {
        return new SnapshotCatalog(new SnapshotReads(jdbc), indexPageCache, clock, snapshots);
    }

    @Bean
    HttpCounters indexHttpCounters() {
        return new HttpCounters();
    }

    /** Created only in on-demand mode (lazy, asked for by the handler); otherwise a missing project is a plain 404. */
    @Bean
    @Lazy
    OnDemandRequests indexOnDemandRequests(SnapshotCatalog catalog, JdbcTemplate jdbc, BlobStore blobs, FilterProperties filter,
                                           MirrorProperties mirror, Clock clock, ObjectProvider<MeterRegistry> registry) {
        return new OnDemandRequests(catalog, jdbc, blobs, ProjectFilter.of(filter), mirror, clock,
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    IndexHandler indexHandler(SnapshotCatalog catalog, PageCache cache, BlobStore blobs, HttpCounters counters, IndexProperties properties,
                              MirrorProperties mirror, ObjectProvider<OnDemandRequests> onDemand) {
        return new IndexHandler(catalog, cache, blobs, counters, properties.cookieMaxAge(),
                new RunTable(properties.runIdleGap(), properties.cookieMaxAge(), properties.runTableSize()),
                TrustedProxies.of(properties.trustedProxies()), mirror.onDemand() ? onDemand.getObject() : null);
    }

    @Bean
    TeamViews indexTeamViews(JdbcTemplate jdbc, BlobStore blobs, PageCache indexPageCache, SnapshotCatalog catalog,
                             ViewServingProperties views) {
        return new TeamViews(new ViewReads(jdbc), new PrivateReads(jdbc), new LedgerTimes(jdbc), blobs, indexPageCache, catalog,
                views.cacheSizeBytes());
    }

    @Bean
    ReadTokens indexReadTokens(JdbcTemplate jdbc, ViewServingProperties views, Clock clock) {
        return new ReadTokens(jdbc, views.maxFailedAttempts(), views.failureWindow(), views.refreshInterval(), clock);
    }

    @Bean
    MeterBinder indexViewMetrics(TeamViews indexTeamViews) {
        return registry -> {
            Gauge.builder("landfall.index.views.shadowed", indexTeamViews, v -> (double) v.shadowedProjects())
                    .description("upstream projects hidden in a view by a private or claimed name of the same normalized name")
                    .register(registry);
            FunctionCounter.builder("landfall.index.views.shadow.detected", indexTeamViews, v -> (double) v.shadowEvents())
                    .description("(view, upstream project) pairs found under a private or claimed name (each also logged once)")
                    .register(registry);
        };
    }

    @Bean
    TeamViewHandler indexTeamViewHandler(TeamViews indexTeamViews, ReadTokens indexReadTokens, SnapshotCatalog catalog,
                                         HttpCounters counters, IndexProperties properties) {
        return new TeamViewHandler(indexTeamViews, indexReadTokens, catalog, counters, properties.cookieMaxAge(),
                TrustedProxies.of(properties.trustedProxies()));
    }

    @Bean
    ViewRefresh indexViewRefresh(TeamViews indexTeamViews, ViewServingProperties views) {
        return new ViewRefresh(indexTeamViews, views);
    }

    @Bean
    static JettyFrontHandler indexJettyFrontHandler(ObjectProvider<IndexHandler> indexHandler,
                                                    ObjectProvider<TeamViewHandler> teamViewHandler) {
        return new JettyFrontHandler(indexHandler, teamViewHandler);
    }

    @Bean
    StatusSampler indexStatusSampler(JdbcTemplate jdbc, SnapshotCatalog catalog, SnapshotPublisher publisher, Clock clock) {
        return new StatusSampler(jdbc, catalog, publisher, clock);
    }

    @Bean
    IndexMetrics indexMetrics(SnapshotCatalog catalog, SnapshotPublisher publisher, StatusSampler sampler, PageCache cache, Clock clock) {
        return new IndexMetrics(catalog, publisher, sampler, cache, clock);
    }

    /** Named {@code snapshot}: include it in the readiness group ({@code management.endpoint.health.group.readiness.include}). */
    @Bean(name = "snapshot")
    SnapshotHealthIndicator indexSnapshotHealth(SnapshotCatalog catalog) {
        return new SnapshotHealthIndicator(catalog);
    }

    @Bean
    IndexLoops indexLoops(SnapshotPublisher publisher, SnapshotCatalog catalog, StatusSampler sampler, IndexProperties properties) {
        return new IndexLoops(publisher, catalog, sampler, properties);
    }
}
