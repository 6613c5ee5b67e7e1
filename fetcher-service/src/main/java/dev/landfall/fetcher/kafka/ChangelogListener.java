package dev.landfall.fetcher.kafka;

import dev.landfall.common.event.Topics;
import dev.landfall.fetcher.retry.ChangelogBatch;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin adapter: a poll batch of {@code landfall.changelog.v1} goes to {@link ChangelogBatch}. */
@Component
class ChangelogListener {

    private final ChangelogBatch batch;

    ChangelogListener(ChangelogBatch batch) {
        this.batch = batch;
    }

    @KafkaListener(id = "landfall-fetcher-changelog", idIsGroup = false, topics = Topics.CHANGELOG,
            containerFactory = "fetcherKafkaListenerContainerFactory")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        batch.process(records.stream().map(Records::inbound).toList());
    }
}
