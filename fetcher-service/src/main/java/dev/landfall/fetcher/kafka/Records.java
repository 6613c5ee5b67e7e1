package dev.landfall.fetcher.kafka;

import dev.landfall.fetcher.retry.InboundRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Maps Kafka records to {@link InboundRecord} at the boundary. */
final class Records {

    private Records() {
    }

    static InboundRecord inbound(ConsumerRecord<String, byte[]> r) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        return new InboundRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers);
    }
}
