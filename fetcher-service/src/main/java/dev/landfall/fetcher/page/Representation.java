package dev.landfall.fetcher.page;

/**
 * The upstream representations of a project page. PyPI's CDN caches each separately, so when one is stale
 * another may already be fresh (docs/architecture.md#page-stamps-and-the-cdn); query-string cache busting does not work.
 */
public enum Representation {
    /** {@code /simple/<p>/} as PEP 691 JSON: complete on its own. */
    SIMPLE_JSON("application/vnd.pypi.simple.v1+json"),
    /** {@code /simple/<p>/} as PEP 503 HTML: lacks size and upload time (completed from the JSON API). */
    SIMPLE_HTML("application/vnd.pypi.simple.v1+html"),
    /** {@code /pypi/<p>/json}: lacks provenance and project status (completed from the HTML page). */
    JSON_API("application/json");

    private final String accept;

    Representation(String accept) {
        this.accept = accept;
    }

    public String accept() {
        return accept;
    }
}
