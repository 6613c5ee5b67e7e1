package dev.landfall.poller.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlRpcResponseParserTest {

    private final XmlRpcResponseParser parser = new XmlRpcResponseParser();

    private Object parse(String xml) {
        return parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String response(String value) {
        return "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>" + value
                + "</value>\n</param>\n</params>\n</methodResponse>\n";
    }

    @Test
    void changelogPageAsPyPISendsItParsesWithNilVersion() {
        // A minimal exchange (docs/architecture.md#xml-rpc-changelog), plus a project-level row whose version is <nil/>.
        Object value = parse(response("<array><data>"
                + "<value><array><data><value><string>demo-pkg</string></value><value><string>1.0</string></value>"
                + "<value><int>1725534675</int></value><value><string>new release</string></value>"
                + "<value><int>24891358</int></value></data></array></value>"
                + "<value><array><data><value><string>Other_Pkg</string></value><value><nil/></value>"
                + "<value><i4>1725534676</i4></value><value>create</value>"
                + "<value><int>24891359</int></value></data></array></value>"
                + "</data></array>"));
        assertThat(value).isEqualTo(List.of(
                List.of("demo-pkg", "1.0", 1725534675L, "new release", 24891358L),
                Arrays.asList("Other_Pkg", null, 1725534676L, "create", 24891359L)));
        assertThat(XmlRpcPypiChangelog.journalRow(((List<?>) value).get(1)))
                .isEqualTo(new UpstreamJournalRow("Other_Pkg", null, 1725534676L, "create", 24891359L));
    }

    @Test
    void intAndI4AndI8AreLongs() {
        assertThat(parse(response("<int>42</int>"))).isEqualTo(42L);
        assertThat(parse(response("<i4>-7</i4>"))).isEqualTo(-7L);
        assertThat(parse(response("<i8> 9223372036854775807 </i8>"))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bareTextAndEmptyValueAreStrings() {
        assertThat(parse(response("plain &amp; simple"))).isEqualTo("plain & simple");
        assertThat(parse(response(""))).isEqualTo("");
        assertThat(parse(response("<string></string>"))).isEqualTo("");
    }

    @Test
    void actionWithCharacterReferenceTextIsKeptVerbatim() {
        // docs/architecture.md#xml-rpc-changelog: non-ASCII arrives as literal "&#NNNN;" text, i.e. escaped ampersands on the wire.
        assertThat(parse(response("<string>add Owner J&amp;#246;rg</string>"))).isEqualTo("add Owner J&#246;rg");
    }

    @Test
    void structKeepsMembers() {
        Object value = parse(response("<struct><member><name>Foo</name><value><int>3</int></value></member>"
                + "<member><name>bar.baz</name><value><int>5</int></value></member></struct>"));
        assertThat(value).isEqualTo(Map.of("Foo", 3L, "bar.baz", 5L));
    }

    @Test
    void faultBecomesTypedExceptionAndRateLimitIsRecognised() {
        String fault = "<?xml version='1.0'?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>-32500</int></value></member>"
                + "<member><name>faultString</name><value><string>HTTPTooManyRequests: Limit may reset in 12 seconds.</string></value></member>"
                + "</struct></value></fault></methodResponse>";
        assertThatThrownBy(() -> parse(fault))
                .isInstanceOfSatisfying(XmlRpcFaultException.class, f -> {
                    assertThat(f.code()).isEqualTo(-32500);
                    assertThat(f.isRateLimit()).isTrue();
                    assertThat(f).hasMessageContaining("HTTPTooManyRequests");
                });
    }

    @Test
    void otherFaultIsNotRateLimit() {
        String fault = "<methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>-32601</int></value></member>"
                + "<member><name>faultString</name><value>no such method</value></member>"
                + "</struct></value></fault></methodResponse>";
        assertThatThrownBy(() -> parse(fault))
                .isInstanceOfSatisfying(XmlRpcFaultException.class, f -> assertThat(f.isRateLimit()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "<html><body>502 Bad Gateway</body></html>",
            "<methodResponse><params><param><value><int>1</int></value></param></params>",
            "<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>trailing<",
            "<methodResponse><params><param><value><int>12x</int></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><int></int></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><int>99999999999999999999</int></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><float>1</float></value></param></params></methodResponse>",
            "<methodResponse><params><param><value>x<int>1</int></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><array><int>1</int></array></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><nil>x</nil></value></param></params></methodResponse>",
            "<methodResponse><fault><value><string>oops</string></value></fault></methodResponse>",
            "<methodResponse><params></params></methodResponse>",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><methodResponse><params><param><value>&e;</value></param></params></methodResponse>",
    })
    void malformedAnswersAreRejectedWithTypedException(String xml) {
        assertThatThrownBy(() -> parse(xml)).isInstanceOf(MalformedXmlRpcException.class);
    }

    @Test
    void hugeIntegerIsMalformedNotTruncated() {
        assertThatThrownBy(() -> parse(response("<int>9223372036854775808</int>")))
                .isInstanceOf(MalformedXmlRpcException.class).hasMessageContaining("out of range");
    }

    @Test
    void wrongRowShapesAreMalformed() {
        assertThatThrownBy(() -> XmlRpcPypiChangelog.journalRow(List.of("a", "1", 1L, "x")))
                .isInstanceOf(MalformedXmlRpcException.class);
        assertThatThrownBy(() -> XmlRpcPypiChangelog.journalRow(List.of(1L, "1", 1L, "x", 2L)))
                .isInstanceOf(MalformedXmlRpcException.class);
        assertThatThrownBy(() -> XmlRpcPypiChangelog.journalRow(List.of("a", "1", "soon", "x", 2L)))
                .isInstanceOf(MalformedXmlRpcException.class);
        assertThatThrownBy(() -> XmlRpcPypiChangelog.journalRow(Arrays.asList("a", 1L, 1L, "x", 2L)))
                .isInstanceOf(MalformedXmlRpcException.class);
        assertThatThrownBy(() -> XmlRpcPypiChangelog.journalRow("a"))
                .isInstanceOf(MalformedXmlRpcException.class);
        // negative control: the same row with the right shape is accepted
        assertThat(XmlRpcPypiChangelog.journalRow(List.of("a", "1", 1L, "x", 2L)).serial()).isEqualTo(2L);
    }
}
