package dev.landfall.index.http;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.FILESYSTEM_STORAGE;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.IndexServerApplication;
import dev.landfall.index.fixture.MirrorFixture;
import dev.landfall.testsupport.MirrorInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The HTTP surface over a real client against the embedded Jetty (docs/architecture.md#http-surface). */
@SpringBootTest(classes = IndexServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"landfall.index.publish-interval=50ms", "landfall.index.snapshot-poll-interval=50ms", "landfall.index.cookie-max-age=5m"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexHttpIT {

    @RegisterExtension
    static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, FILESYSTEM_STORAGE);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BlobStore blobs;

    static String wheelPath;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void notReadyBeforeTheFirstSnapshotThenReady() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(get("/simple/").statusCode()).isEqualTo(503);
        MirrorFixture mirror = new MirrorFixture(jdbc, blobs);
        mirror.initialEntry("demo-pkg", 10, 20);
        mirror.initialEntry("other", 15, 20);
        wheelPath = mirror.landPage("demo-pkg", 10);
        mirror.landPage("other", 15);
        // Last, as the poller commits its initial sync in one transaction: a floor without its entries would
        // let the publisher publish an empty snapshot 20 (it did, on a loaded machine).
        mirror.pollerState(20, 20, 20, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/actuator/health/readiness").statusCode() == 200);
    }

    @Test
    @Order(2)
    void projectPageHtmlByDefaultJsonForPip() throws Exception {
        HttpResponse<byte[]> html = get("/simple/demo-pkg/");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(html.headers().firstValue("X-PyPI-Last-Serial")).contains("10");
        assertThat(html.headers().firstValue("X-Landfall-Snapshot")).contains("20");
        assertThat(html.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept"));
        assertThat(text(html)).isEqualTo(new String(blobs.readAllBytes("pages/demo-pkg/10.html"), StandardCharsets.UTF_8));

        HttpResponse<byte[]> json = get("/simple/demo-pkg/", "Accept",
                "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01");
        assertThat(json.headers().firstValue("Content-Type")).contains("application/vnd.pypi.simple.v1+json");
        assertThat(json.body()).isEqualTo(blobs.readAllBytes("pages/demo-pkg/10.json"));

        assertThat(get("/simple/demo-pkg/", "Accept", "application/vnd.pypi.simple.latest+json").headers().firstValue("Content-Type"))
                .contains("application/vnd.pypi.simple.v1+json");
        assertThat(get("/simple/demo-pkg/", "Accept", "image/png").statusCode()).isEqualTo(406);
    }

    @Test
    @Order(3)
    void rootIndexListsTheSnapshotsProjects() throws Exception {
        HttpResponse<byte[]> json = get("/simple/", "Accept", "application/vnd.pypi.simple.v1+json");
        assertThat(text(json)).isEqualTo("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":20},\"projects\":["
                + "{\"name\":\"demo-pkg\",\"_last-serial\":10},{\"name\":\"other\",\"_last-serial\":15}]}");
        assertThat(text(get("/simple/"))).contains("<a href=\"other/\">other</a>");
    }

    @Test
    @Order(4)
    void nonNormalizedNamesRedirectAbsentProjectsAre404() throws Exception {
        HttpResponse<byte[]> r = get("/simple/Demo_Pkg/");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).contains("/simple/demo-pkg/");
        assertThat(get("/simple/demo-pkg").statusCode()).isEqualTo(301);
        assertThat(get("/simple/nope/").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void etagsGiveNotModifiedAndGzipIsServed() throws Exception {
        HttpResponse<byte[]> first = get("/simple/demo-pkg/");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/simple/demo-pkg/", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> gz = get("/simple/demo-pkg/", "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes()).isEqualTo(first.body());
        assertThat(gz.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
    }

    @Test
    @Order(6)
    void filesAreStreamedWithRanges() throws Exception {
        byte[] whole = blobs.readAllBytes(wheelPath.substring(1));
        HttpResponse<byte[]> full = get(wheelPath);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(whole);
        HttpResponse<byte[]> part = get(wheelPath, "Range", "bytes=2-5");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 2, 6));
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 2-5/" + whole.length);
        assertThat(get(wheelPath, "Range", "bytes=99999-").statusCode()).isEqualTo(416);
        assertThat(get(wheelPath, "Range", "bytes=999999999999999999999999999999-").statusCode()).isEqualTo(416);
        assertThat(get(wheelPath, "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(200);
        assertThat(get("/packages/aa/bb/missing.whl").statusCode()).isEqualTo(404);

        // A file larger than the server's read buffers, whole and in ranges across buffer boundaries.
        byte[] big = new byte[300_000];
        new java.util.Random(42).nextBytes(big);
        String bigKey = "packages/zz/yy/bigfile/big-1.0.tar.gz";
        String sha = blobs.put(bigKey, new java.io.ByteArrayInputStream(big)).sha256();
        HttpResponse<byte[]> bigFull = get("/" + bigKey);
        assertThat(bigFull.statusCode()).isEqualTo(200);
        assertThat(bigFull.body()).isEqualTo(big);
        assertThat(bigFull.headers().firstValue("ETag")).contains("\"" + sha + "\"");
        assertThat(bigFull.headers().firstValue("Content-Length")).contains("300000");
        HttpResponse<byte[]> bigPart = get("/" + bigKey, "Range", "bytes=65530-200000");
        assertThat(bigPart.statusCode()).isEqualTo(206);
        assertThat(bigPart.body()).isEqualTo(java.util.Arrays.copyOfRange(big, 65530, 200001));
        assertThat(get("/" + bigKey, "Range", "bytes=-10").body()).isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 10, big.length));
        assertThat(get("/" + bigKey, "If-None-Match", "\"" + sha + "\"").statusCode()).isEqualTo(304);
        HttpResponse<byte[]> bigHead = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + bigKey))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bigHead.statusCode()).isEqualTo(200);
        assertThat(bigHead.headers().firstValue("Content-Length")).contains("300000");
        // The server remembers file sizes and hashes; a file deleted since (garbage collection) is still 404.
        blobs.delete(bigKey);
        assertThat(get("/" + bigKey).statusCode()).isEqualTo(404);
        assertThat(get("/" + bigKey, "If-None-Match", "\"" + sha + "\"").statusCode()).isEqualTo(404);
        // A directory is not a file.
        assertThat(get("/packages/zz/yy").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void cookiePinsARunToItsSnapshotAndPinnedUrlsServeOldSnapshots() throws Exception {
        HttpResponse<byte[]> start = get("/simple/demo-pkg/");
        String setCookie = start.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.split(";")[0];
        assertThat(cookie).isEqualTo("landfall-snapshot=20");
        assertThat(setCookie).contains("Path=/").contains("Max-Age=300").contains("Expires=").contains("HttpOnly");
        // A run that already holds a valid cookie for a retained snapshot is not sent another one.
        HttpResponse<byte[]> again = get("/simple/demo-pkg/", "Cookie", cookie);
        assertThat(again.headers().firstValue("X-Landfall-Snapshot")).contains("20");
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
        // Negative control: an unknown snapshot in the cookie gets the current one.
        assertThat(get("/simple/demo-pkg/", "Cookie", "landfall-snapshot=7").headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("landfall-snapshot=20;"));
        MirrorFixture mirror = new MirrorFixture(jdbc, blobs);
        mirror.entry("demo-pkg", 21, "new release");
        mirror.landPage("demo-pkg", 21);
        // Each poll as a new client: one client polling without pause is one cookie-less run (README "Snapshot stickiness").
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/simple/demo-pkg/", "User-Agent", "poll-" + System.nanoTime())
                .headers().firstValue("X-Landfall-Snapshot").orElse("").equals("21"));
        HttpResponse<byte[]> pinned = get("/simple/demo-pkg/", "Cookie", cookie);
        assertThat(pinned.headers().firstValue("X-Landfall-Snapshot")).contains("20");
        assertThat(pinned.headers().firstValue("X-PyPI-Last-Serial")).contains("10");
        HttpResponse<byte[]> old = get("/snapshots/20/simple/demo-pkg/");
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.headers().firstValue("X-PyPI-Last-Serial")).contains("10");
        assertThat(get("/snapshots/21/simple/demo-pkg/").headers().firstValue("X-PyPI-Last-Serial")).contains("21");
        HttpResponse<byte[]> never = get("/snapshots/19/simple/");
        assertThat(never.statusCode()).isEqualTo(404);
        assertThat(text(never)).contains("never published or is no longer retained");
    }

    @Test
    @Order(8)
    void aCookieForASnapshotThisReplicaHasNotPolledYetIsServedFromThatSnapshot() throws Exception {
        // Another replica published W and pinned a run to it before this replica's next poll: the run must
        // not fall back to an older snapshot (two snapshots in one resolution). Simulated by a snapshot whose
        // root index is in storage but whose row this replica has not seen.
        String current = get("/simple/").headers().firstValue("X-Landfall-Snapshot").orElseThrow();
        long newer = Long.parseLong(current) + 1000;
        blobs.put(StorageKeys.snapshotIndexJson(newer), blobs.readAllBytes(StorageKeys.snapshotIndexJson(Long.parseLong(current))));
        blobs.put(StorageKeys.snapshotIndexHtml(newer), blobs.readAllBytes(StorageKeys.snapshotIndexHtml(Long.parseLong(current))));
        HttpResponse<byte[]> pinned = get("/simple/demo-pkg/", "Cookie", "landfall-snapshot=" + newer);
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.headers().firstValue("X-Landfall-Snapshot")).contains(String.valueOf(newer));
        assertThat(pinned.headers().firstValue("Set-Cookie")).isEmpty();
        // Negative control: a newer serial that was never published re-pins the run to the current snapshot.
        HttpResponse<byte[]> bogus = get("/simple/demo-pkg/", "Cookie", "landfall-snapshot=" + (newer + 1000));
        assertThat(bogus.headers().firstValue("X-Landfall-Snapshot")).contains(current);
        assertThat(bogus.headers().firstValue("Set-Cookie")).hasValueSatisfying(v -> assertThat(v).startsWith("landfall-snapshot=" + current + ";"));
    }

    @Test
    @Order(8)
    void hostileRequestsGet4xxNever500() throws Exception {
        String[] paths = {
                "/packages/../../etc/passwd", "/packages/%2e%2e/%2e%2e/etc/passwd", "/packages/a%2fb", "/packages/a%5c..%5cb",
                "/packages/%252e%252e/x", "/simple/%00/", "/simple/" + "a".repeat(5000) + "/", "/simple/..%2f/",
                "/snapshots/99999999999999999999999/simple/", "/snapshots/abc/simple/", "/simple/a%0d%0aSet-Cookie:x=y/",
                "/packages/" + "x/".repeat(800) + "f.whl", "/simple/-bad-/"};
        for (String p : paths) {
            int status = rawStatus("GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(status).as(p).isBetween(400, 499);
        }
        assertThat(rawStatus("GET /packages/a\\..\\b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).isBetween(400, 499);
        assertThat(get("/simple/demo-pkg/", "Accept", "x/y;q=0.5,".repeat(300)).statusCode()).isEqualTo(406);
        assertThat(get("/simple/demo-pkg/", "Accept", "x/y;q=0.5,".repeat(20_000)).statusCode()).isBetween(400, 499);
        assertThat(get("/simple/demo-pkg/", "Accept", ";;;q=,,/").statusCode()).isEqualTo(406);
        assertThat(get(wheelPath, "Range", "bytes=-99999999999999999999999999").statusCode()).isEqualTo(206);
        assertThat(get(wheelPath, "Range", "bytes=" + "9".repeat(500) + "-").statusCode()).isBetween(200, 416);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/simple/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    }

    @Test
    @Order(9)
    void statusPageAndMetrics() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(text(get("/"))).contains("<svg");
        assertThat(text(get("/status.json"))).contains("\"snapshot\"");
        assertThat(text(get("/actuator/prometheus"))).contains("landfall_index_requests_total").contains("landfall_index_snapshot_serial");
    }

    private int rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                head.write(c);
            }
            String line = head.toString(StandardCharsets.ISO_8859_1);
            return Integer.parseInt(line.split(" ")[1]);
        }
    }
}
