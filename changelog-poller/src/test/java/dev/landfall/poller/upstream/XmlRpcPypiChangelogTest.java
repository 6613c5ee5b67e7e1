package dev.landfall.poller.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a local stub that answers scripted (status, body) pairs, recording the requests. */
class XmlRpcPypiChangelogTest {

    private record Answer(int status, String body) {
    }

    private static final String RATE_LIMITED = "<methodResponse><fault><value><struct>"
            + "<member><name>faultCode</name><value><int>-32500</int></value></member>"
            + "<member><name>faultString</name><value><string>HTTPTooManyRequests: Limit may reset in 1 seconds.</string></value></member>"
            + "</struct></value></fault></methodResponse>";

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> contentTypes = new ArrayList<>();
    private HttpServer server;
    private CircuitBreaker circuitBreaker;
    private XmlRpcPypiChangelog client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pypi", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            Answer a = answers.isEmpty() ? new Answer(500, "no scripted answer") : answers.poll();
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        circuitBreaker = CircuitBreaker.of("test", CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(100)
                .waitDurationInOpenState(Duration.ofMinutes(1)).build());
        Retry retry = Retry.of("test", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(1))
                .retryOnException(XmlRpcPypiChangelog::isRetryable).build());
        client = new XmlRpcPypiChangelog(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort(),
                "landfall-test", Duration.ofSeconds(5), retry, circuitBreaker);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String ok(String value) {
        return "<methodResponse><params><param><value>" + value + "</value></param></params></methodResponse>";
    }

    @Test
    void changelogSinceSerialSendsATypedIntAndReadsRows() {
        answers.add(new Answer(200, ok("<array><data><value><array><data><value>Foo</value><value><nil/></value>"
                + "<value><int>5</int></value><value>create</value><value><int>43</int></value></data></array></value></data></array>")));
        assertThat(client.changelogSinceSerial(42)).containsExactly(new UpstreamJournalRow("Foo", null, 5, "create", 43));
        assertThat(requests.get(0)).contains("<methodName>changelog_since_serial</methodName>", "<int>42</int>");
        assertThat(contentTypes.get(0)).isEqualTo("text/xml");
    }

    @Test
    void listingAndLastSerial() {
        answers.add(new Answer(200, ok("<int>99</int>")));
        answers.add(new Answer(200, ok("<struct><member><name>Foo</name><value><int>7</int></value></member></struct>")));
        assertThat(client.lastSerial()).isEqualTo(99);
        assertThat(client.listPackagesWithSerial()).isEqualTo(Map.of("Foo", 7L));
    }

    @Test
    void rateLimitFaultIsRetriedWithBackoff() {
        answers.add(new Answer(200, RATE_LIMITED));
        answers.add(new Answer(200, ok("<int>7</int>")));
        assertThat(client.lastSerial()).isEqualTo(7);
        assertThat(requests).hasSize(2);
    }

    @Test
    void serverErrorIsRetriedButNotFoundIsNot() {
        answers.add(new Answer(503, "busy"));
        answers.add(new Answer(200, ok("<int>7</int>")));
        assertThat(client.lastSerial()).isEqualTo(7);

        answers.add(new Answer(404, "no"));
        assertThatThrownBy(client::lastSerial).isInstanceOfSatisfying(UpstreamHttpException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThat(requests).hasSize(3);
    }

    @Test
    void malformedAnswerIsNotRetriedHere() {
        answers.add(new Answer(200, "<html>oops</html>"));
        answers.add(new Answer(200, ok("<int>7</int>")));
        assertThatThrownBy(client::lastSerial).isInstanceOf(MalformedXmlRpcException.class)
                .hasMessageContaining("changelog_last_serial");
        assertThat(requests).hasSize(1);
    }

    @Test
    void otherFaultsAreNotRetried() {
        answers.add(new Answer(200, "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member>"
                + "<member><name>faultString</name><value>client error</value></member></struct></value></fault></methodResponse>"));
        assertThatThrownBy(client::lastSerial).isInstanceOf(XmlRpcFaultException.class);
        assertThat(requests).hasSize(1);
    }

    @Test
    void wrongShapeIsMalformed() {
        answers.add(new Answer(200, ok("<string>not a number</string>")));
        assertThatThrownBy(client::lastSerial).isInstanceOf(MalformedXmlRpcException.class);
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndStopsCallingUpstream() {
        for (int i = 0; i < 4; i++) {
            answers.add(new Answer(200, "garbage"));
            assertThatThrownBy(client::lastSerial).isInstanceOf(MalformedXmlRpcException.class);
        }
        assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = requests.size();
        assertThatThrownBy(client::lastSerial).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("circuit breaker open");
        assertThat(requests).hasSize(before);
    }

    @Test
    void unreachableUpstreamIsUnavailableAfterRetries() {
        server.stop(0);
        assertThatThrownBy(client::lastSerial).isInstanceOf(UpstreamUnavailableException.class);
    }
}
