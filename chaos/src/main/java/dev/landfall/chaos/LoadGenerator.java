package dev.landfall.chaos;

import dev.landfall.chaos.Observations.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Steady page and file traffic like pip runs: a session asks one index server for the root (no cookie:
 * it gets the run cookie of the current snapshot), then a few project pages (JSON or HTML) and a file
 * with that cookie, and checks that every answer of the session comes from the same snapshot. One session
 * in five sends its later requests to the other replica (a load balancer without stickiness); a
 * different snapshot there is recorded apart ({@link Observations#crossReplicaPinning}).
 */
final class LoadGenerator implements Runnable {

    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<Cluster.Service> servers;
    private final Observations obs;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean running = true;

    LoadGenerator(List<Cluster.Service> servers, Observations obs, long seed) {
        this.servers = servers;
        this.obs = obs;
        this.random = new Random(seed);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                session();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                obs.availabilityNotes.incrementAndGet();
            }
        }
    }

    private record Answer(int status, byte[] body, HttpResponse<byte[]> response) {
        String snapshot() {
            return response == null ? "" : response.headers().firstValue("X-Landfall-Snapshot").orElse("");
        }
    }

    private void session() throws InterruptedException {
        obs.sessions.incrementAndGet();
        Cluster.Service first = servers.get(random.nextInt(servers.size()));
        boolean crossReplica = servers.size() > 1 && random.nextInt(5) == 0;
        Cluster.Service later = crossReplica ? servers.get((servers.indexOf(first) + 1) % servers.size()) : first;
        long floor = obs.wFloor(first.name);
        Answer root = get(first, "/simple/", JSON, null, Kind.ROOT);
        if (root.status != 200) {
            return;
        }
        long w = Long.parseLong(root.snapshot());
        obs.observeW(first.name, floor, w);
        String cookie = "landfall-snapshot=" + w;
        List<String> projects = new ArrayList<>();
        for (JsonNode p : json.readTree(root.body).path("projects")) {
            projects.add(p.path("name").asString());
        }
        if (projects.isEmpty()) {
            return;
        }
        JsonNode lastJsonPage = null;
        for (int i = 0; i < 4 && running; i++) {
            String project = projects.get(random.nextInt(projects.size()));
            boolean asJson = random.nextBoolean();
            Answer page = get(later, "/simple/" + project + "/", asJson ? JSON : "text/html", cookie, Kind.PAGE);
            if (page.status == 200) {
                if (!page.snapshot().equals(Long.toString(w))) {
                    String v = "session pinned to W=" + w + " by " + first.name + " got snapshot " + page.snapshot()
                            + " from " + later.name + " for " + project;
                    if (later == first) {
                        obs.violation(v);
                    } else {
                        obs.crossReplicaPinning(v);
                    }
                }
                if (asJson) {
                    lastJsonPage = json.readTree(page.body);
                }
            } else if (page.status == 404 && later == first) {
                obs.violation(first.name + " W=" + w + ": project " + project + " listed in the root answered 404");
            }
            Thread.sleep(15);
        }
        if (lastJsonPage != null && lastJsonPage.path("files").size() > 0) {
            JsonNode files = lastJsonPage.path("files");
            JsonNode f = files.get(random.nextInt(files.size()));
            String url = f.path("url").asString();
            Answer file = get(later, url.startsWith("/") ? url : URI.create(url).getPath(), "*/*", cookie, Kind.FILE);
            if (file.status == 200) {
                String sha = sha256(file.body);
                if (!sha.equals(f.path("hashes").path("sha256").asString())) {
                    obs.violation(later.name + ": file " + url + " has sha256 " + sha + " but the page says "
                            + f.path("hashes").path("sha256").asString());
                }
            }
        }
    }

    private Answer get(Cluster.Service server, String path, String accept, String cookie, Kind kind) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(TIMEOUT).header("Accept", accept);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        long started = System.nanoTime();
        long at = System.currentTimeMillis();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            long micros = (System.nanoTime() - started) / 1000;
            boolean noSnapshot = r.statusCode() == 503 && new String(r.body(), StandardCharsets.UTF_8).contains("no snapshot");
            obs.request(new Observations.Request(at, server.name, kind, r.statusCode(), micros,
                    r.headers().firstValue("Retry-After").isPresent(), noSnapshot));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (HttpTimeoutException e) {
            obs.request(new Observations.Request(at, server.name, kind, Observations.TIMEOUT, (System.nanoTime() - started) / 1000, false, false));
        } catch (ConnectException e) {
            obs.request(new Observations.Request(at, server.name, kind, Observations.REFUSED, (System.nanoTime() - started) / 1000, false, false));
        } catch (IOException e) {
            obs.request(new Observations.Request(at, server.name, kind, Observations.REFUSED, (System.nanoTime() - started) / 1000, false, false));
        }
        return new Answer(-1, new byte[0], null);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
