package dev.landfall.poller;

import static dev.landfall.poller.PollerTestSupport.cursor;
import static dev.landfall.poller.PollerTestSupport.ledger;
import static dev.landfall.poller.PollerTestSupport.outboxSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.poller.PollerTestSupport.Row;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.metrics.PollerMetrics.ErrorKind;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.KafkaBroker;
import dev.landfall.testsupport.PostgresDatabase;
import dev.landfall.testsupport.Simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A crash between commit and publish must re-publish, never skip (docs/architecture.md#outbox). The first poller commits
 * its ledger entries but cannot reach Kafka (its bootstrap address is a closed port), then stops with
 * the entries only in the outbox. A restarted poller with a reachable broker publishes every one.
 */
class PollerCrashIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @RegisterExtension
    static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(3).projects(80).changelogPageSize(50).build());

    private Map<String, Object> poller(String bootstrap) {
        Map<String, Object> props = PollerTestSupport.fastPoller();
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", bootstrap);
        props.put("landfall.upstream.url", sim.get().baseUrl());
        return props;
    }

    @Test
    void entriesCommittedButNotPublishedArePublishedAfterARestart() throws IOException {
        Map<String, Object> unreachable = poller("127.0.0.1:" + closedPort());
        unreachable.put("spring.kafka.admin.auto-create", "false");
        unreachable.put("spring.kafka.producer.properties.max.block.ms", "300");
        unreachable.put("spring.kafka.producer.properties.request.timeout.ms", "300");
        unreachable.put("spring.kafka.producer.properties.delivery.timeout.ms", "600");
        unreachable.put("spring.kafka.producer.properties.linger.ms", "0");
        long committed;
        try (ConfigurableApplicationContext first = PollerTestSupport.startPoller(unreachable)) {
            PollerMetrics metrics = first.getBean(PollerMetrics.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> cursor(db.dataSource()) != null);
            long last = sim.get().advance(120);
            await().atMost(Duration.ofSeconds(60)).until(() -> cursor(db.dataSource()) == last);
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.errors(ErrorKind.PUBLISH_FAILED) >= 1);
            committed = ledger(db.dataSource()).size();
            assertThat(outboxSize(db.dataSource())).as("committed, not published").isEqualTo(committed);
            assertThat(metrics.publishedTotal()).isZero();
        }
        assertThat(PollerTestSupport.topicSize(kafka.bootstrapServers())).as("nothing reached Kafka").isZero();

        try (ConfigurableApplicationContext second = PollerTestSupport.startPoller(poller(kafka.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> outboxSize(db.dataSource()) == 0);
            List<Row> rows = ledger(db.dataSource());
            assertThat(rows).hasSize((int) committed);
            Set<Long> published = PollerTestSupport.readTopic(kafka.bootstrapServers(), rows.size()).stream()
                    .map(r -> PollerTestSupport.decode(r).serial()).collect(Collectors.toSet());
            assertThat(published).isEqualTo(rows.stream().map(Row::serial).collect(Collectors.toSet()));
            assertThat(second.getBean(PollerMetrics.class).publishedTotal()).isEqualTo(committed);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
