package dev.landfall.poller.upstream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link PypiChangelog} over XML-RPC ({@code POST <url>/pypi}, {@code text/xml}) with the JDK HttpClient.
 * Each call runs inside a Resilience4j {@link Retry} (exponential backoff; I/O errors, 5xx/429 and
 * PyPI's rate-limit fault) inside a {@link CircuitBreaker} (so a dead upstream is not hammered).
 * A malformed answer is not retried here: the poll loop tries again at its next interval.
 */
public final class XmlRpcPypiChangelog implements PypiChangelog {

    private final HttpClient http;
    private final URI endpoint;
    private final String userAgent;
    private final Duration requestTimeout;
    private final XmlRpcResponseParser parser = new XmlRpcResponseParser();
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;

    public XmlRpcPypiChangelog(HttpClient http, String baseUrl, String userAgent, Duration requestTimeout,
                               Retry retry, CircuitBreaker circuitBreaker) {
        this.http = http;
        this.endpoint = URI.create(baseUrl + "/pypi");
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
    }

    /** Upstream failures worth another attempt within one poll. */
    public static boolean isRetryable(Throwable t) {
        return t instanceof UpstreamUnavailableException
                || t instanceof UpstreamHttpException h && h.isTransient()
                || t instanceof XmlRpcFaultException f && f.isRateLimit();
    }

    @Override
    public long lastSerial() {
        return call("changelog_last_serial", "", value -> asLong(value, "changelog_last_serial"));
    }

    @Override
    public Map<String, Long> listPackagesWithSerial() {
        return call("list_packages_with_serial", "", value -> {
            if (!(value instanceof Map<?, ?> struct)) {
                throw new MalformedXmlRpcException("list_packages_with_serial did not return a struct");
            }
            Map<String, Long> listing = new HashMap<>(struct.size() * 2);
            for (Map.Entry<?, ?> e : struct.entrySet()) {
                listing.put((String) e.getKey(), asLong(e.getValue(), "list_packages_with_serial member " + e.getKey()));
            }
            return listing;
        });
    }

    @Override
    public List<UpstreamJournalRow> changelogSinceSerial(long since) {
        String params = "<params><param><value><int>" + since + "</int></value></param></params>";
        return call("changelog_since_serial", params, value -> {
            if (!(value instanceof List<?> rows)) {
                throw new MalformedXmlRpcException("changelog_since_serial did not return an array");
            }
            List<UpstreamJournalRow> result = new ArrayList<>(rows.size());
            for (Object row : rows) {
                result.add(journalRow(row));
            }
            return result;
        });
    }

    static UpstreamJournalRow journalRow(@Nullable Object row) {
        if (!(row instanceof List<?> t) || t.size() != 5) {
            throw new MalformedXmlRpcException("changelog row is not a 5-element array: "
                    + XmlRpcResponseParser.abbreviate(String.valueOf(row)));
        }
        if (!(t.get(0) instanceof String name)) {
            throw new MalformedXmlRpcException("changelog row name is not a string: " + t);
        }
        Object version = t.get(1);
        if (version != null && !(version instanceof String)) {
            throw new MalformedXmlRpcException("changelog row version is neither string nor nil: " + t);
        }
        long timestamp = asLong(t.get(2), "changelog row timestamp");
        if (!(t.get(3) instanceof String action)) {
            throw new MalformedXmlRpcException("changelog row action is not a string: " + t);
        }
        long serial = asLong(t.get(4), "changelog row serial");
        if (serial < 0) {
            throw new MalformedXmlRpcException("changelog row serial is negative: " + t);
        }
        return new UpstreamJournalRow(name, (String) version, timestamp, action, serial);
    }

    private static long asLong(@Nullable Object value, String what) {
        if (value instanceof Long l) {
            return l;
        }
        throw new MalformedXmlRpcException(what + " is not an int: " + XmlRpcResponseParser.abbreviate(String.valueOf(value)));
    }

    private <T> T call(String method, String params, Function<@Nullable Object, T> shape) {
        Supplier<T> attempt = () -> shape.apply(invoke(method, params));
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(circuitBreaker, Retry.decorateSupplier(retry, attempt));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new UpstreamUnavailableException("circuit breaker open: upstream XML-RPC calls paused", e);
        }
    }

    private @Nullable Object invoke(String method, String params) {
        String body = "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName>" + params + "</methodCall>";
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "text/xml")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UpstreamUnavailableException("XML-RPC " + method + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("XML-RPC " + method + " interrupted", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new UpstreamHttpException(method, response.statusCode());
            }
            try {
                return parser.parse(in);
            } catch (MalformedXmlRpcException e) {
                throw new MalformedXmlRpcException(method + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UpstreamUnavailableException("XML-RPC " + method + " answer unreadable: " + e, e);
        }
    }
}
