package dev.landfall.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone command line: Landfall's own flags; everything else ({@code --key=value})
 * is passed to Spring as a property override.
 *
 * @param demo          start the bundled PyPI simulator (with churn) as upstream: works offline
 * @param dataDir       where the database, the Kafka log and the stored files live
 * @param port          HTTP port of the index server
 * @param kafkaPort     port of the embedded broker (loopback only)
 * @param demoProjects  number of simulated projects in demo mode
 * @param demoChurn     simulated journal transactions per second in demo mode
 * @param springArgs    the remaining arguments, for Spring
 */
record StandaloneOptions(boolean demo, Path dataDir, int port, int kafkaPort, int demoProjects, double demoChurn,
                         List<String> springArgs) {

    static final String USAGE = """
            Usage: java -jar standalone/target/landfall.jar [--demo] [--data-dir=DIR] [--port=N] [--spring.property=value ...]
              --demo              mirror the bundled PyPI simulator (offline demo) instead of https://pypi.org
              --data-dir=DIR      state directory (database, Kafka log, files); default ./landfall-data
              --port=N            index server port; default 8080
              --kafka-port=N      embedded Kafka broker port (loopback); default 29092 (controller: +1)
              --demo-projects=N   simulated projects in demo mode; default 200
              --demo-churn=X      simulated uploads per second in demo mode; default 0.5
            Any other --name=value is a Spring property, e.g. --landfall.filter.allow=requests,urllib3
            """;

    static StandaloneOptions parse(String[] args) {
        boolean demo = false;
        Path dataDir = Path.of("landfall-data");
        int port = 8080;
        int kafkaPort = 29092;
        int demoProjects = 200;
        double demoChurn = 0.5;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--demo")) {
                demo = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(USAGE);
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(value(arg));
            } else if (arg.startsWith("--port=")) {
                port = intValue(arg);
            } else if (arg.startsWith("--kafka-port=")) {
                kafkaPort = intValue(arg);
            } else if (arg.startsWith("--demo-projects=")) {
                demoProjects = intValue(arg);
            } else if (arg.startsWith("--demo-churn=")) {
                try {
                    demoChurn = Double.parseDouble(value(arg));
                } catch (NumberFormatException e) {
                    throw new UsageException("not a number: " + arg + "\n" + USAGE);
                }
            } else if (arg.startsWith("--") && arg.contains("=")) {
                rest.add(arg);
            } else {
                throw new UsageException("unknown argument: " + arg + "\n" + USAGE);
            }
        }
        return new StandaloneOptions(demo, dataDir.toAbsolutePath().normalize(), port, kafkaPort, demoProjects,
                demoChurn, List.copyOf(rest));
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    private static int intValue(String arg) {
        try {
            return Integer.parseInt(value(arg));
        } catch (NumberFormatException e) {
            throw new UsageException("not a number: " + arg + "\n" + USAGE);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
