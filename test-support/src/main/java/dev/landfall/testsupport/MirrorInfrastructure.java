package dev.landfall.testsupport;

import dev.landfall.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The infrastructure a mirror service runs against, asked for by what the test needs: one extension
 * that starts the resources, and one place that turns them into the services' Spring properties.
 *
 * <pre>
 * &#64;RegisterExtension static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
 *         .withSimulator(SimulatorConfig.builder().seed(7).projects(120).build());
 * &#64;DynamicPropertySource static void properties(DynamicPropertyRegistry r) { infra.register(r); }
 * </pre>
 *
 * <p>Launchers that start services with {@code SpringApplicationBuilder} (multi-context tests, the
 * benchmarks) call {@link #start()} or register the extension, then pass {@link #properties()} through
 * {@link #commandLine(Map)}. Either way a service sees the same names and values.
 *
 * <p>Lifecycle as for each resource (see {@link ManagedResource}): started in {@code beforeAll} in the
 * order of {@link Need}, closed in reverse order after the test class's Spring context.
 */
public final class MirrorInfrastructure extends ManagedResource {

    /** One resource a test can ask for; the declaration order is the start order. */
    public enum Need {
        /** A fresh database ({@link PostgresDatabase}): {@code spring.datasource.url/username/password}. */
        POSTGRES,
        /** An embedded KRaft broker with the changelog topic ({@link KafkaBroker}): {@code spring.kafka.bootstrap-servers}. */
        KAFKA,
        /** Blob storage on an S3 API server ({@link S3Server}): {@code landfall.storage.type=s3} and {@code landfall.storage.s3.*}. */
        S3,
        /** Blob storage in a temporary directory, deleted afterwards: {@code landfall.storage.type=filesystem}, {@code landfall.storage.path}. */
        FILESYSTEM_STORAGE,
        /** The PyPI simulator as upstream ({@link Simulator}): {@code landfall.upstream.url}. */
        SIMULATOR
    }

    private final Set<Need> needs;
    private final @Nullable PostgresDatabase postgres;
    private final @Nullable KafkaBroker kafka;
    private final @Nullable S3Server s3;
    private final @Nullable StorageDirectory storageDirectory;
    private final @Nullable Simulator simulator;
    /** In start order. */
    private final List<ManagedResource> resources;
    private boolean running;

    private MirrorInfrastructure(Set<Need> needs, SimulatorConfig simulatorConfig) {
        if (needs.isEmpty()) {
            throw new IllegalArgumentException("ask for at least one of " + List.of(Need.values()));
        }
        if (needs.contains(Need.S3) && needs.contains(Need.FILESYSTEM_STORAGE)) {
            throw new IllegalArgumentException("a service has one blob storage: ask for S3 or FILESYSTEM_STORAGE, not both");
        }
        this.needs = Collections.unmodifiableSet(EnumSet.copyOf(needs));
        this.postgres = needs.contains(Need.POSTGRES) ? new PostgresDatabase() : null;
        this.kafka = needs.contains(Need.KAFKA) ? new KafkaBroker() : null;
        this.s3 = needs.contains(Need.S3) ? new S3Server() : null;
        this.storageDirectory = needs.contains(Need.FILESYSTEM_STORAGE) ? new StorageDirectory() : null;
        this.simulator = needs.contains(Need.SIMULATOR) ? new Simulator(simulatorConfig) : null;
        List<ManagedResource> inOrder = new ArrayList<>();
        for (ManagedResource r : new ManagedResource[] {postgres, kafka, s3, storageDirectory, simulator}) {
            if (r != null) {
                inOrder.add(r);
            }
        }
        this.resources = List.copyOf(inOrder);
    }

    /** The given resources; {@link Need#SIMULATOR} with the simulator's default configuration. */
    public static MirrorInfrastructure with(Need... needs) {
        return new MirrorInfrastructure(needs.length == 0 ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(List.of(needs)),
                SimulatorConfig.builder().build());
    }

    /** The same resources plus the simulator, started with {@code config}. */
    public MirrorInfrastructure withSimulator(SimulatorConfig config) {
        Set<Need> more = EnumSet.copyOf(needs);
        more.add(Need.SIMULATOR);
        return new MirrorInfrastructure(more, config);
    }

    public Set<Need> needs() {
        return needs;
    }

    public PostgresDatabase postgres() {
        return asked(postgres, Need.POSTGRES);
    }

    public KafkaBroker kafka() {
        return asked(kafka, Need.KAFKA);
    }

    public S3Server s3() {
        return asked(s3, Need.S3);
    }

    /** The directory behind {@link Need#FILESYSTEM_STORAGE}. */
    public Path storageDirectory() {
        return asked(storageDirectory, Need.FILESYSTEM_STORAGE).path();
    }

    public Simulator simulator() {
        return asked(simulator, Need.SIMULATOR);
    }

    private <T> T asked(@Nullable T resource, Need need) {
        if (resource == null) {
            throw new IllegalStateException("this MirrorInfrastructure was not asked for " + need + " (it has " + needs + ")");
        }
        return resource;
    }

    /** Registers every property of {@link #properties()}, each read when Spring asks for it. */
    public void register(DynamicPropertyRegistry registry) {
        ManagedResource.register(springProperties(), registry);
    }

    /**
     * The running resources as Spring properties (names as in {@link Need}), in start order; for
     * services started by hand. Only the resources asked for appear: without {@link Need#S3} or
     * {@link Need#FILESYSTEM_STORAGE} there is no {@code landfall.storage.*}.
     */
    public Map<String, String> properties() {
        if (!isRunning()) {
            throw new IllegalStateException("MirrorInfrastructure not started (register it with @RegisterExtension static final, or call start())");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        springProperties().forEach((name, value) -> resolved.put(name, value.get()));
        return Collections.unmodifiableMap(resolved);
    }

    /** As command-line arguments ({@code --name=value}): they win over the application.yml on a service's classpath. */
    public static String[] commandLine(Map<String, ?> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @Override
    Map<String, Supplier<String>> springProperties() {
        Map<String, Supplier<String>> all = new LinkedHashMap<>();
        resources.forEach(r -> all.putAll(r.springProperties()));
        return all;
    }

    @Override
    synchronized boolean isRunning() {
        return running;
    }

    /** Starts each resource in order; if one fails, those already started are closed again. */
    @Override
    synchronized void start(String owner) throws Exception {
        if (running) {
            return;
        }
        List<ManagedResource> started = new ArrayList<>();
        try {
            for (ManagedResource r : resources) {
                r.start(owner);
                started.add(r);
            }
        } catch (Throwable failure) {
            Collections.reverse(started);
            closeAll(started, failure);
            throw failure;
        }
        running = true;
    }

    /** Closes every resource in reverse start order, each even if an earlier one failed to close. */
    @Override
    public synchronized void close() throws Exception {
        if (!running) {
            return;
        }
        running = false;
        List<ManagedResource> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        @Nullable Exception first = null;
        for (ManagedResource r : reversed) {
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void closeAll(List<ManagedResource> resources, Throwable failure) {
        for (ManagedResource r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public String toString() {
        return "MirrorInfrastructure" + needs;
    }
}
