package dev.landfall.standalone;

import dev.landfall.admin.AdminServerConfiguration;
import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.fetcher.FetcherConfiguration;
import dev.landfall.index.IndexServerConfiguration;
import dev.landfall.poller.PollerConfiguration;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.standalone.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * All of Landfall in one JVM: the changelog poller, the fetcher, the index server and the admin
 * server share one Spring context (so {@code /admin/...} answers on the index server's port), an
 * embedded KRaft broker, an H2 file database and a local directory.
 * State lives in {@code --data-dir}, so a restart resumes without downloading again.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({PollerConfiguration.class, FetcherConfiguration.class, IndexServerConfiguration.class,
        AdminServerConfiguration.class, StandaloneConfiguration.class})
public class StandaloneApplication {

    private static final Logger log = LoggerFactory.getLogger(StandaloneApplication.class);
    static final String DEFAULT_ALLOWLIST =
            "requests,urllib3,idna,certifi,charset-normalizer,packaging,six,attrs,pip,setuptools,wheel";

    public static void main(String[] args) throws Exception {
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args);
        } catch (StandaloneOptions.UsageException e) {
            System.out.println(e.getMessage());
            System.exit(args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
            return;
        }
        Files.createDirectories(options.dataDir());
        String jdbcUrl = "jdbc:h2:file:" + options.dataDir().resolve("db").resolve("landfall")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                // Closed by Spring in shutdown order, not by H2's own JVM hook (which races the services).
                + ";DB_CLOSE_ON_EXIT=FALSE";

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options.dataDir().resolve("kafka"),
                options.kafkaPort(), options.kafkaPort() + 1);
        PypiSimulator simulator = options.demo() ? startDemoUpstream(options, jdbcUrl) : null;

        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.datasource.url", jdbcUrl);
        defaults.put("spring.datasource.username", "sa");
        defaults.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        defaults.put("landfall.storage.type", "filesystem");
        defaults.put("landfall.storage.path", options.dataDir().resolve("storage").toString());
        defaults.put("server.port", options.port());
        if (simulator != null) {
            defaults.put("landfall.upstream.url", simulator.baseUrl());
        } else {
            // A small default allowlist so a first run against PyPI is quick and polite.
            defaults.put("landfall.upstream.url", "https://pypi.org");
            defaults.put("landfall.filter.allow", DEFAULT_ALLOWLIST);
        }
        SpringApplication app = new SpringApplication(StandaloneApplication.class);
        app.setDefaultProperties(defaults);
        // Shutdown order matters: the Spring context (consumers, producers) first, then the broker
        // and the simulator it talks to; so this JVM hook replaces Spring's own.
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context = app.run(options.springArgs().toArray(String[]::new));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping Landfall standalone");
            context.close();
            broker.close();
            if (simulator != null) {
                simulator.close();
            }
            log.info("Landfall standalone stopped cleanly");
        }, "landfall-shutdown"));
    }

    /**
     * Demo upstream: the simulator regenerates the same journal from its seed, so after a restart
     * it is advanced to the serial the mirror already saw; otherwise upstream would appear to go
     * back in time.
     */
    private static PypiSimulator startDemoUpstream(StandaloneOptions options, String jdbcUrl) {
        PypiSimulator simulator = PypiSimulator.start(SimulatorConfig.builder()
                .seed(1).projects(options.demoProjects()).port(0).churnPerSecond(0).build());
        long seen = lastUpstreamSerialSeen(options.dataDir(), jdbcUrl);
        while (simulator.lastSerial() < seen) {
            simulator.advance(1);
        }
        simulator.setChurnPerSecond(options.demoChurn());
        log.info("Demo upstream: bundled PyPI simulator at {} ({} projects, {} uploads/s)", simulator.baseUrl(),
                options.demoProjects(), options.demoChurn());
        return simulator;
    }

    private static long lastUpstreamSerialSeen(Path dataDir, String jdbcUrl) {
        if (!Files.exists(dataDir.resolve("db").resolve("landfall.mv.db"))) {
            return 0;
        }
        SingleConnectionDataSource db = new SingleConnectionDataSource(jdbcUrl, "sa", "", true);
        try {
            return new PollerStateReads(new JdbcTemplate(db)).current()
                    .map(PollerStateReads.PollerPosition::upstreamLastSerial).orElse(0L);
        } catch (DataAccessException e) {
            return 0; // no schema yet: a first run that stopped before its first poll
        } finally {
            db.destroy();
        }
    }

}
