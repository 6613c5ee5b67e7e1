package dev.landfall.poller;

import dev.landfall.poller.upstream.UpstreamJournalRow;
import dev.landfall.poller.upstream.XmlRpcPypiChangelog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The upstream journal read directly (page by page), to compare the ledger with. */
final class UpstreamRows {

    private final XmlRpcPypiChangelog client;

    UpstreamRows(String baseUrl) {
        client = new XmlRpcPypiChangelog(HttpClient.newHttpClient(), baseUrl, "poller-it", Duration.ofSeconds(30),
                Retry.ofDefaults("it"), CircuitBreaker.ofDefaults("it"));
    }

    List<UpstreamJournalRow> since(long serial) {
        List<UpstreamJournalRow> all = new ArrayList<>();
        long cursor = serial;
        while (true) {
            List<UpstreamJournalRow> page = client.changelogSinceSerial(cursor);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            cursor = page.get(page.size() - 1).serial();
        }
    }

    Map<String, Long> listing() {
        return client.listPackagesWithSerial();
    }

    long lastSerial() {
        return client.lastSerial();
    }
}
