package dev.landfall.common.team;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team token's text, {@code lft_<id>_<secret>}: the id (12 hex digits) is public and names the row, the secret is
 * 32 random bytes (base64url). Only {@link #sha256Hex} of the whole text is stored; the text is shown once, at
 * creation. Clients send it as HTTP basic password with the user {@code __token__} (what twine, uv and poetry do
 * for PyPI tokens); pip and uv put it in the index URL ({@code https://__token__:<token>@host/t/<view>/simple/}).
 */
public record TeamToken(String id, String text) {

    /** What a token allows: reading a protected view, or uploading to it. Neither implies the other. */
    public enum Scope {
        READ, UPLOAD;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope of(String value) {
            for (Scope s : values()) {
                if (s.value().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("scope must be 'read' or 'upload': '" + value + "'");
        }
    }

    /** The basic-auth user name the token goes with (as on PyPI). */
    public static final String USER = "__token__";

    private static final Pattern TEXT = Pattern.compile("lft_([0-9a-f]{12})_[A-Za-z0-9_-]{43}");

    /** A new random token. */
    public static TeamToken generate(SecureRandom random) {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        String hexId = HexFormat.of().formatHex(id);
        return new TeamToken(hexId, "lft_" + hexId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The id of a well-formed token text; empty for anything else (never looked up). */
    public static Optional<String> idOf(String text) {
        Matcher m = TEXT.matcher(text);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** What is stored of a token: the sha256 of its text, in hex. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hex digests. */
    public static boolean sameDigest(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "TeamToken[" + id + "]";
    }
}
