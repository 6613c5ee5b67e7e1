package dev.landfall.testsupport.consistency;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Downloads one listed file, and its PEP 658 {@code .metadata} file when upstream has one, and compares the bytes
 * with the oracle: status 200, every byte the {@code Content-Length} promised, size and sha256. A missing or
 * wrong byte is a violation; only a failure before any answer (connection refused) is a crawl error.
 */
final class FileDownload {

    private final HttpClient http;
    private final String cookie;

    FileDownload(HttpClient http, String cookie) {
        this.http = http;
        this.cookie = cookie;
    }

    /** @param at prefix of every violation, e.g. {@code "W=42 file foo-1.0-py3-none-any.whl"} */
    List<String> verify(String at, URI url, OracleSnapshot.File expected) throws IOException, InterruptedException {
        List<String> violations = new ArrayList<>();
        check(at + ": ", url, expected.size(), expected.sha256(), violations);
        if (expected.coreMetadataSha256() != null) {
            check(at + ".metadata: ", URI.create(url + ".metadata"), -1, expected.coreMetadataSha256(), violations);
        }
        return violations;
    }

    /** @param size -1 when the oracle states no size (the {@code .metadata} file) */
    private void check(String at, URI url, long size, String sha256, List<String> violations)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).header("Cookie", cookie).build();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
                violations.add(at + url.getRawPath() + " answered " + r.statusCode());
                return;
            }
            long promised = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest digest = sha256();
            long received = 0;
            @Nullable IOException cut = null;
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = body.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    received += n;
                }
            } catch (IOException e) {
                cut = e;
            }
            if (cut != null || (promised >= 0 && received != promised)) {
                violations.add(at + "truncated: " + received + " of Content-Length " + promised + " bytes"
                        + (size >= 0 ? " (oracle size " + size + ")" : "") + (cut == null ? "" : ", then " + cut));
                return;
            }
            if (size >= 0 && received != size) {
                violations.add(at + "downloaded size " + received + " != oracle size " + size);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                violations.add(at + "downloaded sha256 " + actual + " != oracle " + sha256);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
