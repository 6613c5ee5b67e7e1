package dev.landfall.poller;

import static dev.landfall.poller.PollerTestSupport.cursor;
import static dev.landfall.poller.PollerTestSupport.ledger;
import static dev.landfall.poller.PollerTestSupport.outboxSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.journal.ActionKind;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.PollerTestSupport.Row;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.upstream.UpstreamJournalRow;
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
 * Starting the changelog far before S0 replays the whole journal: the per-call cap is honoured by
 * calling again within the same round (the interval here is far longer than the test), and
 * serials already in the ledger (the initial entries) are left alone and not published twice.
 */
class PollerReplayIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @RegisterExtension
    static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(11).projects(60).changelogPageSize(50).build());

    @Test
    void aCappedReplayFromBeforeS0CatchesUpInOneRoundAndKeepsExistingSerials() {
        long s0 = sim.get().lastSerial();
        List<UpstreamJournalRow> journal = new UpstreamRows(sim.get().baseUrl()).since(0);
        assertThat(journal).as("several pages of 50").hasSizeGreaterThan(150);

        Map<String, Object> props = PollerTestSupport.fastPoller();
        props.put("landfall.poller.interval", "10m"); // one round only: the replay must not need a second
        props.put("landfall.poller.changelog-start-offset", String.valueOf(s0 + 1000));
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("landfall.upstream.url", sim.get().baseUrl());
        try (ConfigurableApplicationContext poller = PollerTestSupport.startPoller(props)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Long c = cursor(db.dataSource());
                return c != null && c == s0 && outboxSize(db.dataSource()) == 0;
            });
            List<Row> rows = ledger(db.dataSource());
            Map<Long, Row> bySerial = rows.stream().collect(Collectors.toMap(Row::serial, r -> r));
            for (UpstreamJournalRow u : journal) {
                Row row = bySerial.get(u.serial());
                assertThat(row).as("serial %d recorded", u.serial()).isNotNull();
                assertThat(row.project()).isEqualTo(ProjectName.of(u.name()).value());
                if (!row.action().equals(ActionKind.INITIAL_ACTION)) {
                    assertThat(row.action()).isEqualTo(u.action());
                    assertThat(row.acceptUpto()).isEqualTo(u.serial());
                }
            }
            // Every project's listed serial is its newest journal row; the initial entry kept that serial.
            long initial = rows.stream().filter(r -> r.action().equals(ActionKind.INITIAL_ACTION)).count();
            assertThat(initial).isEqualTo(new UpstreamRows(sim.get().baseUrl()).listing().size());
            assertThat(rows).hasSize(journal.size());

            Set<Long> published = PollerTestSupport.readTopic(kafka.bootstrapServers(), rows.size()).stream()
                    .map(r -> PollerTestSupport.decode(r).serial()).collect(Collectors.toSet());
            assertThat(published).isEqualTo(bySerial.keySet());
            assertThat(PollerTestSupport.topicSize(kafka.bootstrapServers())).as("no serial published twice").isEqualTo(rows.size());
            assertThat(poller.getBean(PollerMetrics.class).publishedTotal()).isEqualTo(rows.size());
        }
    }
}
