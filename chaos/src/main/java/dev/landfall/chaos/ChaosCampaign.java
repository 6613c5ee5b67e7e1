package dev.landfall.chaos;

import dev.landfall.chaos.FaultRecord.Kind;
import dev.landfall.testsupport.consistency.ConsistencyChecker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One campaign: start the cluster, wait for the first snapshot, then crawl and load the index servers
 * while the seeded faults are injected; then stop the faults, let the backlog drain, and check what must
 * hold. Optionally ends with the negative control (an index server publishing the newest pages, which
 * the same checks must catch). Returns the {@link ChaosReport}; the cluster is always torn down.
 */
public final class ChaosCampaign {

    private static final Pattern SNAPSHOT = Pattern.compile("\"snapshot\"\\s*:\\s*(-?\\d+)");
    private static final Pattern LAST_SERIAL = Pattern.compile("\"lastSerial\"\\s*:\\s*(\\d+)");

    private final ChaosSettings settings;
    private final Path runDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ChaosCampaign(ChaosSettings settings, Path runDir) {
        this.settings = settings;
        this.runDir = runDir;
    }

    public ChaosReport run(boolean negativeControl) throws Exception {
        log("seed " + settings.seed() + " (replay: -Dchaos.seed=" + settings.seed() + "), logs in " + runDir);
        Files.createDirectories(runDir);
        ChaosReport report = new ChaosReport(settings, runDir);
        try (Cluster cluster = new Cluster(settings, runDir)) {
            // Ctrl-C or a failsafe timeout must not leave the processes behind.
            Thread hook = new Thread(cluster::close, "chaos-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                runCampaign(cluster, report, negativeControl);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook runs
                }
            }
        }
        report.write();
        return report;
    }

    private void runCampaign(Cluster cluster, ChaosReport report, boolean negativeControl) throws Exception {
        {
            log("infrastructure up (PostgreSQL :" + cluster.postgres.port() + ", Kafka :" + cluster.kafkaPort + ", S3 :" + cluster.s3Port
                    + ", simulator :" + cluster.simulatorPort + "); starting services");
            Instant servicesStarting = Instant.now();
            cluster.startServices();
            awaitFirstSnapshot(cluster, Duration.ofMinutes(4));
            report.startupSeconds = Duration.between(servicesStarting, Instant.now()).toMillis() / 1000.0;
            log("services ready, first snapshot served after " + report.startupSeconds + " s; campaign of " + settings.campaign().toSeconds() + " s");

            Observations obs = report.observations;
            List<CrawlLoop> crawlers = new ArrayList<>();
            List<LoadGenerator> loads = new ArrayList<>();
            ExecutorService workers = Executors.newCachedThreadPool();
            int i = 0;
            for (Cluster.Service s : cluster.indexServers()) {
                CrawlLoop c = new CrawlLoop(s.name, s.baseUrl(), cluster.simulatorBaseUrl(), obs, settings.seed() + (++i));
                crawlers.add(c);
                workers.submit(c);
            }
            for (int t = 0; t < settings.loadThreads(); t++) {
                LoadGenerator g = new LoadGenerator(cluster.indexServers(), obs, settings.seed() * 31 + t);
                loads.add(g);
                workers.submit(g);
            }

            List<FaultRecord> faults = FaultSchedule.plan(settings, List.copyOf(cluster.services().keySet()));
            report.faults.addAll(faults);
            faults.forEach(f -> log("planned " + f));
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(12);
            List<Future<?>> done = new ArrayList<>();
            report.campaignStart = Instant.now();
            for (FaultRecord f : faults) {
                done.add(scheduler.schedule(() -> inject(cluster, f), f.plannedAtMillis, TimeUnit.MILLISECONDS));
            }
            for (Future<?> f : done) {
                f.get();
            }
            scheduler.shutdown();
            report.campaignEnd = Instant.now();
            log("faults over; draining (churn and CDN faults off)");

            // Drain: upstream stops changing, every proxy passes, every process is up.
            cluster.simulatorControl("/_sim/churn?perSecond=0");
            cluster.simulatorControl("/_sim/faults?staleProbability=0&serverErrorRate=0&garbageRate=0");
            cluster.proxies().forEach(FaultProxy::pass);
            long upstream = upstreamLastSerial(cluster);
            report.upstreamLastSerial = upstream;
            Instant drainStart = Instant.now();
            report.converged = awaitAll(cluster, upstream, settings.drainTimeout());
            report.drainSeconds = Duration.between(drainStart, Instant.now()).toMillis() / 1000.0;
            crawlers.forEach(CrawlLoop::stop);
            loads.forEach(LoadGenerator::stop);
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS);
            for (Cluster.Service s : cluster.indexServers()) {
                report.servedSnapshot.put(s.name, currentSnapshot(s));
            }
            log("drain " + (report.converged ? "reached" : "did NOT reach") + " upstream's last serial " + upstream + " in "
                    + report.drainSeconds + " s; final checks");

            // The final crawls download every file and .metadata (the crawl loops only sample them).
            for (Cluster.Service s : cluster.indexServers()) {
                ConsistencyChecker.Report r = new ConsistencyChecker(s.baseUrl(), cluster.simulatorBaseUrl(), 4).crawl();
                report.finalCrawls.put(s.name, r);
            }
            report.finalChecks = FinalChecks.run(cluster, upstreamFiles(cluster, upstream));
            for (Cluster.Service s : cluster.services().values()) {
                report.unexpectedExits.put(s.name, s.unexpectedExits.get());
                report.starts.put(s.name, s.process.starts());
            }
            report.proxyConnections = new HashMap<>();
            for (FaultProxy p : cluster.proxies()) {
                report.proxyConnections.put(p.name(), p.connections());
            }
            if (negativeControl) {
                report.negativeControl = negativeControl(cluster);
            }
        }
    }

    private void inject(Cluster cluster, FaultRecord f) {
        try {
            long wBefore = maxSnapshot(cluster);
            f.start = Instant.now();
            switch (f.kind) {
                case KILL -> {
                    Cluster.Service s = cluster.services().get(f.target);
                    cluster.killAndHold(s);
                    Thread.sleep(f.plannedLengthMillis);
                    cluster.release(s);
                    f.end = Instant.now();
                    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
                    while (!cluster.isReady(s) && Instant.now().isBefore(deadline)) {
                        Thread.sleep(250);
                    }
                    if (cluster.isReady(s)) {
                        f.recovered = Instant.now();
                    } else {
                        f.note = "not ready 4 min after restart; log tail:\n" + s.process.tail(15);
                    }
                    return;
                }
                case BROKER_DOWN -> {
                    cluster.stopKafka();
                    Thread.sleep(f.plannedLengthMillis);
                    cluster.startKafka();
                }
                case POSTGRES_DOWN -> {
                    cluster.stopPostgres();
                    Thread.sleep(f.plannedLengthMillis);
                    cluster.startPostgres();
                }
                case S3_DOWN -> {
                    cluster.stopS3();
                    Thread.sleep(f.plannedLengthMillis);
                    cluster.startS3();
                }
                case PROXY_LATENCY, PROXY_RESET, PROXY_BLACKHOLE -> {
                    FaultProxy p = cluster.proxies().stream().filter(x -> x.name().equals(f.target)).findFirst().orElseThrow();
                    if (f.kind == Kind.PROXY_LATENCY) {
                        p.latency(400);
                    } else if (f.kind == Kind.PROXY_RESET) {
                        p.reset();
                    } else {
                        p.blackhole();
                    }
                    Thread.sleep(f.plannedLengthMillis);
                    p.pass();
                }
                case UPSTREAM_GARBAGE -> {
                    cluster.simulatorControl("/_sim/faults?garbageRate=0.5&corruptRate=0.2&truncateRate=0.2");
                    Thread.sleep(f.plannedLengthMillis);
                    cluster.simulatorControl("/_sim/faults?garbageRate=0&corruptRate=0&truncateRate=0");
                }
            }
            f.end = Instant.now();
            // Recovered once the served snapshot moves past what it was before the fault (upstream keeps churning).
            long wEnd = Math.max(wBefore, maxSnapshot(cluster));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline)) {
                if (maxSnapshot(cluster) > wEnd) {
                    f.recovered = Instant.now();
                    return;
                }
                Thread.sleep(500);
            }
            f.note = "the served snapshot did not advance within 5 min after the fault";
        } catch (Exception e) {
            f.note = "injection failed: " + e;
            if (f.end == null) {
                f.end = Instant.now();
            }
        }
    }

    private ChaosReport.NegativeControl negativeControl(Cluster cluster) throws Exception {
        log("negative control: index servers replaced by one with landfall.index.unsafe-serve-newest=true");
        long lastSafe = -1;
        for (Cluster.Service s : cluster.indexServers()) {
            lastSafe = Math.max(lastSafe, currentSnapshot(s));
            cluster.killAndHold(s);
        }
        Cluster.Service unsafe = cluster.extraIndexServer("index-unsafe", true);
        cluster.simulatorControl("/_sim/faults?staleProbability=0.5&serverErrorRate=0.05");
        cluster.simulatorControl("/_sim/churn?perSecond=6");
        try {
            cluster.start(unsafe);
            cluster.awaitReady(unsafe, Duration.ofMinutes(3));
            ConsistencyChecker checker = new ConsistencyChecker(unsafe.baseUrl(), cluster.simulatorBaseUrl(), 3)
                    .withFileSample(CrawlLoop.FILES_PER_CRAWL, settings.seed());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            int crawls = 0;
            while (Instant.now().isBefore(deadline)) {
                ConsistencyChecker.Report r;
                try {
                    r = checker.crawl();
                } catch (IOException e) {
                    continue;
                }
                crawls++;
                if (r.snapshot() > lastSafe) {
                    List<String> content = r.violations().stream().filter(v -> !CrawlLoop.isAvailability(v)).toList();
                    if (!content.isEmpty()) {
                        log("negative control caught after " + crawls + " crawls: " + content.get(0));
                        return new ChaosReport.NegativeControl(true, crawls, content.get(0));
                    }
                }
                Thread.sleep(200);
            }
            return new ChaosReport.NegativeControl(false, crawls, "no violation reported within 120 s");
        } finally {
            unsafe.process.kill9();
            cluster.simulatorControl("/_sim/churn?perSecond=0");
        }
    }

    private void awaitFirstSnapshot(Cluster cluster, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (cluster.indexServers().stream().allMatch(s -> currentSnapshot(s) >= 0)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no snapshot served within " + timeout + "; index-1 log:\n"
                + cluster.indexServers().get(0).process.tail(30));
    }

    private boolean awaitAll(Cluster cluster, long serial, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (cluster.indexServers().stream().allMatch(s -> currentSnapshot(s) >= serial)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private long maxSnapshot(Cluster cluster) {
        return cluster.indexServers().stream().mapToLong(this::currentSnapshot).max().orElse(-1);
    }

    /** W served by the index server ({@code /status.json}), -1 if it does not answer. */
    long currentSnapshot(Cluster.Service s) {
        String body = get(s.baseUrl() + "/status.json");
        if (body == null) {
            return -1;
        }
        Matcher m = SNAPSHOT.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private long upstreamLastSerial(Cluster cluster) {
        String body = get(cluster.simulatorBaseUrl() + "/_sim/state");
        Matcher m = body == null ? null : LAST_SERIAL.matcher(body);
        if (m == null || !m.find()) {
            throw new IllegalStateException("simulator state unavailable");
        }
        return Long.parseLong(m.group(1));
    }

    /** Upstream's files at {@code serial}: URL path → sha256. */
    private Map<String, String> upstreamFiles(Cluster cluster, long serial) {
        Map<String, String> files = new HashMap<>();
        String body = get(cluster.simulatorBaseUrl() + "/_sim/oracle?serial=" + serial);
        if (body != null) {
            for (JsonNode p : json.readTree(body).path("projects")) {
                for (JsonNode f : p.path("files")) {
                    files.put(f.path("url").asString(), f.path("sha256").asString());
                }
            }
        }
        return files;
    }

    private @Nullable String get(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void log(String message) {
        System.out.println("[chaos " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
