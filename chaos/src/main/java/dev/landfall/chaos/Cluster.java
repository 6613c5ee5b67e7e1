package dev.landfall.chaos;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.Socket;

/**
 * The deployment shape on this machine, every component its own process: the simulator (upstream),
 * a KRaft Kafka broker, a PostgreSQL instance, an s3proxy server, one changelog-poller, two
 * fetcher-services and two index-servers (JVMs from the built exec jars). The services reach Kafka,
 * PostgreSQL, S3 and upstream only through {@link FaultProxy}s; the harness's own checks go direct.
 *
 * <p>A supervisor thread plays the orchestrator (Kubernetes would): a service process that exits while
 * it is not held down on purpose is started again after a short back-off, and counted.
 */
final class Cluster implements AutoCloseable {

    static final String BUCKET = "landfall";
    static final String DATABASE = "landfall";

    /** One service process and its supervision state. */
    static final class Service {
        final String name;
        final String kind;
        final int port;
        final LocalProcess process;
        volatile boolean heldDown;
        final AtomicInteger unexpectedExits = new AtomicInteger();

        Service(String name, String kind, int port, LocalProcess process) {
            this.name = name;
            this.kind = kind;
            this.port = port;
            this.process = process;
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final ChaosSettings settings;
    private final Path runDir;
    private final Path root;
    private final String java;
    private final String harnessClasspath;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Instant> lastStart = new ConcurrentHashMap<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final Thread supervisor;
    private volatile boolean closing;
    private final List<LocalProcess> launched = new ArrayList<>();
    private @org.jspecify.annotations.Nullable PostgresInstance postgresForCleanUp;

    final PostgresInstance postgres;
    final LocalProcess kafka;
    final LocalProcess s3;
    final LocalProcess simulator;
    final FaultProxy kafkaProxy;
    final FaultProxy postgresProxy;
    final FaultProxy s3Proxy;
    final FaultProxy upstreamProxy;
    final int kafkaPort;
    final int s3Port;
    final int simulatorPort;
    private int kafkaStops;

    Cluster(ChaosSettings settings, Path runDir) throws Exception {
        this.settings = settings;
        this.runDir = runDir;
        try {
        this.root = locateRoot();
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(runDir);
        this.harnessClasspath = root.resolve("chaos/target/classes") + File.pathSeparator
                + Files.readString(root.resolve("chaos/target/harness.classpath")).trim();
        Path quietLogback = runDir.resolve("logback-quiet.xml");
        Files.writeString(quietLogback, """
                <configuration><appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder>
                <pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>
                <root level="WARN"><appender-ref ref="OUT"/></root></configuration>
                """);
        String logback = "-Dlogback.configurationFile=" + quietLogback;

        // PostgreSQL
        postgres = new PostgresInstance(runDir);
        postgresForCleanUp = postgres;
        postgres.start();
        postgres.awaitAccepting(Duration.ofSeconds(60));
        postgres.createDatabase(DATABASE);
        postgresProxy = proxy("postgres", postgres.port());

        // Kafka (KRaft, one node): clients are told the proxy's address, so all traffic goes through it.
        kafkaPort = Ports.free();
        int controllerPort = Ports.free();
        int kafkaProxyPort = Ports.free();
        Path kafkaDir = runDir.resolve("kafka");
        Files.createDirectories(kafkaDir);
        Path props = kafkaDir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + kafkaProxyPort,
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + kafkaDir.resolve("data"), "num.partitions=8",
                "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=8",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=true", "") );
        LocalProcess format = new LocalProcess("kafka-format", List.of(java, "-Xmx256m", logback, "-cp", harnessClasspath,
                "kafka.tools.StorageTool", "format", "-t", "Q2hhb3NDbHVzdGVyMDAwMQ", "-c", props.toString()), runDir.resolve("kafka-format.log"));
        launched.add(format);
        format.start();
        awaitExit(format, Duration.ofMinutes(2));
        kafka = new LocalProcess("kafka", List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", logback,
                "-cp", harnessClasspath, "kafka.Kafka", props.toString()), runDir.resolve("kafka.log"));
        launched.add(kafka);
        kafka.start();
        kafkaProxy = new FaultProxy("kafka", kafkaProxyPort, kafkaPort);
        proxies.add(kafkaProxy);

        // S3 (s3proxy over a directory, own JVM)
        s3Port = Ports.free();
        s3 = new LocalProcess("s3", List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", logback, "-cp", harnessClasspath,
                S3ServerMain.class.getName(), Integer.toString(s3Port), runDir.resolve("s3-data").toString(), BUCKET), runDir.resolve("s3.log"));
        launched.add(s3);
        s3.start();
        s3Proxy = proxy("s3", s3Port);

        // Upstream: the simulator's pages name the proxy as their host, so file downloads go through it too.
        simulatorPort = Ports.free();
        int upstreamProxyPort = Ports.free();
        simulator = new LocalProcess("simulator", List.of(java, "-Xmx384m", "-XX:+UseSerialGC", logback, "-cp", harnessClasspath,
                "dev.landfall.simulator.SimulatorMain", "--port=" + simulatorPort, "--seed=" + settings.seed(),
                "--projects=" + settings.projects(), "--churn-per-second=" + settings.churnPerSecond(),
                "--public-url=http://127.0.0.1:" + upstreamProxyPort,
                "--stale-probability=" + settings.staleProbability(), "--stale-window=3s",
                "--server-error-rate=" + settings.serverErrorRate()), runDir.resolve("simulator.log"));
        launched.add(simulator);
        simulator.start();
        upstreamProxy = new FaultProxy("upstream", upstreamProxyPort, simulatorPort);
        proxies.add(upstreamProxy);

        awaitHttp("simulator", simulatorBaseUrl() + "/_sim/state", Duration.ofSeconds(90));
        awaitTcp("s3", s3Port, Duration.ofSeconds(90));
        awaitTcp("kafka", kafkaPort, Duration.ofSeconds(90));

        copyJars();
        define("poller", "changelog-poller", pollerArgs());
        define("fetcher-1", "fetcher-service", fetcherArgs());
        define("fetcher-2", "fetcher-service", fetcherArgs());
        define("index-1", "index-server", indexArgs(false));
        define("index-2", "index-server", indexArgs(false));
        this.supervisor = new Thread(this::supervise, "chaos-supervisor");
        supervisor.setDaemon(true);
        } catch (Exception | Error e) {
            cleanUpPartialStart();
            throw e;
        }
    }

    /** A failed start leaves no process behind: everything launched so far is killed by its handle. */
    private void cleanUpPartialStart() {
        for (LocalProcess p : launched) {
            try {
                p.kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        proxies.forEach(FaultProxy::close);
        if (postgresForCleanUp != null) {
            postgresForCleanUp.destroy();
        }
    }

    /** Starts the services (the poller first: it creates the schema and the topic) and the supervisor. */
    void startServices() throws Exception {
        Service poller = services.get("poller");
        start(poller);
        awaitReady(poller, Duration.ofMinutes(3));
        for (Service s : services.values()) {
            if (s != poller) {
                start(s);
            }
        }
        for (Service s : services.values()) {
            awaitReady(s, Duration.ofMinutes(3));
        }
        supervisor.start();
    }

    Map<String, Service> services() {
        return services;
    }

    List<Service> indexServers() {
        return services.values().stream().filter(s -> s.kind.equals("index-server")).toList();
    }

    String simulatorBaseUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    String harnessClasspath() {
        return harnessClasspath;
    }

    Path runDir() {
        return runDir;
    }

    /** A service that is not in {@link #services()}: started and stopped by the caller (negative control). */
    Service extraIndexServer(String name, boolean unsafeServeNewest) throws IOException {
        int port = Ports.free();
        List<String> cmd = serviceCommand("index-server", port, indexArgs(unsafeServeNewest));
        return new Service(name, "index-server", port, new LocalProcess(name, cmd, runDir.resolve(name + ".log")));
    }

    void start(Service s) throws IOException {
        lastStart.put(s.name, Instant.now());
        s.process.start();
    }

    /** kill -9 the service; the supervisor leaves it down until {@link #release}. */
    void killAndHold(Service s) throws InterruptedException {
        s.heldDown = true;
        s.process.kill9();
    }

    void release(Service s) throws IOException {
        start(s);
        s.heldDown = false;
    }

    boolean isReady(Service s) {
        String path = s.kind.equals("index-server") ? "/actuator/health/readiness" : "/actuator/health";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the process answers HTTP at all (any status): up, if perhaps not ready. */
    boolean isListening(Service s) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void awaitReady(Service s, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (isReady(s)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(s.name + " not ready within " + timeout + "; log tail:\n" + s.process.tail(40));
    }

    // --- infrastructure outages ---

    /** Stops the broker: graceful the first time, kill -9 every second time. */
    void stopKafka() throws InterruptedException {
        if (kafkaStops++ % 2 == 0) {
            kafka.stop(60);
        } else {
            kafka.kill9();
        }
    }

    void startKafka() throws Exception {
        kafka.start();
        awaitTcp("kafka", kafkaPort, Duration.ofSeconds(90));
    }

    void stopS3() throws InterruptedException {
        s3.kill9();
    }

    void startS3() throws Exception {
        s3.start();
        awaitTcp("s3", s3Port, Duration.ofSeconds(90));
    }

    void stopPostgres() throws Exception {
        postgres.stop();
    }

    void startPostgres() throws Exception {
        postgres.start();
        postgres.awaitAccepting(Duration.ofSeconds(60));
    }

    List<FaultProxy> proxies() {
        return proxies;
    }

    /** POST to the simulator's control API, e.g. {@code /_sim/faults?garbageRate=0.5}. */
    void simulatorControl(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(simulatorBaseUrl() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("simulator control " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    // --- wiring ---

    private List<String> commonArgs() {
        return List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(postgresProxy.port(), DATABASE),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.datasource.hikari.connection-timeout=5000",
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaProxy.port(),
                "--landfall.upstream.url=http://127.0.0.1:" + upstreamProxy.port(),
                "--landfall.upstream.request-timeout=15s",
                "--landfall.storage.type=s3",
                "--landfall.storage.s3.endpoint=http://127.0.0.1:" + s3Proxy.port(),
                "--landfall.storage.s3.bucket=" + BUCKET, "--landfall.storage.s3.region=us-east-1",
                "--landfall.storage.s3.path-style=true",
                // The bucket is provisioned by S3ServerMain, as in production (create-bucket=true would make every
                // service start-up call S3, so a restart during an S3 outage would crash-loop).
                "--landfall.storage.s3.create-bucket=false",
                "--landfall.storage.s3.access-key=" + S3ServerMain.ACCESS_KEY,
                "--landfall.storage.s3.secret-key=" + S3ServerMain.SECRET_KEY,
                "--logging.level.root=WARN", "--logging.level.dev.landfall=INFO",
                "--spring.main.banner-mode=off");
    }

    private List<String> pollerArgs() {
        List<String> a = new ArrayList<>(commonArgs());
        a.add("--landfall.poller.interval=1s");
        return a;
    }

    private List<String> fetcherArgs() {
        List<String> a = new ArrayList<>(commonArgs());
        a.addAll(List.of("--landfall.fetcher.concurrency=8", "--landfall.fetcher.retry-delays=2s,5s,15s,30s,60s"));
        return a;
    }

    private List<String> indexArgs(boolean unsafe) {
        List<String> a = new ArrayList<>(commonArgs());
        a.add("--landfall.index.cache-size-bytes=67108864");
        if (unsafe) {
            a.addAll(List.of("--landfall.index.unsafe-serve-newest=true", "--landfall.index.publish-interval=100ms",
                    "--landfall.index.snapshot-poll-interval=100ms"));
        }
        return a;
    }

    private void define(String name, String kind, List<String> args) {
        int port = Ports.free();
        services.put(name, new Service(name, kind, port,
                new LocalProcess(name, serviceCommand(kind, port, args), runDir.resolve(name + ".log"))));
    }

    private List<String> serviceCommand(String kind, int port, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + settings.serviceHeap(), "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-jar", runDir.resolve("jars").resolve(kind + "-exec.jar").toString(),
                "--server.port=" + port));
        cmd.addAll(args);
        return cmd;
    }

    /** The exec jars are copied: another build may rewrite target/ while the campaign runs from them. */
    private void copyJars() throws IOException {
        Path jars = runDir.resolve("jars");
        Files.createDirectories(jars);
        for (String m : List.of("changelog-poller", "fetcher-service", "index-server")) {
            Path jar = root.resolve(m).resolve("target").resolve(m + "-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it first (./mvnw -pl " + m + " package)");
            }
            Files.copy(jar, jars.resolve(m + "-exec.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private FaultProxy proxy(String name, int target) throws IOException {
        FaultProxy p = new FaultProxy(name, Ports.free(), target);
        proxies.add(p);
        return p;
    }

    private void supervise() {
        while (!closing) {
            for (Service s : services.values()) {
                if (closing || s.heldDown || s.process.isAlive()) {
                    continue;
                }
                Instant started = lastStart.getOrDefault(s.name, Instant.EPOCH);
                if (Duration.between(started, Instant.now()).toSeconds() < 3) {
                    continue;
                }
                s.unexpectedExits.incrementAndGet();
                try {
                    start(s);
                } catch (IOException e) {
                    // tried again next round
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitHttp(String what, String url, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(what + " did not answer " + url + " within " + timeout);
    }

    static void awaitTcp(String what, int port, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(300);
            }
        }
        throw new IllegalStateException(what + " did not listen on " + port + " within " + timeout);
    }

    private static void awaitExit(LocalProcess p, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (p.isAlive() && Instant.now().isBefore(end)) {
            Thread.sleep(200);
        }
        if (p.isAlive()) {
            throw new IllegalStateException(p.name() + " did not finish: " + p.tail(20));
        }
    }

    static Path locateRoot() {
        String configured = System.getProperty("chaos.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("changelog-poller"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the Landfall checkout (or set -Dchaos.root)");
        }
        return p;
    }

    @Override
    public void close() {
        closing = true;
        supervisor.interrupt();
        for (Service s : services.values()) {
            try {
                s.process.kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LocalProcess p : List.of(simulator, s3, kafka)) {
            try {
                p.kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        proxies.forEach(FaultProxy::close);
        postgres.destroy();
    }
}
