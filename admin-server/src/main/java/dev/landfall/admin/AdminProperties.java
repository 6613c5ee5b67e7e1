package dev.landfall.admin;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin API ({@code landfall.admin.*}).
 *
 * @param token             bearer token required on every {@code /admin/} request (from a Secret); unset or blank
 *                          disables the admin API (every request gets 403 with a message saying so)
 * @param maxFailedAttempts failed authentications per client IP within {@code failureWindow} before that IP is
 *                          refused with 429 (even with the right token) until the window has passed
 * @param failureWindow     the sliding window of {@code maxFailedAttempts}
 * @param consumerGroup     the fetchers' Kafka consumer group (reset to an offset or timestamp)
 * @param gcGrace           an object garbage collection finds unreferenced is deleted only after it has stayed
 *                          unreferenced this long (a fetcher may be landing it before its page_version row exists)
 * @param verifyBatch       page versions checked per verify step (progress and the resume cursor are saved per step)
 * @param kafkaTimeout      timeout of admin Kafka calls (describe/alter consumer group, reading dead letters)
 */
@Validated
@ConfigurationProperties("landfall.admin")
public record AdminProperties(
        @Nullable String token,
        @Min(1) @DefaultValue("5") int maxFailedAttempts,
        @NotNull @DefaultValue("1m") Duration failureWindow,
        @NotBlank @DefaultValue("landfall-fetcher") String consumerGroup,
        @NotNull @DefaultValue("1h") Duration gcGrace,
        @Min(1) @DefaultValue("200") int verifyBatch,
        @NotNull @DefaultValue("30s") Duration kafkaTimeout) {

    /** Whether a token is configured (the admin API is disabled otherwise). */
    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "<set>" : "<unset>") + ", maxFailedAttempts=" + maxFailedAttempts
                + ", failureWindow=" + failureWindow + ", consumerGroup=" + consumerGroup + ", gcGrace=" + gcGrace
                + ", verifyBatch=" + verifyBatch + ", kafkaTimeout=" + kafkaTimeout + "]";
    }
}
