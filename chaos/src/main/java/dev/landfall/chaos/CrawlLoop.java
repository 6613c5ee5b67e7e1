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
 * 5xx is an availability event, not a consistency violation; anything else that differs is a violation (a 200
 * with a cut or garbled body included). Only a crawl whose every answer matched counts as consistent; one
 * with some 5xx answers is "partial".
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
        Outcome outcome = classify(report);
        obs.availabilityNotes.addAndGet(report.violations().size() - outcome.content().size());
        switch (outcome.kind()) {
            case VIOLATION -> outcome.content().stream().limit(20)
                    .forEach(v -> obs.violation(server + " crawl W=" + report.snapshot() + ": " + v));
            case FAILED -> obs.crawlsFailed.incrementAndGet();
            case PARTIAL -> obs.partialCrawls.incrementAndGet();
            case CONSISTENT -> {
                obs.consistentCrawls.incrementAndGet();
                obs.filesVerified.addAndGet(report.filesDownloaded());
            }
        }
        if (report.snapshot() >= 0) {
            obs.observeW(server, floor, report.snapshot());
        }
        return report.snapshot();
    }

    enum Kind { CONSISTENT, PARTIAL, FAILED, VIOLATION }

    /** @param content the violations that are wrong content (not availability) */
    record Outcome(Kind kind, List<String> content) {
    }

    /**
     * Wrong content anywhere (a root that answered 200 with a cut body included, which has no W) is a violation;
     * otherwise no W is a failed crawl; some 5xx answers make it partial (what answered matched, but a crawl that saw
     * only part of W proves less); only a crawl whose every answer matched is consistent.
     */
    static Outcome classify(ConsistencyChecker.Report report) {
        List<String> content = report.violations().stream().filter(v -> !isAvailability(v)).toList();
        if (!content.isEmpty()) {
            return new Outcome(Kind.VIOLATION, content);
        }
        if (report.snapshot() < 0) {
            return new Outcome(Kind.FAILED, content);
        }
        return new Outcome(report.violations().isEmpty() ? Kind.CONSISTENT : Kind.PARTIAL, content);
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
