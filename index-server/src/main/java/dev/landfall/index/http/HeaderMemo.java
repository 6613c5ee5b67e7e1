package dev.landfall.index.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A small bounded memo of a pure function of a raw header value ({@code Accept},
 * {@code Accept-Encoding}). Real clients send a handful of distinct header strings (pip sends
 * the same {@code Accept} on every request), so parsing each request again is wasted work. Once
 * {@value #MAX_ENTRIES} values are held (a client sending random headers), further values are
 * computed but not remembered, so the memo cannot grow without bound; long values are never held.
 */
final class HeaderMemo<V> {

    static final int MAX_ENTRIES = 256;
    static final int MAX_VALUE_LENGTH = 512;

    private final ConcurrentHashMap<String, V> memo = new ConcurrentHashMap<>();
    private final Function<@Nullable String, V> compute;
    private final V whenAbsent;

    HeaderMemo(Function<@Nullable String, V> compute) {
        this.compute = compute;
        this.whenAbsent = compute.apply(null);
    }

    V get(@Nullable String header) {
        if (header == null) {
            return whenAbsent;
        }
        V hit = memo.get(header);
        if (hit != null) {
            return hit;
        }
        V value = compute.apply(header);
        if (header.length() <= MAX_VALUE_LENGTH && memo.size() < MAX_ENTRIES) {
            memo.putIfAbsent(header, value);
        }
        return value;
    }
}
