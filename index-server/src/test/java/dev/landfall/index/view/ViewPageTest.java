package dev.landfall.index.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.view.ViewPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ViewPageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant W_TIME = Instant.parse("2025-03-10T12:00:00Z");

    private static final String STORED = """
            {"meta":{"api-version":"1.4","_last-serial":42},"name":"demo","project-status":{"status":"active"},
             "versions":["1.0","1.1","2.0"],
             "files":[
              {"filename":"demo-1.0-py3-none-any.whl","url":"/packages/aa/bb/cc/demo-1.0-py3-none-any.whl",
               "hashes":{"sha256":"a1"},"requires-python":">=3.8","size":10,"upload-time":"2025-01-01T00:00:00.000000Z",
               "yanked":false,"core-metadata":{"sha256":"m1"},"provenance":null},
              {"filename":"demo-1.1.tar.gz","url":"/packages/aa/bb/dd/demo-1.1.tar.gz",
               "hashes":{"sha256":"a2"},"requires-python":null,"size":11,"upload-time":"2025-02-01T00:00:00.000000Z",
               "yanked":"broken","core-metadata":false,"provenance":null},
              {"filename":"demo-2.0-py3-none-any.whl","url":"/packages/aa/bb/ee/demo-2.0-py3-none-any.whl",
               "hashes":{"sha256":"a3"},"requires-python":null,"size":12,"upload-time":"2025-03-09T00:00:00.000000Z",
               "yanked":false,"core-metadata":{"sha256":"m3"},"provenance":null}]}
            """;

    private static PolicyDecision cooldown(Duration d) {
        return new PolicyDecision(new ViewPolicy(List.of(), List.of(), false, List.of(), d));
    }

    @Test
    void theCooldownDropsTheYoungFileAndItsVersionAndKeepsTheYankMark() {
        PolicyDecision d = cooldown(Duration.ofDays(7));
        ViewPage.Served page = (ViewPage.Served) ViewPage.derive("demo", STORED.getBytes(StandardCharsets.UTF_8), d, d.cutoff(W_TIME));
        JsonNode json = JSON.readTree(page.json().bytes());
        assertThat(json.path("files")).extracting(f -> f.path("filename").asString())
                .containsExactly("demo-1.0-py3-none-any.whl", "demo-1.1.tar.gz");
        assertThat(json.path("versions")).extracting(JsonNode::asString).containsExactly("1.0", "1.1");
        assertThat(json.path("meta").path("_last-serial").asLong()).isEqualTo(42);
        assertThat(json.path("files").get(1).path("yanked").asString()).isEqualTo("broken");
        String html = new String(page.html().bytes(), StandardCharsets.UTF_8);
        assertThat(html).contains("demo-1.0-py3-none-any.whl#sha256=a1\" data-requires-python=\"&gt;=3.8\" "
                + "data-core-metadata=\"sha256=m1\" data-dist-info-metadata=\"sha256=m1\">")
                .contains("data-yanked=\"broken\"").doesNotContain("demo-2.0").endsWith("<!--SERIAL 42-->");
    }

    @Test
    void withoutACooldownEveryFileAndVersionStays() {
        PolicyDecision d = cooldown(Duration.ZERO);
        ViewPage.Served page = (ViewPage.Served) ViewPage.derive("demo", STORED.getBytes(StandardCharsets.UTF_8), d, d.cutoff(W_TIME));
        JsonNode json = JSON.readTree(page.json().bytes());
        assertThat(json.path("files").size()).isEqualTo(3);
        assertThat(json.path("versions").size()).isEqualTo(3);
    }

    @Test
    void aCooldownLongerThanTheProjectsHistoryOmitsIt() {
        PolicyDecision d = cooldown(Duration.ofDays(365));
        assertThat(ViewPage.derive("demo", STORED.getBytes(StandardCharsets.UTF_8), d, d.cutoff(W_TIME)))
                .isEqualTo(new ViewPage.Omitted(ProjectVerdict.Reason.ALL_FILES_HIDDEN));
    }
}
