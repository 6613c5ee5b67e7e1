package dev.landfall.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as an app: {@code java -jar pypi-simulator/target/pypi-simulator.jar --port=8800 --seed=1
 * --projects=500}. See {@code --help}.
 */
public final class SimulatorMain {

    private static final String USAGE = """
            Usage: java -jar pypi-simulator.jar [--option=value ...]

            A deterministic PyPI stand-in on 127.0.0.1 (XML-RPC at /pypi, simple API at /simple/,
            JSON API at /pypi/<p>/json, files at /packages/..., control and oracle at /_sim/...).

              --port=N                  TCP port (default 8800; 0 = any free port)
              --host=ADDR               address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
              --public-url=URL          base URL written into pages (default http://<host>:<port>)
              --seed=N                  seed of the simulated world (default 1)
              --projects=N              projects in the initial history (default 500)
              --churn-per-second=X      journal transactions per second in the background (default 0)
              --large-files=N           5-40 MB sdists in the initial history (default 0)
              --changelog-page-size=N   row cap of changelog_since_serial (default 50000)
              --listing-lag=N           list_packages_with_serial lags this many serials (default 0)
            CDN faults (all off by default; rates are probabilities per response):
              --stale-probability=P     after a change, a representation stays stale for the window
              --stale-window=D          how long stale answers last (default 60s)
              --not-found-window=D      new files answer 404 for this long (default 0)
              --server-error-rate=P     503/502 answers
              --slow-rate=P             delayed answers
              --slow-delay=D            delay of a slow answer (default 2s)
              --truncate-rate=P         bodies cut short, connection closed
              --corrupt-rate=P          files/metadata with a flipped byte
              --garbage-rate=P          malformed XML-RPC / invalid JSON with 200
              --help                    this text
            Durations: 500ms, 30s, 5m, 1h, a plain number of seconds, or ISO-8601 (PT30S).
            """;

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "pypi-simulator-logback.xml");
        }
        SimulatorConfig config;
        try {
            config = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (config == null) {
            return;
        }
        PypiSimulator sim = PypiSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "pypi-sim-shutdown"));
        stopped.await();
    }

    /** The configuration, or null when only help was asked for. */
    static SimulatorConfig parse(String[] args, PrintStream out) {
        SimulatorConfig.Builder b = SimulatorConfig.builder().port(8800).seed(1).projects(500);
        Faults.Builder f = Faults.builder();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return null;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --option=value: " + arg);
            }
            String key = arg.substring(2, eq);
            String v = arg.substring(eq + 1);
            try {
                switch (key) {
                    case "port" -> b.port(Integer.parseInt(v));
                    case "host" -> b.host(v);
                    case "public-url" -> b.publicUrl(v);
                    case "seed" -> b.seed(Long.parseLong(v));
                    case "projects" -> b.projects(Integer.parseInt(v));
                    case "churn-per-second" -> b.churnPerSecond(Double.parseDouble(v));
                    case "large-files" -> b.largeFiles(Integer.parseInt(v));
                    case "changelog-page-size" -> b.changelogPageSize(Integer.parseInt(v));
                    case "listing-lag" -> b.listingLag(Long.parseLong(v));
                    case "stale-probability" -> f.staleProbability(Double.parseDouble(v));
                    case "stale-window" -> f.staleWindow(duration(v));
                    case "not-found-window" -> f.notFoundWindow(duration(v));
                    case "server-error-rate" -> f.serverErrorRate(Double.parseDouble(v));
                    case "slow-rate" -> f.slowRate(Double.parseDouble(v));
                    case "slow-delay" -> f.slowDelay(duration(v));
                    case "truncate-rate" -> f.truncateRate(Double.parseDouble(v));
                    case "corrupt-rate" -> f.corruptRate(Double.parseDouble(v));
                    case "garbage-rate" -> f.garbageRate(Double.parseDouble(v));
                    default -> throw new IllegalArgumentException("unknown option --" + key);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad value for --" + key + ": " + v);
            }
        }
        return b.faults(f.build()).build();
    }

    static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            }
            if (s.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad duration: " + v);
        }
    }
}
