package dev.landfall.fetcher.it;

import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.project.ProjectName;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Test fixture standing in for the changelog poller: reads {@code changelog_since_serial} from the simulator's
 * XML-RPC endpoint (a small StAX reader, docs/architecture.md#xml-rpc-changelog) into journal entries.
 */
final class SimulatorChangelog {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    SimulatorChangelog(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Every journal entry with serial > {@code since}, in serial order (pages of at most 50,000 followed). */
    List<JournalEntry> since(long since) throws Exception {
        List<JournalEntry> all = new ArrayList<>();
        long cursor = since;
        while (true) {
            List<JournalEntry> page = page(cursor);
            all.addAll(page);
            if (page.isEmpty()) {
                return all;
            }
            cursor = page.get(page.size() - 1).serial();
        }
    }

    /** The simulator's CDN faults (5xx, truncated or garbage bodies) hit this fixture too: retry like the poller. */
    private List<JournalEntry> page(long since) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return pageOnce(since);
            } catch (Exception e) {
                if (attempt >= 30) {
                    throw e;
                }
            }
        }
    }

    private List<JournalEntry> pageOnce(long since) throws Exception {
        String body = "<?xml version='1.0'?><methodCall><methodName>changelog_since_serial</methodName><params><param>"
                + "<value><int>" + since + "</int></value></param></params></methodCall>";
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/pypi"))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("XML-RPC answered " + response.statusCode());
        }
        XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(new ByteArrayInputStream(response.body()));
        List<JournalEntry> entries = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        int arrayDepth = 0;
        String type = null;
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("array")) {
                    arrayDepth++;
                    if (arrayDepth == 2) {
                        row.clear();
                    }
                } else if (name.equals("value")) {
                    type = "string";
                    text.setLength(0);
                } else if (name.equals("string") || name.equals("int") || name.equals("i4") || name.equals("nil")) {
                    type = name;
                    text.setLength(0);
                } else if (name.equals("fault")) {
                    throw new IllegalStateException("XML-RPC fault");
                }
            } else if (event == XMLStreamConstants.CHARACTERS && type != null) {
                text.append(xml.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("array")) {
                    if (arrayDepth == 2 && row.size() == 5) {
                        entries.add(new JournalEntry(((Number) row.get(4)).longValue(), ProjectName.of((String) row.get(0)),
                                (String) row.get(1), (String) row.get(3), Instant.ofEpochSecond(((Number) row.get(2)).longValue())));
                    }
                    arrayDepth--;
                } else if (name.equals("value") && type != null && arrayDepth == 2) {
                    row.add(switch (type) {
                        case "nil" -> null;
                        case "int", "i4" -> Long.parseLong(text.toString().trim());
                        default -> text.toString();
                    });
                    type = null;
                }
            }
        }
        return entries;
    }
}
