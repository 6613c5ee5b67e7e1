package dev.landfall.index.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Path hardening for the hot path: the raw request path is percent-decoded exactly once and
 * rejected (400) if it could address anything outside the intended tree — {@code .} or
 * {@code ..} segments (encoded or not), encoded separators, backslashes, a {@code %} left after
 * decoding (double encoding), control characters, invalid UTF-8, empty inner segments, or more
 * than {@value #MAX_LENGTH} characters. Pure.
 */
public final class RequestPath {

    static final int MAX_LENGTH = 1024;

    private RequestPath() {
    }

    /** The decoded path, or empty if it must be rejected. */
    public static Optional<String> decode(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_LENGTH * 3 || raw.charAt(0) != '/') {
            return Optional.empty();
        }
        if (isPlainAscii(raw)) {
            // Fast path (every pip request): nothing to decode, so the raw string is the decoded path
            // and the byte buffer, charset decoder and second scan below would only allocate.
            return raw.length() <= MAX_LENGTH && segmentsAreSafe(raw) ? Optional.of(raw) : Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                int b = hi * 16 + lo;
                if (b == '/' || b == '\\' || b == '%') {
                    return Optional.empty();
                }
                bytes.write(b);
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        if (decoded.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (Character.isISOControl(c) || c == '\\') {
                return Optional.empty();
            }
        }
        if (!segmentsAreSafe(decoded)) {
            return Optional.empty();
        }
        return Optional.of(decoded);
    }

    /** Printable ASCII without {@code %} or {@code \\}: decoding would return the same string. */
    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '%' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * No {@code .} or {@code ..} segment and no empty segment except the last (a trailing slash),
     * scanned in place instead of splitting. {@code path} starts with {@code /}.
     */
    private static boolean segmentsAreSafe(String path) {
        int start = 1;
        int length = path.length();
        for (int i = 1; i <= length; i++) {
            if (i < length && path.charAt(i) != '/') {
                continue;
            }
            int segment = i - start;
            boolean last = i == length;
            if (segment == 0 && !last) {
                return false;
            }
            if (segment == 1 && path.charAt(start) == '.') {
                return false;
            }
            if (segment == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                return false;
            }
            start = i + 1;
        }
        return true;
    }
}
