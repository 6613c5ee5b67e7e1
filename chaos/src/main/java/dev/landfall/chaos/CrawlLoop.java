package dev.landfall.chaos;

import dev.landfall.testsupport.consistency.ConsistencyChecker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crawls one index server over and over (root and every project, JSON and HTML, via
 * {@link ConsistencyChecker}) and downloads a few files of each crawled snapshot, comparing them with
 * the oracle at the W the server advertised. A crawl that fails because the server is down or answers
 * 5xx is an availability event, not a consistency violation; anything else that differs is a violation.
 */
final class CrawlLoop implements Runnable {

    private static final Pattern STATUS = Pattern.compile("answered (\\d{3})");

    private final String server;
    private final String baseUrl;
    private final String simulatorUrl;
    private final Observations obs;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean running = true;

    CrawlLoop(String server, String baseUrl, String simulatorUrl, Observations obs, long seed) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.simulatorUrl = simulatorUrl;
        this.obs = obs;
        this.random = new Random(seed);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        ConsistencyChecker checker = new ConsistencyChecker(baseUrl, simulatorUrl, 3);
        while (running) {
            crawlOnce(checker);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One crawl; returns its W (or -1). */
    long crawlOnce(ConsistencyChecker checker) {
        long floor = obs.wFloor(server);
        ConsistencyChecker.Report report;
        try {
            report = checker.crawl();
        } catch (IOException | RuntimeException e) {
            obs.crawlsFailed.incrementAndGet();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        obs.crawls.incrementAndGet();
        if (report.snapshot() < 0) {
            obs.crawlsFailed.incrementAndGet();
            return -1;
        }
        obs.observeW(server, floor, report.snapshot());
        List<String> content = new ArrayList<>();
        for (String v : report.violations()) {
            if (isAvailability(v)) {
                obs.availabilityNotes.incrementAndGet();
            } else {
                content.add(v);
            }
        }
        if (content.isEmpty()) {
            obs.consistentCrawls.incrementAndGet();
        } else {
            content.stream().limit(20).forEach(v -> obs.violation(server + " crawl W=" + report.snapshot() + ": " + v));
        }
        downloadFiles(report.snapshot());
        return report.snapshot();
    }

    /** 5xx answers, transport errors and the missing snapshot header of an error answer are availability, not content. */
    static boolean isAvailability(String violation) {
        if (violation.startsWith("crawl error")) {
            return true;
        }
        Matcher m = STATUS.matcher(violation);
        if (m.find() && m.group(1).startsWith("5")) {
            return true;
        }
        return violation.contains("served from snapshot '' within");
    }

    private void downloadFiles(long w) {
        try {
            JsonNode oracle = json.readTree(http.send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/_sim/oracle?serial=" + w))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
            List<JsonNode> files = new ArrayList<>();
            for (JsonNode p : oracle.path("projects")) {
                p.path("files").forEach(files::add);
            }
            for (int i = 0; i < 3 && !files.isEmpty(); i++) {
                JsonNode f = files.get(random.nextInt(files.size()));
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + f.path("url").asString()))
                        .header("Cookie", "landfall-snapshot=" + w).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    if (r.statusCode() < 500) {
                        obs.violation(server + " W=" + w + ": file " + f.path("url").asString() + " of the snapshot answered " + r.statusCode());
                    }
                    continue;
                }
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body()));
                if (!sha.equals(f.path("sha256").asString()) || r.body().length != f.path("size").asLong()) {
                    obs.violation(server + " W=" + w + ": file " + f.path("url").asString() + " has sha256 " + sha + " size "
                            + r.body().length + ", upstream " + f.path("sha256").asString() + " size " + f.path("size").asLong());
                } else {
                    obs.filesVerified.incrementAndGet();
                }
            }
        } catch (IOException | java.security.NoSuchAlgorithmException | RuntimeException e) {
            obs.availabilityNotes.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
