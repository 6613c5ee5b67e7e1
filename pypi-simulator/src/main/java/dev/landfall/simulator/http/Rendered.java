package dev.landfall.simulator.http;

/** A rendered body with its strong ETag (quoted) and content type. */
record Rendered(byte[] body, String etag, String contentType) {
}
