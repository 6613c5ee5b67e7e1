package dev.landfall.index.view;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the index server serves team views ({@code landfall.index.views.*}); the views themselves are defined
 * through the admin API or {@code landfall.views.<name>.*} (README "Team views").
 *
 * @param refreshInterval how often every replica re-reads the view definitions and prepares each view's root for
 *                        the current snapshot (a new or changed view is served within this interval)
 * @param cacheSizeBytes  bound of the in-memory cache of derived view pages (plain + gzip)
 * @param maxFailedAttempts refused read-token checks per client IP within {@code failureWindow} before that IP gets
 *                        429 on protected views (the admin API's rule)
 * @param failureWindow   the sliding window of {@code maxFailedAttempts}
 */
@Validated
@ConfigurationProperties("landfall.index.views")
public record ViewServingProperties(
        @DefaultValue("2s") Duration refreshInterval,
        @DefaultValue("67108864") long cacheSizeBytes,
        @DefaultValue("5") int maxFailedAttempts,
        @DefaultValue("1m") Duration failureWindow) {
}
