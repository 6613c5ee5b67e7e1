package dev.landfall.testsupport.consistency;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A response read as a stream (so a body that breaks off after a 200 is told apart from an outage), as text. */
final class TextResponse implements HttpResponse<String> {

    private final HttpResponse<InputStream> raw;
    private final String body;

    TextResponse(HttpResponse<InputStream> raw, String body) {
        this.raw = raw;
        this.body = body;
    }

    @Override
    public int statusCode() {
        return raw.statusCode();
    }

    @Override
    public HttpRequest request() {
        return raw.request();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return raw.headers();
    }

    @Override
    public String body() {
        return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return raw.sslSession();
    }

    @Override
    public URI uri() {
        return raw.uri();
    }

    @Override
    public HttpClient.Version version() {
        return raw.version();
    }
}
