package dev.landfall.simulator.xmlrpc;

import dev.landfall.simulator.model.JournalRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes responses the way Python's {@code xmlrpc.client} marshaller does (one element per line, {@code <nil/>}). */
final class XmlRpcWriter {

    private static final String HEAD = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n";
    private static final String TAIL = "</param>\n</params>\n</methodResponse>\n";

    private XmlRpcWriter() {
    }

    static byte[] intResponse(long v) {
        return (HEAD + "<value><int>" + v + "</int></value>\n" + TAIL).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] changelog(List<JournalRow> rows) {
        StringBuilder sb = new StringBuilder(64 + rows.size() * 260);
        sb.append(HEAD).append("<value><array><data>\n");
        for (JournalRow row : rows) {
            sb.append("<value><array><data>\n");
            string(sb, row.name());
            if (row.version() == null) {
                sb.append("<value><nil/></value>\n");
            } else {
                string(sb, row.version());
            }
            sb.append("<value><int>").append(row.timestamp()).append("</int></value>\n");
            string(sb, row.action());
            sb.append("<value><int>").append(row.serial()).append("</int></value>\n");
            sb.append("</data></array></value>\n");
        }
        sb.append("</data></array></value>\n").append(TAIL);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] struct(Map<String, Long> members) {
        StringBuilder sb = new StringBuilder(64 + members.size() * 80);
        sb.append(HEAD).append("<value><struct>\n");
        for (Map.Entry<String, Long> e : members.entrySet()) {
            sb.append("<member>\n<name>");
            escape(sb, e.getKey());
            sb.append("</name>\n<value><int>").append(e.getValue()).append("</int></value>\n</member>\n");
        }
        sb.append("</struct></value>\n").append(TAIL);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fault(int code, String message) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n")
                .append("<value><int>").append(code).append("</int></value>\n</member>\n<member>\n")
                .append("<name>faultString</name>\n");
        string(sb, message);
        sb.append("</member>\n</struct></value>\n</fault>\n</methodResponse>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append("<value><string>");
        escape(sb, s);
        sb.append("</string></value>\n");
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
    }
}
