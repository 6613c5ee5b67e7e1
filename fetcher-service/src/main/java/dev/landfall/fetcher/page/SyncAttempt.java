package dev.landfall.fetcher.page;

import dev.landfall.fetcher.upstream.PageResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The state of one delivery of one event across its in-process attempts: which attempt this is (it picks the
 * representation, so a stale cache object is sidestepped by asking for another one), the stale answers seen with
 * their ETags (re-polled with a conditional GET: a 304 costs no body), and since when the event has been failing
 * (for the stall breaker; null on the first delivery).
 */
public final class SyncAttempt {

    private int number;
    private final @Nullable Instant failingSince;
    private final Map<Representation, PageResponse> staleAnswers = new EnumMap<>(Representation.class);

    private SyncAttempt(int firstNumber, @Nullable Instant failingSince) {
        this.number = firstNumber - 1;
        this.failingSince = failingSince;
    }

    /** First delivery (from the changelog topic). */
    public static SyncAttempt firstDelivery() {
        return new SyncAttempt(0, null);
    }

    /** A delivery from retry topic {@code retryIndex}, failing since {@code failingSince}. */
    public static SyncAttempt retry(int retryIndex, Instant failingSince) {
        return new SyncAttempt(retryIndex + 1, failingSince);
    }

    /** Called at the start of each in-process attempt. */
    public void next() {
        number++;
    }

    public int number() {
        return Math.max(number, 0);
    }

    /** Even attempts ask for PEP 691 JSON, odd ones for the HTML page (completed from the JSON API). */
    public Representation representation() {
        return number() % 2 == 0 ? Representation.SIMPLE_JSON : Representation.SIMPLE_HTML;
    }

    public @Nullable Instant failingSince() {
        return failingSince;
    }

    /** True when the event has been failing for at least {@code grace} (stall breaker). */
    public boolean failingLongerThan(Duration grace, Instant now) {
        return failingSince != null && !Duration.between(failingSince, now).minus(grace).isNegative();
    }

    public void rememberStale(Representation representation, PageResponse answer) {
        if (answer.etag() != null) {
            staleAnswers.put(representation, answer);
        }
    }

    @Nullable PageResponse staleAnswer(Representation representation) {
        return staleAnswers.get(representation);
    }
}
