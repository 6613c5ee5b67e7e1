package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The CDN fault layer: each fault shows up when switched on and is gone when switched off (negative control). */
class CdnFaultsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PypiSimulator sim;
    private static String base;
    private final Http http = new Http();

    @BeforeAll
    static void start() {
        sim = PypiSimulator.start(SimulatorConfig.builder().seed(9).projects(120).build());
        base = sim.baseUrl();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void faultsOff() {
        sim.setFaults(Faults.none());
    }

    private static String someProject() {
        return sim.oracle(sim.lastSerial()).projects().keySet().iterator().next();
    }

    private static OracleState.OracleFile someFile() {
        return sim.oracle(sim.lastSerial()).projects().values().iterator().next().files().get(0);
    }

    /** Advances until an already existing project changes; returns {name, old serial, new serial}. */
    private static String[] changeAnExistingProject() {
        while (true) {
            Map<String, OracleState.OracleProject> before = sim.oracle(sim.lastSerial()).projects();
            sim.advance(1);
            for (var e : sim.oracle(sim.lastSerial()).projects().entrySet()) {
                OracleState.OracleProject old = before.get(e.getKey());
                if (old != null && old.serial() != e.getValue().serial()) {
                    return new String[] {e.getKey(), Long.toString(old.serial()), Long.toString(e.getValue().serial())};
                }
            }
        }
    }

    private String stamp(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("X-PyPI-Last-Serial").orElseThrow();
    }

    @Test
    void stalePagesServeThePreviousVersionWithItsOldSerialRightAfterAChange() {
        sim.setFaults(Faults.builder().staleProbability(1.0).staleWindow(Duration.ofMinutes(5)).build());
        String[] change = changeAnExistingProject();
        String p = change[0];
        String page = base + "/simple/" + p + "/";
        HttpResponse<byte[]> json = http.get(page, "Accept", Http.PIP_ACCEPT);
        assertThat(stamp(json)).isEqualTo(change[1]);
        assertThat(JSON.readTree(json.body()).path("meta").path("_last-serial").asString()).isEqualTo(change[1]);
        assertThat(stamp(http.get(page))).isEqualTo(change[1]);
        assertThat(Http.text(http.get(page))).endsWith("<!--SERIAL " + change[1] + "-->");
        assertThat(stamp(http.get(base + "/pypi/" + p + "/json"))).isEqualTo(change[1]);
        // Query strings do not bust the CDN cache.
        assertThat(stamp(http.get(page + "?cachebust=1", "Accept", Http.PIP_ACCEPT))).isEqualTo(change[1]);
        // A conditional GET with the stale answer's ETag is a 304.
        String etag = json.headers().firstValue("ETag").orElseThrow();
        assertThat(http.get(page, "Accept", Http.PIP_ACCEPT, "If-None-Match", etag).statusCode()).isEqualTo(304);

        sim.setFaults(Faults.none());
        assertThat(stamp(http.get(page, "Accept", Http.PIP_ACCEPT))).isEqualTo(change[2]);
        assertThat(stamp(http.get(base + "/pypi/" + p + "/json"))).isEqualTo(change[2]);
    }

    @Test
    void stalenessEndsWithTheWindow() {
        sim.setFaults(Faults.builder().staleProbability(1.0).staleWindow(Duration.ofMillis(300)).build());
        String[] change = changeAnExistingProject();
        String page = base + "/simple/" + change[0] + "/";
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> stamp(http.get(page, "Accept", Http.PIP_ACCEPT)).equals(change[2]));
    }

    @Test
    void newFilesAnswer404DuringThePropagationWindow() {
        Set<String> before = new HashSet<>();
        sim.oracle(sim.lastSerial()).projects().values().forEach(p -> p.files().forEach(f -> before.add(f.url())));
        OracleState.OracleFile old = someFile();
        sim.setFaults(Faults.builder().notFoundWindow(Duration.ofMinutes(5)).build());
        OracleState.OracleFile fresh = null;
        while (fresh == null) {
            sim.advance(1);
            for (OracleState.OracleProject p : sim.oracle(sim.lastSerial()).projects().values()) {
                for (OracleState.OracleFile f : p.files()) {
                    if (!before.contains(f.url())) {
                        fresh = f;
                    }
                }
            }
        }
        assertThat(http.get(base + fresh.url()).statusCode()).isEqualTo(404);
        assertThat(http.get(base + old.url()).statusCode()).isEqualTo(200);
        sim.setFaults(Faults.none());
        assertThat(Http.sha256(http.get(base + fresh.url()).body())).isEqualTo(fresh.sha256());
    }

    @Test
    void serverErrorsHitThePyPISurfaceButNeverTheControlEndpoints() {
        sim.setFaults(Faults.builder().serverErrorRate(1.0).build());
        assertThat(http.get(base + "/simple/" + someProject() + "/").statusCode()).isIn(502, 503);
        assertThat(http.get(base + someFile().url()).statusCode()).isIn(502, 503);
        assertThat(http.post(base + "/pypi", "text/xml", Http.xmlRpc("changelog_last_serial", "")).statusCode())
                .isIn(502, 503);
        assertThat(http.get(base + "/_sim/state").statusCode()).isEqualTo(200);
        assertThat(http.get(base + "/_sim/oracle").statusCode()).isEqualTo(200);
        sim.setFaults(Faults.none());
        assertThat(http.get(base + "/simple/" + someProject() + "/").statusCode()).isEqualTo(200);
    }

    @Test
    void truncatedBodiesPromiseMoreThanTheySend() throws Exception {
        OracleState.OracleFile f = someFile();
        sim.setFaults(Faults.builder().truncateRate(1.0).build());
        long[] lengthAndReceived = rawGet(f.url());
        assertThat(lengthAndReceived[0]).isEqualTo(f.size());
        assertThat(lengthAndReceived[1]).isLessThan(f.size());
        long[] page = rawGet("/simple/" + someProject() + "/");
        assertThat(page[1]).isLessThan(page[0]);
        assertThatThrownBy(() -> http.get(base + f.url())).isInstanceOf(UncheckedIOException.class);
        sim.setFaults(Faults.none());
        assertThat(rawGet(f.url())[1]).isEqualTo(f.size());
    }

    /** {Content-Length, body bytes received until the server closed} over a raw socket. */
    private static long[] rawGet(String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", sim.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    all.write(buf, 0, n);
                }
            } catch (SocketException reset) {
                // a reset after the partial body is one way of closing the connection
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            long length = Long.parseLong(text.replaceAll("(?si).*content-length: (\\d+).*", "$1"));
            return new long[] {length, all.size() - headerEnd - 4};
        }
    }

    @Test
    void corruptedFilesAndMetadataKeepTheirLengthButNotTheirHash() {
        OracleState.OracleFile f = sim.oracle(sim.lastSerial()).projects().values().stream()
                .flatMap(p -> p.files().stream()).filter(x -> x.coreMetadataSha256() != null).findFirst()
                .orElseThrow();
        sim.setFaults(Faults.builder().corruptRate(1.0).build());
        byte[] body = http.get(base + f.url()).body();
        assertThat(body).hasSize((int) f.size());
        assertThat(Http.sha256(body)).isNotEqualTo(f.sha256());
        assertThat(Http.sha256(http.get(base + f.url() + ".metadata").body())).isNotEqualTo(f.coreMetadataSha256());
        sim.setFaults(Faults.none());
        assertThat(Http.sha256(http.get(base + f.url()).body())).isEqualTo(f.sha256());
    }

    @Test
    void garbageIsMalformedXmlRpcOrInvalidJsonWithStatus200() {
        sim.setFaults(Faults.builder().garbageRate(1.0).build());
        for (int i = 0; i < 6; i++) {
            HttpResponse<byte[]> x = http.post(base + "/pypi", "text/xml", Http.xmlRpc("changelog_last_serial", ""));
            assertThat(x.statusCode()).isEqualTo(200);
            assertThat(Http.text(x)).doesNotContain("</methodResponse>");
            HttpResponse<byte[]> j = http.get(base + "/simple/" + someProject() + "/", "Accept", Http.PIP_ACCEPT);
            assertThat(j.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> JSON.readTree(j.body())).isInstanceOf(JacksonException.class);
        }
        sim.setFaults(Faults.none());
        assertThat(Http.text(http.post(base + "/pypi", "text/xml", Http.xmlRpc("changelog_last_serial", ""))))
                .contains("</methodResponse>");
    }

    @Test
    void slowResponsesAreDelayed() {
        sim.setFaults(Faults.builder().slowRate(1.0).slowDelay(Duration.ofMillis(400)).build());
        long t0 = System.nanoTime();
        assertThat(http.get(base + "/simple/" + someProject() + "/").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(400);
        long t1 = System.nanoTime();
        http.get(base + "/_sim/state");
        assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(400);
    }

    @Test
    void aProjectFaultForcesAStatusOnThatProjectOnly() {
        var projects = sim.oracle(sim.lastSerial()).projects();
        var it = projects.entrySet().iterator();
        var victim = it.next();
        var other = it.next();
        http.post(base + "/_sim/project-fault?project=" + victim.getKey() + "&status=500&seconds=30", "text/plain", "");
        assertThat(http.get(base + "/simple/" + victim.getKey() + "/").statusCode()).isEqualTo(500);
        assertThat(http.get(base + victim.getValue().files().get(0).url()).statusCode()).isEqualTo(500);
        assertThat(http.get(base + "/simple/" + other.getKey() + "/").statusCode()).isEqualTo(200);
        sim.forceProjectStatus(victim.getKey(), 500, Duration.ZERO);
        assertThat(http.get(base + "/simple/" + victim.getKey() + "/").statusCode()).isEqualTo(200);
    }
}
