package dev.landfall.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEP 691 negotiation (docs/architecture.md#simple-api-pages): q-values decide, HTML by default, 406 when nothing fits. */
class AcceptNegotiationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | JSON_V1",
            "*/* | TEXT_HTML",
            "text/html | TEXT_HTML",
            "application/vnd.pypi.simple.v1+html | HTML_V1",
            "application/vnd.pypi.simple.latest+json | JSON_V1",
            "application/vnd.pypi.simple.latest+html | HTML_V1",
            "text/html;q=0.9, application/vnd.pypi.simple.v1+json;q=0.5 | TEXT_HTML",
            "text/html;q=0.4, application/vnd.pypi.simple.v1+json;q=0.5 | JSON_V1",
            "application/vnd.pypi.simple.v1+json, text/html | JSON_V1",
            "application/*;q=0.8, text/html;q=0.1 | HTML_V1",
            "*/*;q=0.1, application/vnd.pypi.simple.v1+json;q=0.05 | TEXT_HTML",
            "TEXT/HTML | TEXT_HTML",
            "application/vnd.pypi.simple.v1+json;q=garbage, text/html;q=0.2 | TEXT_HTML",
    })
    void picksTheHighestQuality(String accept, SimpleFormat expected) {
        assertThat(AcceptNegotiation.choose(accept)).contains(expected);
    }

    @Test
    void noHeaderMeansHtml() {
        assertThat(AcceptNegotiation.choose(null)).contains(SimpleFormat.TEXT_HTML);
        assertThat(AcceptNegotiation.choose("  ")).contains(SimpleFormat.TEXT_HTML);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json",
            "image/png, application/xml",
            "text/html;q=0, application/vnd.pypi.simple.v1+json;q=0, */*;q=0",
            "application/vnd.pypi.simple.v2+json",
            ";;;,,,=q",
    })
    void nothingAcceptableIsEmpty(String accept) {
        assertThat(AcceptNegotiation.choose(accept)).isEqualTo(Optional.empty());
    }

    @Test
    void absurdlyLongHeaderDoesNotThrow() {
        String accept = "x/y;q=0.1,".repeat(10_000) + "text/html";
        assertThat(AcceptNegotiation.choose(accept)).isNotNull();
    }

    @Test
    void formatParameterNamesOneType() {
        assertThat(AcceptNegotiation.fromFormatParameter("application/vnd.pypi.simple.v1+json")).contains(SimpleFormat.JSON_V1);
        assertThat(AcceptNegotiation.fromFormatParameter("nonsense")).isEmpty();
    }
}
