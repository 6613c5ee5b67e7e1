package dev.landfall.poller.outbox;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.Topics;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.PollerProperties;
import dev.landfall.poller.ledger.LedgerEntry;
import dev.landfall.poller.metrics.PollerMetrics;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Drains changelog_outbox to {@code landfall.changelog.v1} in serial order, one record per ledger entry,
 * keyed by the normalized project (a project's events stay ordered on one partition).
 *
 * <p>Per batch: send every record, flush, await every acknowledgement (acks=all, idempotent producer),
 * then delete the batch's rows. Any failure leaves the rows for the next round: a record may be
 * published twice (harmless, fetching is idempotent), never skipped. Only the leader's loop thread
 * calls this; rows are deleted by their exact serials, so even an overlapping former leader cannot
 * delete a row it did not publish.
 *
 * <p>Rows with {@code replay = TRUE} were inserted by the admin API's replay (V40): they are published with
 * {@link ChangelogEvent#replay()} set, through this same producer, so the topic keeps one producer.
 */
@Component
public class OutboxPublisher {

    private static final int DELETE_CHUNK = 1000;

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final PollerProperties properties;
    private final PollerMetrics metrics;

    public OutboxPublisher(JdbcTemplate jdbc, @Qualifier("pollerKafkaTemplate") KafkaTemplate<String, byte[]> kafka,
                           PollerProperties properties, PollerMetrics metrics) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Publishes every outbox row, batch by batch.
     *
     * @return the number of records published
     * @throws OutboxPublishException when a batch was not acknowledged (its rows stay)
     */
    public int drain() {
        int total = 0;
        try {
            while (true) {
                List<OutboxRow> batch = nextBatch();
                if (batch.isEmpty()) {
                    return total;
                }
                publish(batch);
                delete(batch);
                total += batch.size();
                metrics.published(batch.size());
            }
        } finally {
            refreshSize();
        }
    }

    /** Re-reads the outbox size for the gauge. */
    public void refreshSize() {
        Long size = jdbc.queryForObject("SELECT COUNT(*) FROM changelog_outbox", Long.class);
        metrics.outboxSize(size == null ? 0 : size);
    }

    /**
     * Deletes exactly the published serials (not a range): should a deposed leader still be draining while
     * the new one inserts, a row it never read is never deleted unpublished.
     */
    private void delete(List<OutboxRow> batch) {
        for (int from = 0; from < batch.size(); from += DELETE_CHUNK) {
            List<OutboxRow> chunk = batch.subList(from, Math.min(batch.size(), from + DELETE_CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            jdbc.update("DELETE FROM changelog_outbox WHERE serial IN (" + marks + ")",
                    chunk.stream().map(r -> r.entry().serial()).toArray());
        }
    }

    /** One outbox row: its ledger entry and whether the admin API queued it as a replay. */
    private record OutboxRow(LedgerEntry entry, boolean replay) {
    }

    private List<OutboxRow> nextBatch() {
        return jdbc.query("""
                SELECT e.serial, e.project, e.version, e.action, e.occurred_at, e.accept_upto, o.replay
                FROM changelog_outbox o JOIN changelog_entry e ON e.serial = o.serial
                ORDER BY o.serial
                LIMIT ?""",
                (rs, n) -> new OutboxRow(new LedgerEntry(rs.getLong(1), new ProjectName(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getLong(6)), rs.getBoolean(7)),
                properties.publishBatchSize());
    }

    private void publish(List<OutboxRow> batch) {
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(batch.size());
        try {
            for (OutboxRow row : batch) {
                LedgerEntry entry = row.entry();
                byte[] value = ChangelogEventCodec.encode(ChangelogEvent.of(entry.toJournalEntry(), row.replay()));
                CompletableFuture<SendResult<String, byte[]>> ack = kafka.send(Topics.CHANGELOG, entry.project().value(), value);
                acks.add(ack);
                if (ack.isCompletedExceptionally()) {
                    break; // e.g. no broker metadata within max.block.ms: the rest would wait as long, each
                }
            }
            kafka.flush();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(batch, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(batch, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(batch, e);
        }
    }

    private static OutboxPublishException failed(List<OutboxRow> batch, Throwable cause) {
        return new OutboxPublishException("publishing serials " + batch.get(0).entry().serial() + ".."
                + batch.get(batch.size() - 1).entry().serial() + " to " + Topics.CHANGELOG + " failed: " + cause, cause);
    }
}
