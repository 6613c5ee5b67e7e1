package dev.landfall.poller;

import static dev.landfall.poller.PollerTestSupport.cursor;
import static dev.landfall.poller.PollerTestSupport.ledger;
import static dev.landfall.poller.PollerTestSupport.metrics;
import static dev.landfall.poller.PollerTestSupport.outboxSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.poller.PollerTestSupport.Row;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.KafkaBroker;
import dev.landfall.testsupport.PostgresDatabase;
import dev.landfall.testsupport.Simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One active poller (docs/architecture.md#changelog-poller): two instances on one database and broker; the PostgreSQL advisory
 * lock lets exactly one work. When the leader stops, the standby takes over from the cursor.
 */
class TwoPollersIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @RegisterExtension
    static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(5).projects(60).changelogPageSize(50).build());

    private Map<String, Object> poller() {
        Map<String, Object> props = PollerTestSupport.fastPoller();
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("landfall.upstream.url", sim.get().baseUrl());
        return props;
    }

    @Test
    void onlyTheLeaderPublishesAndTheStandbyTakesOverFromTheCursor() {
        ConfigurableApplicationContext first = PollerTestSupport.startPoller(poller());
        try (ConfigurableApplicationContext second = PollerTestSupport.startPoller(poller())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics(first).isLeader() || metrics(second).isLeader());
            ConfigurableApplicationContext leader = metrics(first).isLeader() ? first : second;
            ConfigurableApplicationContext standby = leader == first ? second : first;

            long firstLast = sim.get().advance(80);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    cursor(db.dataSource()) == firstLast && outboxSize(db.dataSource()) == 0);
            int beforeTakeover = ledger(db.dataSource()).size();
            assertThat(metrics(leader).publishedTotal()).isEqualTo(beforeTakeover);
            assertThat(metrics(standby).isLeader()).isFalse();
            assertThat(metrics(standby).publishedTotal()).as("the standby published nothing").isZero();

            leader.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics(standby).isLeader());
            long secondLast = sim.get().advance(80);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    cursor(db.dataSource()) == secondLast && outboxSize(db.dataSource()) == 0);

            List<Row> rows = ledger(db.dataSource());
            assertThat(metrics(standby).publishedTotal()).as("the new leader published only what came after the takeover")
                    .isEqualTo(rows.size() - beforeTakeover);
            Set<Long> published = PollerTestSupport.readTopic(kafka.bootstrapServers(), rows.size()).stream()
                    .map(r -> PollerTestSupport.decode(r).serial()).collect(Collectors.toSet());
            assertThat(published).isEqualTo(rows.stream().map(Row::serial).collect(Collectors.toSet()));
            assertThat(PollerTestSupport.topicSize(kafka.bootstrapServers())).isEqualTo(rows.size());
        } finally {
            first.close();
        }
    }
}
