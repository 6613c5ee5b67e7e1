package dev.landfall.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaNegotiationTest {

    @Test
    void pipAndUvGetJson() {
        assertThat(MediaNegotiation.wantsJson("application/vnd.pypi.simple.v1+json, "
                + "application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01", null)).isTrue();
    }

    @Test
    void noAcceptOrBrowsersGetHtml() {
        assertThat(MediaNegotiation.wantsJson(null, null)).isFalse();
        assertThat(MediaNegotiation.wantsJson("*/*", null)).isFalse();
        assertThat(MediaNegotiation.wantsJson("text/html,application/xhtml+xml,*/*;q=0.8", null)).isFalse();
    }

    @Test
    void qualityValuesDecide() {
        assertThat(MediaNegotiation.wantsJson("application/vnd.pypi.simple.v1+json;q=0.2, text/html", null)).isFalse();
        assertThat(MediaNegotiation.wantsJson("application/vnd.pypi.simple.latest+json", null)).isTrue();
        assertThat(MediaNegotiation.wantsJson("application/vnd.pypi.simple.v1+json;q=0", null)).isFalse();
    }

    @Test
    void formatParameterOverridesAccept() {
        assertThat(MediaNegotiation.wantsJson("text/html", "application/vnd.pypi.simple.v1+json")).isTrue();
        assertThat(MediaNegotiation.wantsJson("application/vnd.pypi.simple.v1+json", "text/html")).isFalse();
    }
}
