package dev.landfall.poller;

import static dev.landfall.poller.PollerTestSupport.cursor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.metrics.PollerMetrics.ErrorKind;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.KafkaBroker;
import dev.landfall.testsupport.PostgresDatabase;
import dev.landfall.testsupport.Simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A malformed XML-RPC answer (a stub in front of the simulator that can answer garbage with HTTP 200):
 * counted, logged, the cursor stays; once upstream answers properly again the poller catches up.
 */
class MalformedUpstreamIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @RegisterExtension
    static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(9).projects(40).changelogPageSize(50).build());

    private final AtomicBoolean garbage = new AtomicBoolean();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer stub;

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    private String startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/pypi", exchange -> {
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readAllBytes();
            }
            byte[] answer;
            if (garbage.get()) {
                answer = "<?xml version='1.0'?><methodResponse><params><param><value><array><data><value>"
                        .getBytes(StandardCharsets.UTF_8); // cut off mid-answer
            } else {
                try {
                    answer = client.send(HttpRequest.newBuilder(URI.create(sim.get().baseUrl() + "/pypi"))
                            .header("Content-Type", "text/xml")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        stub.start();
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    @Test
    void malformedAnswerIsCountedAndKeepsTheCursorUntilUpstreamRecovers() throws IOException {
        Map<String, Object> props = PollerTestSupport.fastPoller();
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("landfall.upstream.url", startStub());
        try (ConfigurableApplicationContext poller = PollerTestSupport.startPoller(props)) {
            PollerMetrics metrics = poller.getBean(PollerMetrics.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> cursor(db.dataSource()) != null);
            long before = cursor(db.dataSource());

            garbage.set(true);
            long last = sim.get().advance(30);
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.errors(ErrorKind.MALFORMED_ANSWER) >= 2);
            assertThat(cursor(db.dataSource())).as("cursor unchanged by a malformed answer").isEqualTo(before);

            garbage.set(false);
            await().atMost(Duration.ofSeconds(60)).until(() -> cursor(db.dataSource()) == last);
            assertThat(metrics.errors(ErrorKind.UNEXPECTED)).isZero();
        }
    }
}
