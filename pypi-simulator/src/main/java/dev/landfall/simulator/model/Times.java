package dev.landfall.simulator.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Synthetic upload times: derived from the transaction index, never from the wall clock, so output is reproducible. */
public final class Times {

    /** 2025-01-01T00:00:00Z: the simulated history starts here. */
    public static final long BASE_EPOCH_SECOND = 1_735_689_600L;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String isoMicros(long epochSecond, int micros) {
        return SECONDS.format(Instant.ofEpochSecond(epochSecond)) + String.format(".%06dZ", micros);
    }

    /** JSON API {@code upload_time}: no fraction, no zone. */
    public static String isoSeconds(long epochSecond) {
        return SECONDS.format(Instant.ofEpochSecond(epochSecond));
    }
}
