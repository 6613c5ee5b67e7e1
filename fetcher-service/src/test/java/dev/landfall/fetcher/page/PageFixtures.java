package dev.landfall.fetcher.page;

import java.net.URI;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Test fixtures speaking the domain: upstream files and pages. */
public final class PageFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String SHA = "a".repeat(64);
    public static final String META_SHA = "b".repeat(64);

    private PageFixtures() {
    }

    public static UpstreamFile file(String filename, long size) {
        return new UpstreamFile(filename, URI.create("https://files.example/packages/0a/1b/" + "c".repeat(60) + "/" + filename),
                SHA, size, null, false, null, null, "2024-09-01T10:00:00.000000Z", null, obj(), obj());
    }

    public static UpstreamPage page(List<UpstreamFile> files, List<String> versions) {
        return new UpstreamPage(Representation.SIMPLE_JSON, null, "1.4", files, versions, UpstreamPage.ProjectStatus.ACTIVE, obj(), obj());
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }
}
