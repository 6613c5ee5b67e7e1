package dev.landfall.simulator;

import dev.landfall.simulator.cdn.Cdn;
import dev.landfall.simulator.http.Control;
import dev.landfall.simulator.http.SimulatorHandler;
import dev.landfall.simulator.model.Churn;
import dev.landfall.simulator.model.World;
import dev.landfall.simulator.oracle.Oracle;
import dev.landfall.simulator.wheel.ContentStore;
import dev.landfall.simulator.xmlrpc.XmlRpcEndpoint;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running PyPI stand-in on 127.0.0.1: XML-RPC changelog, simple HTML/JSON, JSON API, files host with PEP 658
 * metadata, background churn, a CDN fault layer and an oracle of the exact state at any serial.
 *
 * <pre>{@code
 * try (PypiSimulator sim = PypiSimulator.start(SimulatorConfig.builder().seed(1).projects(300).build())) {
 *     String index = sim.baseUrl() + "/simple/";
 * }
 * }</pre>
 */
public final class PypiSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PypiSimulator.class);

    private final SimulatorConfig config;
    private final World world;
    private final Oracle oracle;
    private final Cdn cdn;
    private final Churn churn;
    private final Server server;
    private final int port;

    private PypiSimulator(SimulatorConfig config) throws Exception {
        this.config = config;
        this.world = World.generate(config.seed(), config.projects(), config.largeFiles(), config.clock()::millis);
        ContentStore content = new ContentStore(config.seed());
        JsonMapper json = JsonMapper.builder().build();
        this.oracle = new Oracle(world, content, json);
        this.cdn = new Cdn(config.seed(), config.clock(), config.faults());

        QueuedThreadPool pool = new QueuedThreadPool(256, 8);
        pool.setName("pypi-sim");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        connector.open(); // binds now, so the base URL (absolute file URLs) is known before the first request
        port = connector.getLocalPort();
        String baseUrl = baseUrl();
        server.setHandler(new SimulatorHandler(baseUrl, world, content, cdn,
                new XmlRpcEndpoint(world, config.changelogPageSize(), config.listingLag()), new ControlAdapter(), json,
                server.getScheduler(), pool));
        this.churn = new Churn(world, config.churnPerSecond());
        try {
            server.start();
        } catch (Exception e) {
            churn.close();
            server.stop();
            throw e;
        }
    }

    /** Builds the world from the seed and starts serving; returns when the server accepts connections. */
    public static PypiSimulator start(SimulatorConfig config) {
        try {
            PypiSimulator sim = new PypiSimulator(config);
            LOG.info("PyPI simulator ready at {} (seed {}, {} projects, last serial {})", sim.baseUrl(),
                    config.seed(), config.projects(), sim.lastSerial());
            return sim;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the PyPI simulator: " + e.getMessage(), e);
        }
    }

    public SimulatorConfig config() {
        return config;
    }

    /** {@code http://127.0.0.1:<port>} (or the configured public URL), no trailing slash. */
    public String baseUrl() {
        String publicUrl = config.publicUrl();
        if (publicUrl != null) {
            return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Creates a project of this name upstream now, with one final release; returns that release's version. */
    public String createProject(String displayName) {
        return world.createProject(displayName);
    }

    public long lastSerial() {
        return world.lastSerial();
    }

    /** Projects that exist now. */
    public int projectCount() {
        return world.existingProjects();
    }

    /** Applies {@code n} journal transactions now; returns the new last serial. */
    public long advance(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        return world.advance(n);
    }

    public void setChurnPerSecond(double perSecond) {
        churn.setPerSecond(perSecond);
    }

    /**
     * Test mode, off by default: each new coupled release is followed by the removal of the release the previous
     * coupled release pinned, so a client that mixes two serials within one install fails (see
     * {@code WorldGenerator.retireSuperseded}).
     */
    public void retireSupersededCoupledReleases(boolean on) {
        world.retireSupersededCoupledReleases(on);
    }

    public double churnPerSecond() {
        return churn.perSecond();
    }

    public Faults faults() {
        return cdn.faults();
    }

    public void setFaults(Faults faults) {
        cdn.setFaults(faults);
    }

    /** Forces {@code status} for one project's pages and files (normalized name) for {@code duration}. */
    public void forceProjectStatus(String project, int status, Duration duration) {
        cdn.forceStatus(project, status, duration);
    }

    /** The exact state at {@code serial} (0 ≤ serial ≤ {@link #lastSerial()}). */
    public OracleState oracle(long serial) {
        return oracle.at(serial);
    }

    /** Coupled releases visible at {@code serial}. */
    public List<CoupledRelease> coupled(long serial) {
        return world.coupled(serial);
    }

    @Override
    public void close() {
        churn.close();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the PyPI simulator: {}", e.toString());
        }
    }

    /** The /_sim/ endpoints' view of this simulator. */
    private final class ControlAdapter implements Control {
        @Override
        public long lastSerial() {
            return world.lastSerial();
        }

        @Override
        public int existingProjects() {
            return world.existingProjects();
        }

        @Override
        public long advance(int n) {
            return PypiSimulator.this.advance(n);
        }

        @Override
        public void setChurnPerSecond(double perSecond) {
            churn.setPerSecond(perSecond);
        }

        @Override
        public double churnPerSecond() {
            return churn.perSecond();
        }

        @Override
        public Faults faults() {
            return cdn.faults();
        }

        @Override
        public void setFaults(Faults faults) {
            cdn.setFaults(faults);
        }

        @Override
        public void forceProjectStatus(String project, int status, Duration duration) {
            cdn.forceStatus(project, status, duration);
        }

        @Override
        public byte[] oracleJson(long serial) {
            return oracle.json(oracle.at(serial));
        }

        @Override
        public byte[] coupledJson(long serial) {
            return oracle.coupledJson(world.coupled(serial));
        }
    }
}
