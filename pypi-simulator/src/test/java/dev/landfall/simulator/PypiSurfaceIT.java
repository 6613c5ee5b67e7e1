package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every endpoint of the PyPI surface and the control API, through a real HTTP client. */
class PypiSurfaceIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PypiSimulator sim;
    private static String base;
    private final Http http = new Http();

    @BeforeAll
    static void start() {
        sim = PypiSimulator.start(SimulatorConfig.builder().seed(3).projects(150).changelogPageSize(100)
                .largeFiles(1).build());
        base = sim.baseUrl();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private String anyProject() {
        return sim.oracle(sim.lastSerial()).projects().keySet().iterator().next();
    }

    @Test
    void changelogIsPagedByTheCapUntilAShortPageOnEveryXmlRpcPath() {
        long last = Long.parseLong(Http.text(http.post(base + "/pypi", "text/xml",
                Http.xmlRpc("changelog_last_serial", ""))).replaceAll("(?s).*<int>(\\d+)</int>.*", "$1"));
        assertThat(last).isEqualTo(sim.lastSerial());
        Pattern serial = Pattern.compile("<value><int>(\\d+)</int></value>\n</data></array></value>");
        long since = 0;
        int calls = 0;
        List<Long> serials = new ArrayList<>();
        String[] paths = {"/pypi", "/pypi/", "/RPC2"};
        while (true) {
            HttpResponse<byte[]> r = http.post(base + paths[calls % 3], "text/xml",
                    Http.xmlRpc("changelog_since_serial", Http.intParam(since)));
            assertThat(r.statusCode()).isEqualTo(200);
            calls++;
            Matcher m = serial.matcher(Http.text(r));
            int rows = 0;
            while (m.find()) {
                serials.add(Long.parseLong(m.group(1)));
                rows++;
            }
            if (rows < 100) {
                break;
            }
            since = serials.get(serials.size() - 1);
        }
        assertThat(calls).isGreaterThan(5);
        assertThat(serials).isSorted().doesNotHaveDuplicates();
        assertThat(serials.get(serials.size() - 1)).isEqualTo(last);
    }

    @Test
    void malformedXmlRpcRequestsGetFaultsWithStatus200() {
        HttpResponse<byte[]> notXml = http.post(base + "/pypi", "text/xml", "hello");
        assertThat(notXml.statusCode()).isEqualTo(200);
        assertThat(Http.text(notXml)).contains("<fault>", "faultCode", "faultString", "<int>-32700</int>");
        assertThat(Http.text(http.post(base + "/pypi", "text/xml", Http.xmlRpc("no_such_method", ""))))
                .contains("<fault>", "<int>-32601</int>");
        assertThat(Http.text(http.post(base + "/pypi", "text/xml", Http.xmlRpc("changelog_since_serial",
                "<param><value><string>12</string></value></param>")))).contains("<fault>", "<int>-32602</int>");
        assertThat(http.get(base + "/pypi").statusCode()).isEqualTo(405);
    }

    @Test
    void listPackagesWithSerialHasEveryProjectWithItsLastSerial() {
        String xml = Http.text(http.post(base + "/RPC2", "text/xml", Http.xmlRpc("list_packages_with_serial", "")));
        Matcher m = Pattern.compile("<member>\n<name>([^<]+)</name>\n<value><int>(\\d+)</int>").matcher(xml);
        OracleState now = sim.oracle(sim.lastSerial());
        int n = 0;
        while (m.find()) {
            String name = m.group(1).replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
            assertThat(now.projects().get(name).serial()).isEqualTo(Long.parseLong(m.group(2)));
            n++;
        }
        assertThat(n).isEqualTo(now.projects().size());
    }

    @Test
    void simpleRootInHtmlAndJson() {
        HttpResponse<byte[]> html = http.get(base + "/simple/");
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(Http.text(html)).contains("<meta name=\"pypi:repository-version\" content=\"1.4\">",
                "<a href=\"/simple/");
        HttpResponse<byte[]> json = http.get(base + "/simple/", "Accept", Http.PIP_ACCEPT);
        JsonNode root = JSON.readTree(json.body());
        assertThat(root.path("meta").path("_last-serial").asLong()).isEqualTo(sim.lastSerial());
        assertThat(json.headers().firstValue("X-PyPI-Last-Serial")).hasValue(Long.toString(sim.lastSerial()));
        assertThat(root.path("projects").size()).isEqualTo(sim.projectCount());
        assertThat(root.path("projects").get(0).has("_last-serial")).isTrue();
        assertThat(http.get(base + "/simple").statusCode()).isEqualTo(301);
    }

    @Test
    void projectPageHtmlHasPyPIsShape() {
        String p = anyProject();
        HttpResponse<byte[]> r = http.get(base + "/simple/" + p + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        String serial = r.headers().firstValue("X-PyPI-Last-Serial").orElseThrow();
        assertThat(r.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(r.headers().firstValue("ETag")).isPresent();
        String body = Http.text(r);
        assertThat(body).startsWith("<!DOCTYPE html>\n<html>\n  <head>\n")
                .contains("<meta name=\"pypi:repository-version\" content=\"1.4\">",
                        "<meta name=\"pypi:project-status\" content=\"active\">", "<title>Links for " + p + "</title>",
                        "<h1>Links for " + p + "</h1>", "data-core-metadata=\"sha256=",
                        "data-dist-info-metadata=\"sha256=", "#sha256=", "</a><br />")
                .endsWith("<!--SERIAL " + serial + "-->");
        assertThat(body).containsPattern("href=\"" + Pattern.quote(base)
                + "/packages/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{60}/");
    }

    @Test
    void projectPageJsonForPipAcceptAndFormatParameter() {
        String p = anyProject();
        HttpResponse<byte[]> r = http.get(base + "/simple/" + p + "/", "Accept", Http.PIP_ACCEPT);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        JsonNode page = JSON.readTree(r.body());
        assertThat(page.path("meta").path("api-version").asString()).isEqualTo("1.4");
        assertThat(page.path("meta").path("_last-serial").asString())
                .isEqualTo(r.headers().firstValue("X-PyPI-Last-Serial").orElseThrow());
        assertThat(page.path("name").asString()).isEqualTo(p);
        assertThat(page.path("project-status").path("status").asString()).isEqualTo("active");
        assertThat(page.path("versions").isArray()).isTrue();
        JsonNode f = page.path("files").get(0);
        for (String key : List.of("filename", "url", "hashes", "requires-python", "size", "upload-time", "yanked",
                "core-metadata", "data-dist-info-metadata", "provenance")) {
            assertThat(f.has(key)).as(key).isTrue();
        }
        assertThat(f.path("upload-time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        HttpResponse<byte[]> viaFormat = http.get(base + "/simple/" + p
                + "/?format=application/vnd.pypi.simple.v1%2Bjson");
        assertThat(Http.text(viaFormat)).isEqualTo(Http.text(r));
        assertThat(Http.text(http.get(base + "/simple/" + p + "/", "Accept", "*/*"))).startsWith("<!DOCTYPE html>");
    }

    @Test
    void nonNormalizedNamesRedirectWithoutASerialAndUnknownProjectsAre404() {
        String display = null;
        String normalized = null;
        for (String n : sim.oracle(sim.lastSerial()).projects().keySet()) {
            String listing = Http.text(http.get(base + "/pypi/" + n + "/json"));
            String name = JSON.readTree(listing).path("info").path("name").asString();
            if (!name.equals(n)) {
                display = name;
                normalized = n;
                break;
            }
        }
        assertThat(display).isNotNull();
        HttpResponse<byte[]> r = http.get(base + "/simple/" + display + "/");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("/simple/" + normalized + "/");
        assertThat(r.headers().firstValue("X-PyPI-Last-Serial")).isEmpty();
        assertThat(http.get(base + "/simple/" + normalized).statusCode()).isEqualTo(301);
        HttpResponse<byte[]> api = http.get(base + "/pypi/" + display + "/json");
        assertThat(api.statusCode()).isEqualTo(301);
        assertThat(api.headers().firstValue("Location")).hasValue("/pypi/" + normalized + "/json");
        HttpResponse<byte[]> missing = http.get(base + "/simple/no-such-project-here/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-PyPI-Last-Serial")).isEmpty();
        assertThat(http.get(base + "/pypi/no-such-project-here/json").statusCode()).isEqualTo(404);
    }

    @Test
    void conditionalGetAnswers304() {
        String url = base + "/simple/" + anyProject() + "/";
        for (String accept : List.of(Http.PIP_ACCEPT, "text/html")) {
            HttpResponse<byte[]> first = http.get(url, "Accept", accept);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> again = http.get(url, "Accept", accept, "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(http.get(url, "Accept", accept, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void jsonApiMatchesTheSimplePage() {
        String p = anyProject();
        HttpResponse<byte[]> r = http.get(base + "/pypi/" + p + "/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode api = JSON.readTree(r.body());
        assertThat(api.path("last_serial").asString()).isEqualTo(r.headers().firstValue("X-PyPI-Last-Serial")
                .orElseThrow());
        JsonNode simple = JSON.readTree(http.get(base + "/simple/" + p + "/", "Accept", Http.PIP_ACCEPT).body());
        Set<String> apiFiles = new HashSet<>();
        api.path("releases").forEach(files -> files.forEach(f -> apiFiles.add(f.path("filename").asString() + " "
                + f.path("digests").path("sha256").asString() + " " + f.path("url").asString())));
        Set<String> simpleFiles = new HashSet<>();
        simple.path("files").forEach(f -> simpleFiles.add(f.path("filename").asString() + " "
                + f.path("hashes").path("sha256").asString() + " " + f.path("url").asString()));
        assertThat(apiFiles).isEqualTo(simpleFiles);
        assertThat(api.path("info").path("version").asString()).isNotEmpty();
        assertThat(api.path("urls").isArray()).isTrue();
        String v = api.path("info").path("version").asString();
        JsonNode versionApi = JSON.readTree(http.get(base + "/pypi/" + p + "/" + v + "/json").body());
        assertThat(versionApi.has("releases")).isFalse();
        assertThat(versionApi.path("info").path("version").asString()).isEqualTo(v);
    }

    @Test
    void filesAndMetadataMatchTheAdvertisedHashesAndSizes() {
        OracleState.OracleProject project = sim.oracle(sim.lastSerial()).projects().values().iterator().next();
        for (OracleState.OracleFile f : project.files()) {
            HttpResponse<byte[]> r = http.get(base + f.url());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).hasSize((int) f.size());
            assertThat(Http.sha256(r.body())).isEqualTo(f.sha256());
            assertThat(r.headers().firstValue("X-PyPI-Last-Serial")).isEmpty();
            HttpResponse<byte[]> meta = http.get(base + f.url() + ".metadata");
            if (f.coreMetadataSha256() != null) {
                assertThat(Http.sha256(meta.body())).isEqualTo(f.coreMetadataSha256());
                assertThat(Http.text(meta)).startsWith("Metadata-Version: 2.1\n");
            } else {
                assertThat(meta.statusCode()).isEqualTo(404);
            }
            HttpResponse<byte[]> range = http.get(base + f.url(), "Range", "bytes=10-19");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(r.body(), 10, 20));
        }
        String url = project.files().get(0).url();
        assertThat(http.get(base + url.replace("/packages/", "/packages/00")).statusCode()).isEqualTo(404);
    }

    @Test
    void largeFilesAreStreamedWithTheAdvertisedHash() {
        OracleState.OracleFile large = sim.oracle(sim.lastSerial()).projects().values().stream()
                .flatMap(p -> p.files().stream()).filter(f -> f.size() >= 5_000_000).findFirst().orElseThrow();
        HttpResponse<byte[]> r = http.get(base + large.url());
        assertThat(r.body()).hasSize((int) large.size());
        assertThat(Http.sha256(r.body())).isEqualTo(large.sha256());
        HttpResponse<byte[]> tail = http.get(base + large.url(), "Range", "bytes=-1000");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(r.body(), r.body().length - 1000,
                r.body().length));
    }

    @Test
    void controlEndpoints() {
        JsonNode state = JSON.readTree(http.get(base + "/_sim/state").body());
        assertThat(state.path("lastSerial").asLong()).isEqualTo(sim.lastSerial());
        assertThat(state.path("projects").asInt()).isEqualTo(sim.projectCount());
        long before = sim.lastSerial();
        JsonNode advanced = JSON.readTree(http.post(base + "/_sim/advance?n=5", "text/plain", "").body());
        assertThat(advanced.path("lastSerial").asLong()).isGreaterThan(before).isEqualTo(sim.lastSerial());
        JsonNode coupled = JSON.readTree(http.get(base + "/_sim/coupled").body());
        assertThat(coupled.size()).isPositive();
        assertThat(coupled.get(0).has("requiresVersion")).isTrue();
        JsonNode oracle = JSON.readTree(http.get(base + "/_sim/oracle?serial=" + before).body());
        assertThat(oracle.path("serial").asLong()).isEqualTo(before);
        assertThat(oracle.path("projects").size()).isEqualTo(sim.oracle(before).projects().size());
        assertThat(http.get(base + "/_sim/oracle?serial=" + (sim.lastSerial() + 10)).statusCode()).isEqualTo(400);
        JsonNode faults = JSON.readTree(http.post(base + "/_sim/faults", "application/json",
                "{\"serverErrorRate\":0.25,\"staleWindowMillis\":1500}").body());
        assertThat(faults.path("serverErrorRate").asDouble()).isEqualTo(0.25);
        assertThat(sim.faults().staleWindow().toMillis()).isEqualTo(1500);
        http.post(base + "/_sim/faults?serverErrorRate=0", "application/json", "");
        assertThat(sim.faults().serverErrorRate()).isZero();
        http.post(base + "/_sim/churn?perSecond=0", "text/plain", "");
        assertThat(JSON.readTree(http.get(base + "/_sim/faults").body()).path("garbageRate").asDouble()).isZero();
    }
}
