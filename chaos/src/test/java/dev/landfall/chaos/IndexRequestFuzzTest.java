package dev.landfall.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.index.http.AcceptNegotiation;
import dev.landfall.index.http.ByteRange;
import dev.landfall.index.http.RequestPath;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing of the index server's request handling that runs before any lookup: path decoding
 * ({@link RequestPath}), {@code Accept} negotiation and {@code Range} parsing. Whatever a client
 * sends: no exception, no hang, and a decoded path never escapes its tree; a range always lies
 * inside the object.
 */
class IndexRequestFuzzTest {

    private static final ExecutorService POOL = FuzzCorpus.pool();

    @AfterContainer
    static void shutDown() {
        POOL.shutdownNow();
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> fromCorpus = Arbitraries.of(FuzzCorpus.lines("request-path/paths.txt"))
                .flatMap(p -> Arbitraries.longs().map(m -> new String(FuzzCorpus.mutate(p.getBytes(StandardCharsets.UTF_8), m), StandardCharsets.ISO_8859_1)));
        Arbitrary<String> pieces = Arbitraries.of("/", "%2e", "%2E", ".", "..", "%2f", "%5c", "\\", "%25", "%", "%c0%ae", "%00", "a", "simple",
                "packages", "snapshots", "12", "%C3%A9", "\u00e9", " ", "?", "#").list().ofMaxSize(12).map(l -> "/" + String.join("", l));
        return Arbitraries.oneOf(fromCorpus, pieces, Arbitraries.strings().ofMaxLength(300));
    }

    @Property(tries = 3000)
    void decodedPathsNeverEscapeTheirTree(@ForAll("paths") String raw) throws Exception {
        Optional<String> decoded = FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> RequestPath.decode(raw));
        decoded.ifPresent(p -> {
            assertThat(p).startsWith("/");
            assertThat(p.split("/", -1)).doesNotContain("..", ".");
            assertThat(p).doesNotContain("\\").doesNotContain("//");
            assertThat(p.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", p).isTrue();
        });
    }

    @Provide
    Arbitrary<String> accepts() {
        Arbitrary<String> fromCorpus = Arbitraries.of(FuzzCorpus.lines("accept/accept.txt"))
                .flatMap(a -> Arbitraries.longs().map(m -> new String(FuzzCorpus.mutate(a.getBytes(StandardCharsets.UTF_8), m), StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(fromCorpus, Arbitraries.strings().ofMaxLength(5000), Arbitraries.just(",".repeat(100_000)),
                Arbitraries.just("text/html;q=0.5,".repeat(20_000)));
    }

    @Property(tries = 2000)
    void acceptNegotiationNeverThrowsOrHangs(@ForAll("accepts") String accept) throws Exception {
        FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> AcceptNegotiation.choose(accept));
        FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> AcceptNegotiation.fromFormatParameter(accept));
    }

    @Provide
    Arbitrary<String> ranges() {
        Arbitrary<String> fromCorpus = Arbitraries.of(FuzzCorpus.lines("range/range.txt"))
                .flatMap(r -> Arbitraries.longs().map(m -> new String(FuzzCorpus.mutate(r.getBytes(StandardCharsets.UTF_8), m), StandardCharsets.UTF_8)));
        Arbitrary<String> numeric = Arbitraries.longs().between(-5, Long.MAX_VALUE).tuple2()
                .map(t -> "bytes=" + (t.get1() < 0 ? "" : t.get1()) + "-" + (t.get2() < 0 ? "" : t.get2()));
        return Arbitraries.oneOf(fromCorpus, numeric, Arbitraries.strings().ofMaxLength(300));
    }

    @Property(tries = 3000)
    void aRangeAlwaysLiesInsideTheObject(@ForAll("ranges") String header, @ForAll @LongRange(min = 0, max = 1L << 40) long size) throws Exception {
        ByteRange r = FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> ByteRange.parse(header, size));
        if (r instanceof ByteRange.Partial p) {
            assertThat(p.first()).isBetween(0L, size - 1);
            assertThat(p.last()).isBetween(p.first(), size - 1);
        }
    }
}
