package dev.landfall.fetcher.upstream;

import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.project.ProjectName;
import dev.landfall.fetcher.FetcherProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The upstream over HTTP/1.1 keep-alive: Apache HttpClient 5 classic (blocking; measured fastest for many small
 * downloads, docs/architecture.md#measurements-behind-the-stack-choices), one pool whose max-per-route = max-total = the fetch concurrency
 * (the defaults 5/25 would throttle). Page bodies are read up to a limit; file bodies are only streamed.
 */
public final class UpstreamClient implements AutoCloseable {

    /** Interface for streaming a file body somewhere (storage), bounded memory. */
    @FunctionalInterface
    public interface BodySink<T> {
        T accept(InputStream body, long contentLength) throws IOException;
    }

    private final CloseableHttpClient http;
    private final String userAgent;
    private final long maxPageBytes;

    public UpstreamClient(UpstreamProperties upstream, FetcherProperties fetcher) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(fetcher.concurrency())
                .setMaxConnTotal(fetcher.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(upstream.connectTimeout()))
                        .setSocketTimeout(Timeout.of(upstream.requestTimeout()))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(upstream.requestTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(upstream.requestTimeout()))
                        .build())
                .evictIdleConnections(Timeout.ofSeconds(30))
                .disableCookieManagement()
                .build();
        this.userAgent = upstream.userAgent();
        this.maxPageBytes = fetcher.maxPageSize().toBytes();
    }

    /**
     * GET a project page. 5xx and other unexpected statuses throw; 404 and 304 are answers.
     *
     * @param ifNoneMatch ETag of an earlier (stale) answer: a 304 costs no body
     */
    public PageResponse getPage(URI uri, String accept, @Nullable String ifNoneMatch, ProjectName project, long serial) {
        HttpGet get = new HttpGet(uri);
        get.setHeader("Accept", accept);
        get.setHeader("User-Agent", userAgent);
        if (ifNoneMatch != null) {
            get.setHeader("If-None-Match", ifNoneMatch);
        }
        HttpClientContext context = HttpClientContext.create();
        try {
            return http.execute(get, context, response -> {
                int status = response.getCode();
                URI finalUri = finalUri(uri, context);
                String serialHeader = header(response, "X-PyPI-Last-Serial");
                String etag = header(response, "ETag");
                if (status == 304 || status == 404) {
                    return new PageResponse(status, finalUri, serialHeader, etag, new byte[0]);
                }
                if (status != 200) {
                    throw new UpstreamStatusException(project, serial, uri.toString(), status);
                }
                return new PageResponse(200, finalUri, serialHeader, etag, readBounded(response.getEntity(), project, serial, uri));
            });
        } catch (IOException e) {
            throw new UpstreamIoException(project, serial, "reading " + uri + ": " + e, e);
        }
    }

    /**
     * Streams a file body to {@code sink}. The sink's own IOExceptions (storage, integrity) come back as
     * {@link UncheckedIOException} with the original cause; transport failures become {@link UpstreamIoException}.
     */
    public <T> T download(URI uri, ProjectName project, long serial, BodySink<T> sink) {
        HttpGet get = new HttpGet(uri);
        get.setHeader("User-Agent", userAgent);
        try {
            return http.execute(get, response -> {
                if (response.getCode() != 200) {
                    throw new UpstreamStatusException(project, serial, uri.toString(), response.getCode());
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    throw new UpstreamIoException(project, serial, "no body for " + uri);
                }
                try (InputStream in = entity.getContent()) {
                    return sink.accept(in, entity.getContentLength());
                } catch (IOException e) {
                    if (e instanceof SinkException) {
                        throw e;
                    }
                    throw new SinkException(e);
                }
            });
        } catch (SinkException e) {
            throw e.unwrap();
        } catch (IOException e) {
            throw new UpstreamIoException(project, serial, "downloading " + uri + ": " + e, e);
        }
    }

    /**
     * Reads a small body (a PEP 658 sidecar) fully, up to {@code limit} bytes.
     */
    public byte[] getSmall(URI uri, long limit, ProjectName project, long serial) {
        return download(uri, project, serial, (in, length) -> {
            if (length > limit) {
                throw new PageTooLargeException(project, serial, uri + " announces " + length + " bytes");
            }
            return readUpTo(in, limit, project, serial, uri);
        });
    }

    private byte[] readBounded(@Nullable HttpEntity entity, ProjectName project, long serial, URI uri) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxPageBytes) {
            throw new PageTooLargeException(project, serial, uri + " announces " + entity.getContentLength() + " bytes");
        }
        try (InputStream in = entity.getContent()) {
            return readUpTo(in, maxPageBytes, project, serial, uri);
        }
    }

    private static byte[] readUpTo(InputStream in, long limit, ProjectName project, long serial, URI uri) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > limit) {
                throw new PageTooLargeException(project, serial, uri + " is larger than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static URI finalUri(URI requested, HttpClientContext context) {
        List<URI> redirects = context.getRedirectLocations() == null ? List.of() : context.getRedirectLocations().getAll();
        return redirects.isEmpty() ? requested : redirects.get(redirects.size() - 1);
    }

    private static @Nullable String header(ClassicHttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** A failure of the body consumer (storage, integrity), kept apart from transport failures. */
    public static final class SinkException extends IOException {
        public SinkException(Exception cause) {
            super(cause.getMessage(), cause);
        }

        /** The sink's own exception, rethrown unchecked-or-IO as it was. */
        public RuntimeException unwrap() {
            Throwable c = getCause();
            if (c instanceof RuntimeException r) {
                return r;
            }
            if (c instanceof IOException io) {
                return new UncheckedIOException(io);
            }
            return new IllegalStateException(c);
        }
    }

}
