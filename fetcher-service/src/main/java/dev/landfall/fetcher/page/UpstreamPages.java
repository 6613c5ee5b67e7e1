package dev.landfall.fetcher.page;

import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.project.ProjectName;
import dev.landfall.fetcher.upstream.PageResponse;
import dev.landfall.fetcher.upstream.UpstreamClient;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Step 1 of the fetch protocol: GET the project's page in the representation the attempt asks for, parsed.
 * The HTML page lacks sizes and upload times, so it is completed from the JSON API; the two must carry the same
 * stamp, otherwise the answer has no usable stamp (and counts as stale).
 */
@Component
public class UpstreamPages {

    private final UpstreamClient client;
    private final String base;

    public UpstreamPages(UpstreamClient client, UpstreamProperties upstream) {
        this.client = client;
        this.base = upstream.base();
    }

    /** An upstream answer: not found, or a page with its stamp as served. */
    public record Answer(boolean notFound, @Nullable UpstreamPage page, @Nullable String serialHeader,
                         @Nullable PageResponse response) {
        static Answer missing() {
            return new Answer(true, null, null, null);
        }
    }

    public Answer fetch(ProjectName project, long serial, SyncAttempt attempt) {
        PageParser parser = new PageParser(project, serial);
        Representation representation = attempt.representation();
        if (representation == Representation.SIMPLE_JSON) {
            PageResponse stale = attempt.staleAnswer(representation);
            PageResponse r = client.getPage(simpleUri(project), representation.accept(), stale == null ? null : stale.etag(), project, serial);
            if (r.notModified() && stale != null) {
                r = stale;   // same cache object as the stale answer we already hold
            }
            if (r.notFound()) {
                return Answer.missing();
            }
            return new Answer(false, parser.parseSimpleJson(r.body(), r.uri()), r.serialHeader(), r);
        }
        PageResponse html = client.getPage(simpleUri(project), Representation.SIMPLE_HTML.accept(), null, project, serial);
        if (html.notFound()) {
            return Answer.missing();
        }
        UpstreamPage htmlPage = parser.parseHtml(html.body(), html.uri());
        PageResponse api = client.getPage(jsonApiUri(project), Representation.JSON_API.accept(), null, project, serial);
        if (api.notFound()) {
            // The JSON API 404s for quarantined projects and projects without releases; the HTML page is all there is.
            return new Answer(false, htmlPage, html.serialHeader(), html);
        }
        UpstreamPage apiPage = parser.parseJsonApi(api.body(), api.uri());
        boolean sameStamp = html.serialHeader() != null && html.serialHeader().equals(api.serialHeader());
        return new Answer(false, complete(htmlPage, apiPage), sameStamp ? html.serialHeader() : null, html);
    }

    /** The HTML page with size and upload time of each file from the JSON API (files listed by HTML only stay incomplete). */
    static UpstreamPage complete(UpstreamPage html, UpstreamPage api) {
        Map<String, UpstreamFile> byName = new HashMap<>();
        api.files().forEach(f -> byName.put(f.filename(), f));
        List<UpstreamFile> files = html.files().stream().map(f -> {
            UpstreamFile a = byName.get(f.filename());
            return a == null || a.size() == null || !a.sha256().equals(f.sha256()) ? f : f.withSizeAndUploadTime(a.size(), a.uploadTime());
        }).toList();
        return new UpstreamPage(Representation.SIMPLE_HTML, html.bodySerial(), html.apiVersion(), files, api.versions(),
                html.status(), html.extraMeta(), html.extraTop());
    }

    private URI simpleUri(ProjectName project) {
        return URI.create(base + "/simple/" + project.value() + "/");
    }

    private URI jsonApiUri(ProjectName project) {
        return URI.create(base + "/pypi/" + project.value() + "/json");
    }
}
