package dev.landfall.chaos;

import dev.landfall.testsupport.consistency.ConsistencyChecker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crawls one index server over and over via {@link ConsistencyChecker}: root and every project, JSON and
 * HTML, and a seeded sample of each crawled snapshot's files (bytes and {@code .metadata}), all compared with
 * the oracle at the W the server advertised. A crawl that fails because the server is down or answers
 * 5xx is an availability event, not a consistency violation; anything else that differs is a violation.
 */
final class CrawlLoop implements Runnable {

    /** Files (and their .metadata) each crawl downloads and compares byte for byte. */
    static final int FILES_PER_CRAWL = 5;
    private static final Pattern STATUS = Pattern.compile("answered (\\d{3})");

    private final String server;
    private final String baseUrl;
    private final String simulatorUrl;
    private final Observations obs;
    private final long seed;
    private volatile boolean running = true;

    CrawlLoop(String server, String baseUrl, String simulatorUrl, Observations obs, long seed) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.simulatorUrl = simulatorUrl;
        this.obs = obs;
        this.seed = seed;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        // Every file on every crawl would slow the loop to a few crawls per fault window: a sample per crawl,
        // seeded from the campaign's seed (printed; each violation names its crawl's seed).
        ConsistencyChecker checker = new ConsistencyChecker(baseUrl, simulatorUrl, 3).withFileSample(FILES_PER_CRAWL, seed);
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
            obs.filesVerified.addAndGet(report.filesDownloaded());
        } else {
            content.stream().limit(20).forEach(v -> obs.violation(server + " crawl W=" + report.snapshot() + ": " + v));
        }
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
}
