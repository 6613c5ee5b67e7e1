package dev.landfall.fetcher.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.project.ProjectName;
import dev.landfall.fetcher.upstream.MalformedPageException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PageParserTest {

    private static final URI PAGE = URI.create("https://pypi.example/simple/demo-pkg/");
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String PATH = "/packages/0a/1b/" + "c".repeat(60) + "/";
    private final PageParser parser = new PageParser(new ProjectName("demo-pkg"), 100);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonPage(String files) {
        return """
                {"meta": {"api-version": "1.4", "_last-serial": 100, "future-meta": 1},
                 "name": "demo-pkg", "project-status": {"status": "archived", "reason": "old"},
                 "versions": ["0.9", "1.0"], "future-top": [1, 2],
                 "files": [%s]}""".formatted(files);
    }

    @Test
    void simpleJsonCarriesEveryField() {
        UpstreamPage page = parser.parseSimpleJson(utf8(jsonPage("""
                {"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "https://files.example%sdemo_pkg-1.0-py3-none-any.whl",
                 "hashes": {"sha256": "%s", "md5": "abc"}, "requires-python": ">=3.9", "size": 10240,
                 "upload-time": "2024-09-05T11:11:15.123456Z", "yanked": "broken build",
                 "core-metadata": {"sha256": "%s"}, "data-dist-info-metadata": {"sha256": "%s"},
                 "provenance": "https://pypi.example/integrity/x", "gpg-sig": false, "future-key": "kept"}
                """.formatted(PATH, A.toUpperCase(), B, B))), PAGE);
        assertThat(page.bodySerial()).isEqualTo(100L);
        assertThat(page.apiVersion()).isEqualTo("1.4");
        assertThat(page.versions()).containsExactly("0.9", "1.0");
        assertThat(page.status()).isEqualTo(new UpstreamPage.ProjectStatus("archived", "old"));
        assertThat(page.extraMeta().has("future-meta")).isTrue();
        assertThat(page.extraMeta().has("_last-serial")).isFalse();
        assertThat(page.extraTop().has("future-top")).isTrue();
        UpstreamFile f = page.files().get(0);
        assertThat(f.sha256()).isEqualTo(A);
        assertThat(f.otherHashes().get("md5").asString()).isEqualTo("abc");
        assertThat(f.size()).isEqualTo(10240);
        assertThat(f.requiresPython()).isEqualTo(">=3.9");
        assertThat(f.yanked()).isTrue();
        assertThat(f.yankedReason()).isEqualTo("broken build");
        assertThat(f.coreMetadataSha256()).isEqualTo(B);
        assertThat(f.uploadTime()).isEqualTo("2024-09-05T11:11:15.123456Z");
        assertThat(f.provenance()).isEqualTo("https://pypi.example/integrity/x");
        assertThat(f.extra().has("future-key")).isTrue();
        assertThat(f.extra().has("gpg-sig")).isTrue();
        assertThat(f.extra().has("data-dist-info-metadata")).isFalse();
    }

    @Test
    void relativeFileUrlsAreResolvedAgainstThePage() {
        UpstreamPage page = parser.parseSimpleJson(utf8(jsonPage("""
                {"filename": "x-1.0.tar.gz", "url": "../..%sx-1.0.tar.gz", "hashes": {"sha256": "%s"}, "size": 3}
                """.formatted(PATH, A))), PAGE);
        assertThat(page.files().get(0).url().toString()).isEqualTo("https://pypi.example" + PATH + "x-1.0.tar.gz");
    }

    @Test
    void coreMetadataTrueWithoutHashIsNotKept() {
        UpstreamPage page = parser.parseSimpleJson(utf8(jsonPage("""
                {"filename": "x-1.0.tar.gz", "url": "https://f.example%sx-1.0.tar.gz", "hashes": {"sha256": "%s"}, "size": 3,
                 "core-metadata": true}""".formatted(PATH, A))), PAGE);
        assertThat(page.files().get(0).coreMetadataSha256()).isNull();
    }

    @Test
    void malformedJsonIsRejectedWithProjectAndSerial() {
        assertThatThrownBy(() -> parser.parseSimpleJson(utf8("{\"meta\": {"), PAGE))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("demo-pkg@100");
        assertThatThrownBy(() -> parser.parseSimpleJson(utf8("[1]"), PAGE)).isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> parser.parseSimpleJson(utf8("{\"meta\": {}}"), PAGE)).isInstanceOf(MalformedPageException.class);
    }

    @Test
    void aFileWithoutSha256IsRejected() {
        assertThatThrownBy(() -> parser.parseSimpleJson(utf8(jsonPage("""
                {"filename": "x-1.0.tar.gz", "url": "https://f.example%sx-1.0.tar.gz", "hashes": {"md5": "x"}, "size": 3}
                """.formatted(PATH))), PAGE)).isInstanceOf(MalformedPageException.class).hasMessageContaining("sha256");
        assertThatThrownBy(() -> parser.parseSimpleJson(utf8(jsonPage("""
                {"filename": "x-1.0.tar.gz", "url": "https://f.example%sx-1.0.tar.gz", "hashes": {"sha256": "zz"}, "size": 3}
                """.formatted(PATH))), PAGE)).isInstanceOf(MalformedPageException.class);
    }

    @Test
    void pathTraversalInFileUrlsOrNamesIsRejected() {
        for (String[] bad : new String[][] {
                {"x-1.0.tar.gz", "https://f.example/packages/../../etc/x-1.0.tar.gz"},
                {"x-1.0.tar.gz", "https://f.example/packages/0a/%2e%2e/x-1.0.tar.gz/../x-1.0.tar.gz"},
                {"x-1.0.tar.gz", "https://f.example/elsewhere/x-1.0.tar.gz"},
                {"x-1.0.tar.gz", "file:///packages/0a/x-1.0.tar.gz"},
                {"other.tar.gz", "https://f.example/packages/0a/1b/x-1.0.tar.gz"},
                {"../x.tar.gz", "https://f.example/packages/0a/1b/../x.tar.gz"},
                {"a\\b.tar.gz", "https://f.example/packages/0a/1b/a%5Cb.tar.gz"}}) {
            assertThatThrownBy(() -> parser.parseSimpleJson(utf8(jsonPage("""
                    {"filename": "%s", "url": "%s", "hashes": {"sha256": "%s"}, "size": 3}""".formatted(
                    bad[0].replace("\\", "\\\\"), bad[1], A))), PAGE))
                    .as(bad[1]).isInstanceOf(MalformedPageException.class);
        }
    }

    @Test
    void htmlPageIsParsedWithEscapesAndAttributes() {
        String html = """
                <!DOCTYPE html>
                <html>
                  <head>
                    <meta name="pypi:repository-version" content="1.3">
                    <meta name="pypi:project-status" content="quarantined">
                    <meta name="pypi:project-status-reason" content="a &amp; b">
                  </head>
                  <body>
                    <a href="../..%1$sdemo_pkg-1.0-py3-none-any.whl#sha256=%2$s" data-requires-python="&gt;=3.9" data-dist-info-metadata="sha256=%3$s" data-core-metadata="sha256=%3$s">demo_pkg-1.0-py3-none-any.whl</a><br />
                    <a href='https://f.example%1$sdemo_pkg-0.9.tar.gz#sha256=%2$s' data-yanked="">demo_pkg-0.9.tar.gz</a><br />
                    <a href="https://f.example%1$sdemo_pkg-0.8.tar.gz#sha256=%2$s" data-yanked="bad &quot;one&quot;">demo_pkg-0.8.tar.gz</a>
                  </body>
                </html>
                <!--SERIAL 100-->""".formatted(PATH, A, B);
        UpstreamPage page = parser.parseHtml(utf8(html), PAGE);
        assertThat(page.bodySerial()).isEqualTo(100L);
        assertThat(page.apiVersion()).isEqualTo("1.3");
        assertThat(page.status()).isEqualTo(new UpstreamPage.ProjectStatus("quarantined", "a & b"));
        assertThat(page.files()).hasSize(3);
        UpstreamFile whl = page.files().get(0);
        assertThat(whl.url().toString()).isEqualTo("https://pypi.example" + PATH + "demo_pkg-1.0-py3-none-any.whl");
        assertThat(whl.requiresPython()).isEqualTo(">=3.9");
        assertThat(whl.coreMetadataSha256()).isEqualTo(B);
        assertThat(whl.size()).isNull();
        assertThat(page.complete()).isFalse();
        assertThat(page.files().get(1).yanked()).isTrue();
        assertThat(page.files().get(1).yankedReason()).isNull();
        assertThat(page.files().get(2).yankedReason()).isEqualTo("bad \"one\"");
    }

    @Test
    void truncatedOrBrokenHtmlIsRejected() {
        String truncated = "<html><body><a href=\"https://f.example" + PATH + "x-1.0.tar.gz#sha256=" + A + "\">x-1.0.tar.gz</a><br/><a href=\"https://f.ex";
        assertThatThrownBy(() -> parser.parseHtml(utf8(truncated), PAGE)).isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> parser.parseHtml(utf8("not html at all"), PAGE)).isInstanceOf(MalformedPageException.class);
        String noHash = "<html><body><a href=\"https://f.example" + PATH + "x-1.0.tar.gz\">x-1.0.tar.gz</a></body></html>";
        assertThatThrownBy(() -> parser.parseHtml(utf8(noHash), PAGE)).isInstanceOf(MalformedPageException.class);
    }

    @Test
    void jsonApiPageIsParsedFromReleases() {
        String json = """
                {"info": {"name": "Demo-Pkg"}, "last_serial": 100,
                 "releases": {"0.9": [], "1.0": [{"filename": "demo_pkg-1.0.tar.gz",
                   "url": "https://f.example%sdemo_pkg-1.0.tar.gz", "digests": {"sha256": "%s"}, "size": 7,
                   "upload_time_iso_8601": "2024-09-05T11:11:15.123456Z", "requires_python": ">=3.9",
                   "yanked": true, "yanked_reason": "why", "core-metadata": false}]}}""".formatted(PATH, A);
        UpstreamPage page = parser.parseJsonApi(utf8(json), URI.create("https://pypi.example/pypi/demo-pkg/json"));
        assertThat(page.bodySerial()).isEqualTo(100L);
        assertThat(page.versions()).containsExactly("1.0");
        UpstreamFile f = page.files().get(0);
        assertThat(f.size()).isEqualTo(7);
        assertThat(f.yankedReason()).isEqualTo("why");
        assertThat(f.uploadTime()).isEqualTo("2024-09-05T11:11:15.123456Z");
        assertThat(page.status()).isNull();
    }

    @Test
    void htmlCompletedFromTheJsonApiHasSizesAndUploadTimes() {
        UpstreamPage html = parser.parseHtml(utf8("<html><body><a href=\"https://f.example" + PATH + "x-1.0.tar.gz#sha256=" + A
                + "\">x-1.0.tar.gz</a></body></html>"), PAGE);
        UpstreamPage api = parser.parseJsonApi(utf8("""
                {"last_serial": 100, "releases": {"1.0": [{"filename": "x-1.0.tar.gz", "url": "https://f.example%sx-1.0.tar.gz",
                 "digests": {"sha256": "%s"}, "size": 9, "upload_time_iso_8601": "2024-01-01T00:00:00Z"}]}}""".formatted(PATH, A)),
                PAGE);
        UpstreamPage merged = UpstreamPages.complete(html, api);
        assertThat(merged.complete()).isTrue();
        assertThat(merged.files().get(0).size()).isEqualTo(9);
        assertThat(merged.versions()).containsExactly("1.0");
    }
}
