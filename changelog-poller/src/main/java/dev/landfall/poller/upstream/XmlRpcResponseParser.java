package dev.landfall.poller.upstream;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Parses an XML-RPC {@code methodResponse} into plain Java values: {@code <int>}/{@code <i4>}/{@code <i8>}
 * → {@link Long}, {@code <string>} or bare text → {@link String}, {@code <nil/>} → {@code null},
 * {@code <boolean>} → {@link Boolean}, {@code <double>} → {@link Double}, {@code <array>} → {@link List},
 * {@code <struct>} → {@link Map} (insertion order). A {@code <fault>} becomes {@link XmlRpcFaultException}.
 *
 * <p>Why StAX and not an XML-RPC library: PyPI answers {@code None} as a bare {@code <nil/>} (docs/architecture.md#xml-rpc-changelog),
 * which most Java libraries reject, and {@code list_packages_with_serial} is ~700k members, so the
 * answer is streamed. DTDs and external entities are refused (no XXE from a hostile upstream).
 */
public final class XmlRpcResponseParser {

    private final XMLInputFactory factory;

    public XmlRpcResponseParser() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /**
     * The single return value of a response.
     *
     * @throws XmlRpcFaultException     on a {@code <fault>} answer
     * @throws MalformedXmlRpcException on anything that is not a well-formed response
     */
    public @Nullable Object parse(InputStream in) {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(in);
            nextElement(r);
            expectStart(r, "methodResponse");
            nextElement(r);
            if (r.isStartElement() && r.getLocalName().equals("fault")) {
                nextElement(r);
                expectStart(r, "value");
                Object fault = readValue(r);
                throw fault(fault);
            }
            expectStart(r, "params");
            nextElement(r);
            expectStart(r, "param");
            nextElement(r);
            expectStart(r, "value");
            Object result = readValue(r);
            nextElement(r);
            expectEnd(r, "param");
            nextElement(r);
            expectEnd(r, "params");
            nextElement(r);
            expectEnd(r, "methodResponse");
            expectEndOfDocument(r);
            return result;
        } catch (XMLStreamException e) {
            // One log line per failure: StAX messages carry a line break before the location.
            throw new MalformedXmlRpcException("malformed XML-RPC answer: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
        } catch (NumberFormatException e) {
            throw new MalformedXmlRpcException("malformed XML-RPC number: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader over a broken stream: nothing left to release
                }
            }
        }
    }

    /** Reads the content of a {@code <value>} whose start tag is current; ends on its end tag. */
    private @Nullable Object readValue(XMLStreamReader r) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    expectEnd(r, "value");
                    return text.toString(); // bare text is a string
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    if (!text.toString().isBlank()) {
                        throw new MalformedXmlRpcException("text mixed with <" + r.getLocalName() + "> in <value>");
                    }
                    Object v = readTyped(r);
                    nextElement(r);
                    expectEnd(r, "value");
                    return v;
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                default -> throw new MalformedXmlRpcException("unexpected XML event " + event + " in <value>");
            }
        }
    }

    private @Nullable Object readTyped(XMLStreamReader r) throws XMLStreamException {
        String type = r.getLocalName();
        return switch (type) {
            case "nil" -> {
                String t = r.getElementText();
                if (!t.isBlank()) {
                    throw new MalformedXmlRpcException("<nil> with content");
                }
                yield null;
            }
            case "int", "i4", "i8" -> parseInt(type, r.getElementText());
            case "string" -> r.getElementText();
            case "boolean" -> switch (r.getElementText().trim()) {
                case "0" -> Boolean.FALSE;
                case "1" -> Boolean.TRUE;
                default -> throw new MalformedXmlRpcException("<boolean> is neither 0 nor 1");
            };
            case "double" -> Double.parseDouble(r.getElementText().trim());
            case "dateTime.iso8601", "base64" -> r.getElementText();
            case "array" -> readArray(r);
            case "struct" -> readStruct(r);
            default -> throw new MalformedXmlRpcException("unknown XML-RPC type <" + type + ">");
        };
    }

    private static Long parseInt(String type, String raw) {
        String s = raw.trim();
        if (s.isEmpty()) {
            throw new MalformedXmlRpcException("empty <" + type + ">");
        }
        BigInteger value;
        try {
            value = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new MalformedXmlRpcException("<" + type + "> is not an integer: " + abbreviate(s), e);
        }
        if (value.bitLength() > 63) {
            throw new MalformedXmlRpcException("<" + type + "> out of range: " + abbreviate(s));
        }
        return value.longValue();
    }

    private List<@Nullable Object> readArray(XMLStreamReader r) throws XMLStreamException {
        nextElement(r);
        expectStart(r, "data");
        List<@Nullable Object> items = new ArrayList<>();
        while (true) {
            nextElement(r);
            if (r.isEndElement()) {
                expectEnd(r, "data");
                break;
            }
            expectStart(r, "value");
            items.add(readValue(r));
        }
        nextElement(r);
        expectEnd(r, "array");
        return items;
    }

    private Map<String, @Nullable Object> readStruct(XMLStreamReader r) throws XMLStreamException {
        Map<String, @Nullable Object> members = new LinkedHashMap<>();
        while (true) {
            nextElement(r);
            if (r.isEndElement()) {
                expectEnd(r, "struct");
                return members;
            }
            expectStart(r, "member");
            nextElement(r);
            expectStart(r, "name");
            String name = r.getElementText();
            nextElement(r);
            expectStart(r, "value");
            members.put(name, readValue(r));
            nextElement(r);
            expectEnd(r, "member");
        }
    }

    /** Advances to the next start or end tag, skipping whitespace and comments; text there is malformed. */
    private static void nextElement(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                    return;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA -> {
                    if (!r.isWhiteSpace() && !r.getText().isBlank()) {
                        throw new MalformedXmlRpcException("unexpected text '" + abbreviate(r.getText().trim()) + "'");
                    }
                }
                case XMLStreamConstants.END_DOCUMENT ->
                        throw new MalformedXmlRpcException("XML-RPC answer ends early");
                default -> { }
            }
        }
        throw new MalformedXmlRpcException("XML-RPC answer ends early");
    }

    /** Only whitespace, comments and processing instructions may follow the response element. */
    private static void expectEndOfDocument(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.END_DOCUMENT, XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                    if (!r.getText().isBlank()) {
                        throw new MalformedXmlRpcException("content after </methodResponse>");
                    }
                }
                default -> throw new MalformedXmlRpcException("content after </methodResponse>");
            }
        }
    }

    private static void expectStart(XMLStreamReader r, String name) {
        if (!r.isStartElement() || !r.getLocalName().equals(name)) {
            throw new MalformedXmlRpcException("expected <" + name + "> but found " + describe(r));
        }
    }

    private static void expectEnd(XMLStreamReader r, String name) {
        if (!r.isEndElement() || !r.getLocalName().equals(name)) {
            throw new MalformedXmlRpcException("expected </" + name + "> but found " + describe(r));
        }
    }

    private static String describe(XMLStreamReader r) {
        if (r.isStartElement()) return "<" + r.getLocalName() + ">";
        if (r.isEndElement()) return "</" + r.getLocalName() + ">";
        return "XML event " + r.getEventType();
    }

    private static XmlRpcFaultException fault(@Nullable Object value) {
        if (value instanceof Map<?, ?> m && m.get("faultCode") instanceof Long code
                && m.get("faultString") instanceof String message) {
            return new XmlRpcFaultException(Math.toIntExact(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code))),
                    message);
        }
        throw new MalformedXmlRpcException("XML-RPC fault without faultCode/faultString: " + abbreviate(String.valueOf(value)));
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
