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
        String[] segments = decoded.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..") || (s.isEmpty() && !last)) {
                return Optional.empty();
            }
        }
        return Optional.of(decoded);
    }
}
