package dev.landfall.common.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where PyPI (or the simulator) is: XML-RPC at {@code <url>/pypi}, simple API at
 * {@code <url>/simple/}; file URLs are taken from the pages.
 *
 * @param url            upstream base URL
 * @param userAgent      sent on every request (PyPI asks mirrors to identify themselves)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for a whole page or XML-RPC answer
 */
@Validated
@ConfigurationProperties("landfall.upstream")
public record UpstreamProperties(
        @NotNull @DefaultValue("https://pypi.org") URI url,
        @NotNull @DefaultValue("landfall/0.1 (+https://github.com/landfall-mirror/landfall)") String userAgent,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("60s") Duration requestTimeout) {

    /** Base URL without a trailing slash. */
    public String base() {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
