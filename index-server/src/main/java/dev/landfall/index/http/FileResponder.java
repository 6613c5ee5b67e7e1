package dev.landfall.index.http;

import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.http.HttpCounters.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Stored files under {@code packages/}: strong ETag from the recorded sha256 (304), one byte range (206,
 * 416), HEAD. When the store keeps objects as local files ({@link BlobStore#localPath}), they go out through
 * Jetty's channel-backed content source in 64 KiB direct buffers and their size and sha256 are remembered
 * (objects under {@code packages/} are immutable); otherwise they are streamed from {@link BlobStore#get}.
 */
final class FileResponder {

    /** Files at most this many are remembered (size + sha256); on overflow the memo starts over. */
    static final int FILE_INFO_ENTRIES = 16_384;
    /** Read buffer for files: Jetty's default pool keeps direct buffers up to 64 KiB. */
    private static final int FILE_BUFFER = 64 * 1024;
    private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
    private static final HttpField OCTET_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");

    private final BlobStore blobs;
    private final HttpCounters counters;
    private final PlainResponder plain;
    private final ConcurrentHashMap<String, BlobInfo> fileInfo = new ConcurrentHashMap<>();
    private volatile ByteBufferPool.@Nullable Sized filePool;

    FileResponder(BlobStore blobs, HttpCounters counters, PlainResponder plain) {
        this.blobs = blobs;
        this.counters = counters;
        this.plain = plain;
    }

    /** {@code key} is {@code packages/…}, not yet checked for safety. */
    void serve(Request request, Response response, Callback callback, String key, boolean head) throws IOException {
        Optional<Path> local;
        try {
            local = blobs.localPath(key);   // also rejects unsafe keys, like every BlobStore operation
        } catch (IllegalArgumentException e) {
            plain.text(response, callback, Route.PACKAGE, 400, "bad request path", head);
            return;
        }
        if (local.isEmpty()) {
            Optional<BlobInfo> info = blobs.stat(key);
            if (info.isEmpty()) {
                plain.text(response, callback, Route.PACKAGE, 404, "not found", head);
                return;
            }
            serveBlob(request, response, callback, key, info.get(), null, head);
            return;
        }
        // Opening first proves the file still exists (garbage collection may delete it) before a
        // remembered size is trusted: one open instead of stat + getxattr per request.
        FileChannel channel;
        try {
            channel = FileChannel.open(local.get(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            fileInfo.remove(key);
            plain.text(response, callback, Route.PACKAGE, 404, "not found", head);
            return;
        }
        boolean handedOff = false;
        try {
            BlobInfo info = fileInfo.get(key);
            if (info == null) {
                info = blobs.stat(key).orElse(null);   // empty for directories (a key prefix)
                if (info == null) {
                    plain.text(response, callback, Route.PACKAGE, 404, "not found", head);
                    return;
                }
                if (fileInfo.size() >= FILE_INFO_ENTRIES) {
                    fileInfo.clear();
                }
                fileInfo.put(key, info);
            }
            handedOff = serveBlob(request, response, callback, key, info, channel, head);
        } finally {
            if (!handedOff) {
                channel.close();
            }
        }
    }

    /**
     * Headers, conditional request and range of one stored object, then its bytes: from {@code channel}
     * (a local file) or the BlobStore stream. True if {@code channel} now belongs to Jetty.
     */
    private boolean serveBlob(Request request, Response response, Callback callback, String key, BlobInfo info,
                              @Nullable FileChannel channel, boolean head) throws IOException {
        long size = info.size();
        String etag = info.sha256() == null ? null : "\"" + info.sha256() + "\"";
        response.getHeaders().add(ACCEPT_RANGES);
        response.getHeaders().add(CacheControl.IMMUTABLE);
        response.getHeaders().add(key.endsWith(StorageKeys.METADATA_SUFFIX) ? PlainResponder.TEXT_PLAIN : OCTET_STREAM);
        if (etag != null) {
            response.getHeaders().add(new HttpField(HttpHeader.ETAG, etag));
            if (IfNoneMatch.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
                plain.notModified(response, callback, Route.PACKAGE);
                return false;
            }
        }
        ByteRange range = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE), size);
        if (range instanceof ByteRange.Unsatisfiable) {
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
            plain.text(response, callback, Route.PACKAGE, 416, "range not satisfiable", head);
            return false;
        }
        long offset = 0;
        long length = size;
        if (range instanceof ByteRange.Partial p) {
            offset = p.first();
            length = p.length();
            response.setStatus(206);
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + size);
        } else {
            response.setStatus(200);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        counters.count(Route.PACKAGE, response.getStatus());
        if (head || length == 0) {
            response.write(true, null, callback);
            return false;
        }
        if (channel != null) {
            // Jetty reads the channel into pooled direct buffers and writes them without another copy;
            // the source closes the channel when it reaches the end or fails.
            Content.copy(Content.Source.from(filePool(request), channel, offset, length), response, callback);
            return true;
        }
        // A NoSuchBlobException here (deleted between stat and read by garbage collection) reaches the
        // handler before anything was written.
        try (InputStream in = range instanceof ByteRange.Partial ? blobs.get(key, offset, length) : blobs.get(key);
             OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        }
        callback.succeeded();
        return false;
    }

    private ByteBufferPool.Sized filePool(Request request) {
        ByteBufferPool.Sized pool = filePool;
        if (pool == null) {
            pool = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, FILE_BUFFER);
            filePool = pool;
        }
        return pool;
    }
}
