package dev.landfall.standalone.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside the standalone
 * JVM, with its log in a local directory so events survive a restart. Not a test double: the
 * same broker code a cluster runs.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    /** Fixed so a restarted standalone finds its formatted log directory valid. */
    private static final String CLUSTER_ID = "bGFuZGZhbGwtc3RhbmQx";

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Formats {@code dataDir} on first use, then starts the broker on 127.0.0.1:{@code port}. */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "8");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        format(dataDir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        log.info("Embedded Kafka broker (KRaft) listening on 127.0.0.1:{}, data in {}", port, dataDir);
        return new EmbeddedKafkaBroker(server, port);
    }

    private static void format(Path dataDir, Properties props) throws IOException {
        Path config = Files.createTempFile("landfall-kafka", ".properties");
        try {
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "landfall standalone broker");
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int rc;
            try (PrintStream printer = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                // --ignore-formatted: a restart reuses the existing log (that is the point of a data directory).
                rc = StorageTool.execute(new String[] {"format", "-t", CLUSTER_ID, "-c", config.toString(),
                        "--ignore-formatted"}, printer);
            }
            if (rc != 0) {
                throw new IOException("formatting the Kafka log directory " + dataDir + " failed (exit " + rc + "): "
                        + buffer.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
