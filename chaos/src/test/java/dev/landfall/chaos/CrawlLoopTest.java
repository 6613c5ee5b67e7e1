package dev.landfall.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.chaos.CrawlLoop.Kind;
import dev.landfall.testsupport.consistency.ConsistencyChecker.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a crawl counts in the campaign: each class with the answer that must land in it. */
class CrawlLoopTest {

    private static Kind kind(long w, String... violations) {
        return CrawlLoop.classify(new Report(w, 3, 10, 2, "all", List.of(violations))).kind();
    }

    @Test
    void aCrawlWithNoViolationIsConsistent() {
        assertThat(kind(42)).isEqualTo(Kind.CONSISTENT);
    }

    @Test
    void aCrawlWhosePagesAnswered5xxIsPartialNotConsistent() {
        assertThat(kind(42, "W=42 /simple/a/ answered 503", "W=42 /simple/b/ answered 502")).isEqualTo(Kind.PARTIAL);
        assertThat(kind(42, "crawl error: java.net.ConnectException")).isEqualTo(Kind.PARTIAL);
    }

    @Test
    void aRootThatAnswered5xxIsAFailedCrawl() {
        assertThat(kind(-1, "root index answered 503")).isEqualTo(Kind.FAILED);
    }

    @Test
    void aTruncatedOrGarbled200IsAViolationEvenWithoutAW() {
        assertThat(kind(-1, "/simple/ answered 200 with a truncated body (Content-Length 900): java.io.EOFException"))
                .isEqualTo(Kind.VIOLATION);
        assertThat(kind(42, "/simple/a/ answered 200 with a truncated body (chunked): x")).isEqualTo(Kind.VIOLATION);
        assertThat(kind(42, "W=42 file a-1.whl: truncated: 10 of Content-Length 20 bytes")).isEqualTo(Kind.VIOLATION);
        assertThat(kind(42, "W=42 /simple/a/ answered 503", "W=42 a: sha256 differs")).isEqualTo(Kind.VIOLATION);
    }
}
