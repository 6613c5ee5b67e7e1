package dev.landfall.simulator.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.simulator.model.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcEndpointTest {

    private final XmlRpcParser parser = new XmlRpcParser();
    private final World world = World.generate(1, 20, 0, () -> 0L);
    private final XmlRpcEndpoint endpoint = new XmlRpcEndpoint(world, 5, 0);

    private static String call(String method, String params) {
        return "<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method + "</methodName>\n<params>\n" + params
                + "</params>\n</methodCall>\n";
    }

    private String answer(String body) {
        return new String(endpoint.handle(body), StandardCharsets.UTF_8);
    }

    @Test
    void parsesPythonMarshallerTypes() throws Exception {
        XmlRpcCall c = parser.parse(call("m", "<param><value><int>42</int></value></param>"
                + "<param><value><nil/></value></param><param><value>bare</value></param>"
                + "<param><value><array><data><value><i4>1</i4></value><value><string>x</string></value></data>"
                + "</array></value></param><param><value><struct><member><name>k</name><value><boolean>1</boolean>"
                + "</value></member></struct></value></param>"));
        assertThat(c.method()).isEqualTo("m");
        assertThat(c.params()).containsExactly(42L, XmlRpcCall.NIL, "bare", List.of(1L, "x"), Map.of("k", true));
    }

    @Test
    void rejectsWhatIsNotAMethodCall() {
        assertThatThrownBy(() -> parser.parse("not xml")).isInstanceOf(XmlRpcParseException.class);
        assertThatThrownBy(() -> parser.parse("<foo/>")).isInstanceOf(XmlRpcParseException.class);
        assertThatThrownBy(() -> parser.parse(call("m", "<param><value><int>x</int></value></param>")))
                .isInstanceOf(XmlRpcParseException.class);
        assertThatThrownBy(() -> parser.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>")).isInstanceOf(XmlRpcParseException.class);
    }

    @Test
    void changelogSinceSerialIsCappedAndAscending() {
        String xml = answer(call("changelog_since_serial", "<param><value><int>0</int></value></param>"));
        assertThat(xml.split("<value><array><data>\n").length - 2).isEqualTo(5);
        assertThat(xml).startsWith("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n")
                .contains("<value><string>create</string></value>\n<value><int>1</int></value>")
                .contains("<value><nil/></value>");
    }

    @Test
    void faultsForUnknownMethodsWrongParametersAndGarbage() {
        assertThat(answer(call("nope", ""))).contains("<fault>", "<int>-32601</int>");
        assertThat(answer(call("changelog_since_serial", "<param><value><string>5</string></value></param>")))
                .contains("<fault>", "<int>-32602</int>");
        assertThat(answer(call("changelog_since_serial", ""))).contains("<int>-32602</int>");
        assertThat(answer("this is not xml")).contains("<fault>", "<int>-32700</int>");
        assertThat(answer(call("changelog", "<param><value><int>1</int></value></param>")))
                .contains("<int>-32500</int>");
    }

    @Test
    void lastSerialAndListing() {
        assertThat(answer(call("changelog_last_serial", ""))).contains("<int>" + world.lastSerial() + "</int>");
        String listing = answer(call("list_packages_with_serial", ""));
        assertThat(listing.split("<member>").length - 1).isEqualTo(20);
    }
}
