package dev.landfall.index.http;

/** The representations of the simple API a client can negotiate (PEP 691), with the Content-Type answered. */
public enum SimpleFormat {
    JSON_V1("application/vnd.pypi.simple.v1+json"),
    HTML_V1("application/vnd.pypi.simple.v1+html"),
    TEXT_HTML("text/html");

    private final String mediaType;

    SimpleFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public String contentType() {
        return this == TEXT_HTML ? "text/html; charset=utf-8" : mediaType;
    }

    public boolean isJson() {
        return this == JSON_V1;
    }
}
