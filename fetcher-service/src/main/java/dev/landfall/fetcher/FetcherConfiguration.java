package dev.landfall.fetcher;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.storage.StorageConfiguration;
import dev.landfall.fetcher.files.FileFilter;
import dev.landfall.fetcher.upstream.UpstreamClient;
import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * Wiring of the fetcher service (docs/architecture.md#service-wiring): its components, the pooled upstream HTTP
 * client, the bounded sync executor, and the blob store from common. Kafka beans: {@code FetcherKafkaConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage(basePackages = "dev.landfall.fetcher")
@ComponentScan(basePackages = "dev.landfall.fetcher",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties({FetcherProperties.class, UpstreamProperties.class, FilterProperties.class})
@Import(StorageConfiguration.class)
public class FetcherConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    UpstreamClient fetcherUpstreamClient(UpstreamProperties upstream, FetcherProperties properties) {
        return new UpstreamClient(upstream, properties);
    }

    @Bean
    SyncExecutor fetcherSyncExecutor(FetcherProperties properties) {
        return new SyncExecutor(properties.concurrency());
    }

    @Bean
    FileFilter fetcherFileFilter(FilterProperties filters) {
        return new FileFilter(filters);
    }
}
