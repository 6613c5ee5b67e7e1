package dev.landfall.fetcher.retry;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A consumed record as the features see it (the Kafka adapter maps to this; no Kafka types past it). */
public record InboundRecord(String topic, int partition, long offset, @Nullable String key, byte @Nullable [] value,
                            Map<String, byte[]> headers) {

    public @Nullable String header(String name) {
        byte[] v = headers.get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
