package dev.landfall.index.status;

import dev.landfall.index.snapshot.PageCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /} (operator status page, {@link StatusPage}) and {@code GET /status.json} (the same
 * {@link StatusReport} for scripts). Off the hot path, so plain Spring MVC; both read what
 * {@link StatusSampler} sampled, never the database per request.
 */
@RestController
public class StatusController {

    private final StatusSampler sampler;
    private final PageCache cache;
    private final ObjectProvider<MeterRegistry> registry;
    private final Clock clock;

    public StatusController(StatusSampler sampler, PageCache cache, ObjectProvider<MeterRegistry> registry, Clock clock) {
        this.sampler = sampler;
        this.cache = cache;
        this.registry = registry;
        this.clock = clock;
    }

    @GetMapping(path = "/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> statusJson(HttpServletRequest request) {
        return report(request).json();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String page(HttpServletRequest request) {
        return StatusPage.render(report(request), sampler.history());
    }

    private StatusReport report(HttpServletRequest request) {
        String base = ServletUriComponentsBuilder.fromContextPath(request).replacePath(null).replaceQuery(null).toUriString();
        return new StatusReport(clock.instant(), base, sampler.latest(), sampler.publisherStatus(), sampler.recentSnapshots(),
                sampler.fetchActivity(), deadLettersCountedHere(), cache.sizeBytes());
    }

    /** The fetcher's dead-letter counter when a fetcher runs in this JVM (standalone); the index server alone has none. */
    private @Nullable Long deadLettersCountedHere() {
        MeterRegistry meters = registry.getIfAvailable();
        Counter counter = meters == null ? null : meters.find("landfall.fetcher.dead.letters").counter();
        return counter == null ? null : (long) counter.count();
    }
}
