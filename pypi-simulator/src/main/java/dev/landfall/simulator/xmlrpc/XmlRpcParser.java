package dev.landfall.simulator.xmlrpc;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small StAX parser for XML-RPC {@code methodCall} documents (DTDs and external entities disabled). A library is
 * deliberately not used: many reject {@code <nil/>}, which Python's marshaller emits.
 */
final class XmlRpcParser {

    private final XMLInputFactory factory;

    XmlRpcParser() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    XmlRpcCall parse(String xml) throws XmlRpcParseException {
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new StringReader(xml));
            try {
                nextStart(r, "methodCall");
                nextStart(r, "methodName");
                String method = r.getElementText().trim();
                List<Object> params = new ArrayList<>();
                int ev = nextTag(r);
                if (ev == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("params")) {
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                        expect(r, "param");
                        nextStart(r, "value");
                        params.add(value(r));
                        if (nextTag(r) != XMLStreamConstants.END_ELEMENT) {
                            throw new XmlRpcParseException("expected </param>");
                        }
                    }
                }
                if (method.isEmpty()) {
                    throw new XmlRpcParseException("empty methodName");
                }
                return new XmlRpcCall(method, params);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmlRpcParseException("not well formed: " + e.getMessage(), e);
        }
    }

    /** Reads a value; the reader is on {@code <value>} and ends on {@code </value>}. */
    private Object value(XMLStreamReader r) throws XMLStreamException, XmlRpcParseException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                return text.toString(); // untyped value = string
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                Object v = typed(r);
                if (nextTag(r) != XMLStreamConstants.END_ELEMENT || !r.getLocalName().equals("value")) {
                    throw new XmlRpcParseException("expected </value>");
                }
                return v;
            }
        }
    }

    private Object typed(XMLStreamReader r) throws XMLStreamException, XmlRpcParseException {
        String type = r.getLocalName();
        switch (type) {
            case "int", "i4", "i8" -> {
                String t = r.getElementText().trim();
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw new XmlRpcParseException("bad int: " + t);
                }
            }
            case "string" -> {
                return r.getElementText();
            }
            case "boolean" -> {
                return r.getElementText().trim().equals("1");
            }
            case "double" -> {
                try {
                    return Double.parseDouble(r.getElementText().trim());
                } catch (NumberFormatException e) {
                    throw new XmlRpcParseException("bad double");
                }
            }
            case "nil" -> {
                r.getElementText();
                return XmlRpcCall.NIL;
            }
            case "array" -> {
                nextStart(r, "data");
                List<Object> items = new ArrayList<>();
                while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    expect(r, "value");
                    items.add(value(r));
                }
                nextTag(r); // </array>
                return items;
            }
            case "struct" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    expect(r, "member");
                    nextStart(r, "name");
                    String name = r.getElementText();
                    nextStart(r, "value");
                    m.put(name, value(r));
                    nextTag(r); // </member>
                }
                return m;
            }
            default -> throw new XmlRpcParseException("unsupported type <" + type + ">");
        }
    }

    private static int nextTag(XMLStreamReader r) throws XMLStreamException {
        return r.nextTag();
    }

    private static void nextStart(XMLStreamReader r, String name) throws XMLStreamException, XmlRpcParseException {
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT) {
            throw new XmlRpcParseException("expected <" + name + ">");
        }
        expect(r, name);
    }

    private static void expect(XMLStreamReader r, String name) throws XmlRpcParseException {
        if (!r.getLocalName().equals(name)) {
            throw new XmlRpcParseException("expected <" + name + "> but found <" + r.getLocalName() + ">");
        }
    }
}
