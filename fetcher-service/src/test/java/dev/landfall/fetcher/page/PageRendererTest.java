package dev.landfall.fetcher.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** docs/architecture.md#page-objects: the mirror's page objects. */
class PageRendererTest {

    private final PageRenderer renderer = new PageRenderer();
    private static final String KEY = "packages/0a/1b/" + "c".repeat(60) + "/";

    private static UpstreamFile file(String name, boolean yanked, String reason, String requiresPython, String metadataSha) {
        ObjectNode extra = PageFixtures.obj();
        extra.put("future-key", "kept");
        extra.put("dist-info-metadata", "must-go");
        ObjectNode other = PageFixtures.obj();
        other.put("md5", "abc");
        return new UpstreamFile(name, URI.create("https://files.example/" + KEY + name), PageFixtures.SHA, 42L, requiresPython,
                yanked, reason, metadataSha, "2024-09-05T11:11:15.123456Z", "https://p.example/prov", other, extra);
    }

    private static MirrorPage page(String prefix, MirrorPage.MirrorFile... files) {
        ObjectNode top = PageFixtures.obj();
        top.put("future-top", 1);
        top.put("name", "upstream-name-must-not-win");
        UpstreamPage up = new UpstreamPage(Representation.SIMPLE_JSON, 7L, null, List.of(files).stream().map(MirrorPage.MirrorFile::upstream).toList(),
                List.of("1.0"), new UpstreamPage.ProjectStatus("archived", "moved <elsewhere>"), PageFixtures.obj(), top);
        return new MirrorPage(new ProjectName("demo-pkg"), 7, up, List.of(files));
    }

    private static MirrorPage.MirrorFile mirrored(UpstreamFile f, String prefix, String storedMetadata) {
        return new MirrorPage.MirrorFile(f, prefix + "/" + KEY + f.filename(), storedMetadata);
    }

    private static JsonNode json(byte[] bytes) {
        return PageFixtures.JSON.readTree(bytes);
    }

    @Test
    void jsonCarriesEveryFieldWithUrlsRewrittenToTheMirror() {
        UpstreamFile f = file("demo_pkg-1.0-py3-none-any.whl", true, "broken", ">=3.9", PageFixtures.META_SHA);
        JsonNode root = json(renderer.json(page("", mirrored(f, "", PageFixtures.META_SHA))));
        assertThat(root.path("meta").path("api-version").asString()).isEqualTo("1.4");
        assertThat(root.path("meta").path("_last-serial").asLong()).isEqualTo(7);
        assertThat(root.path("name").asString()).isEqualTo("demo-pkg");
        assertThat(root.path("project-status").path("status").asString()).isEqualTo("archived");
        assertThat(root.path("versions").get(0).asString()).isEqualTo("1.0");
        assertThat(root.path("future-top").asInt()).isEqualTo(1);
        JsonNode file = root.path("files").get(0);
        assertThat(file.path("url").asString()).isEqualTo("/" + KEY + "demo_pkg-1.0-py3-none-any.whl");
        assertThat(file.path("hashes").path("sha256").asString()).isEqualTo(PageFixtures.SHA);
        assertThat(file.path("hashes").path("md5").asString()).isEqualTo("abc");
        assertThat(file.path("size").asLong()).isEqualTo(42);
        assertThat(file.path("requires-python").asString()).isEqualTo(">=3.9");
        assertThat(file.path("upload-time").asString()).isEqualTo("2024-09-05T11:11:15.123456Z");
        assertThat(file.path("yanked").asString()).isEqualTo("broken");
        assertThat(file.path("core-metadata").path("sha256").asString()).isEqualTo(PageFixtures.META_SHA);
        assertThat(file.path("provenance").asString()).isEqualTo("https://p.example/prov");
        assertThat(file.path("future-key").asString()).isEqualTo("kept");
    }

    @Test
    void jsonNeverContainsDistInfoMetadata() {
        UpstreamFile f = file("demo_pkg-1.0-py3-none-any.whl", false, null, null, PageFixtures.META_SHA);
        String json = new String(renderer.json(page("", mirrored(f, "", PageFixtures.META_SHA))), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("dist-info-metadata");
        // negative control: the upstream file did carry the key
        assertThat(f.extra().has("dist-info-metadata")).isTrue();
    }

    @Test
    void metadataIsAdvertisedOnlyWhenTheMirrorStoredIt() {
        UpstreamFile f = file("demo_pkg-1.0-py3-none-any.whl", false, null, null, PageFixtures.META_SHA);
        MirrorPage notStored = page("", mirrored(f, "", null));
        assertThat(json(renderer.json(notStored)).path("files").get(0).path("core-metadata").asBoolean(true)).isFalse();
        assertThat(new String(renderer.html(notStored), StandardCharsets.UTF_8)).doesNotContain("metadata=");
        MirrorPage stored = page("", mirrored(f, "", PageFixtures.META_SHA));
        assertThat(new String(renderer.html(stored), StandardCharsets.UTF_8))
                .contains("data-core-metadata=\"sha256=" + PageFixtures.META_SHA + "\" data-dist-info-metadata=\"sha256=" + PageFixtures.META_SHA + "\"");
    }

    @Test
    void notYankedAndYankedWithoutReason() {
        UpstreamFile a = file("a-1.0.tar.gz", false, null, null, null);
        UpstreamFile b = file("b-1.0.tar.gz", true, null, null, null);
        MirrorPage p = page("", mirrored(a, "", null), mirrored(b, "", null));
        JsonNode files = json(renderer.json(p)).path("files");
        assertThat(files.get(0).path("yanked").isBoolean() && !files.get(0).path("yanked").asBoolean()).isTrue();
        assertThat(files.get(1).path("yanked").isBoolean() && files.get(1).path("yanked").asBoolean()).isTrue();
        assertThat(files.get(0).path("requires-python").isNull()).isTrue();
        String html = new String(renderer.html(p), StandardCharsets.UTF_8);
        assertThat(html).contains("<a href=\"/" + KEY + "a-1.0.tar.gz#sha256=" + PageFixtures.SHA + "\" data-provenance=");
        assertThat(html).contains("b-1.0.tar.gz#sha256=" + PageFixtures.SHA + "\" data-yanked=\"\"");
    }

    @Test
    void htmlEscapesAttributesAndEndsWithTheSerial() {
        UpstreamFile f = file("demo_pkg-1.0-py3-none-any.whl", true, "a \"quoted\" <reason> & more", ">=3.9,<4", null);
        String html = new String(renderer.html(page("", mirrored(f, "", null))), StandardCharsets.UTF_8);
        assertThat(html).contains("<meta name=\"pypi:repository-version\" content=\"1.4\">");
        assertThat(html).contains("<meta name=\"pypi:project-status\" content=\"archived\">");
        assertThat(html).contains("<meta name=\"pypi:project-status-reason\" content=\"moved &lt;elsewhere&gt;\">");
        assertThat(html).contains("data-requires-python=\"&gt;=3.9,&lt;4\"");
        assertThat(html).contains("data-yanked=\"a &quot;quoted&quot; &lt;reason&gt; &amp; more\"");
        assertThat(html).contains(">demo_pkg-1.0-py3-none-any.whl</a><br />");
        assertThat(html).endsWith("<!--SERIAL 7-->");
        assertThat(html).doesNotContain("\"quoted\"");
    }

    @Test
    void mirrorPathPrefixIsPrepended() {
        UpstreamFile f = file("a-1.0.tar.gz", false, null, null, null);
        MirrorPage p = page("/pypi", mirrored(f, "/pypi", null));
        assertThat(json(renderer.json(p)).path("files").get(0).path("url").asString()).startsWith("/pypi/packages/");
    }

    @Test
    void renderedPagesParseBackToTheSameFiles() {
        UpstreamFile f = file("demo_pkg-1.0-py3-none-any.whl", true, "why", ">=3.9", PageFixtures.META_SHA);
        MirrorPage p = page("", mirrored(f, "", PageFixtures.META_SHA));
        PageParser parser = new PageParser(new ProjectName("demo-pkg"), 7);
        URI base = URI.create("http://mirror.example/simple/demo-pkg/");
        UpstreamFile fromJson = parser.parseSimpleJson(renderer.json(p), base).files().get(0);
        UpstreamFile fromHtml = parser.parseHtml(renderer.html(p), base).files().get(0);
        for (UpstreamFile g : List.of(fromJson, fromHtml)) {
            assertThat(g.filename()).isEqualTo(f.filename());
            assertThat(g.sha256()).isEqualTo(f.sha256());
            assertThat(g.requiresPython()).isEqualTo(">=3.9");
            assertThat(g.yankedReason()).isEqualTo("why");
            assertThat(g.coreMetadataSha256()).isEqualTo(PageFixtures.META_SHA);
            assertThat(g.url().getPath()).isEqualTo("/" + KEY + f.filename());
        }
        assertThat(fromJson.size()).isEqualTo(42);
    }
}
