package dev.landfall.simulator.model;

import dev.landfall.simulator.CoupledRelease;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The simulated index: projects with their full version history, the journal, the files host's file index and the
 * coupled releases. Transactions come from the {@link WorldGenerator} and are applied under one lock; readers
 * (HTTP handlers, the oracle) never take it.
 *
 * <p>A transaction is applied atomically: its journal rows, the project's new version and {@link #lastSerial()}
 * become visible together, so no page is ever stamped with a {@code new release} serial alone.
 */
public final class World {

    private final Object lock = new Object();
    private final LongSupplier clockMillis;
    private final Map<String, Project> byName = new ConcurrentHashMap<>();
    private volatile Project[] projects = new Project[0];
    private final ArrayList<JournalRow> journal = new ArrayList<>();
    private final ReadWriteLock journalLock = new ReentrantReadWriteLock();
    private final Map<String, PublishedFile> files = new ConcurrentHashMap<>();
    private volatile List<CoupledRelease> coupled = List.of();
    private volatile long lastSerial;
    private volatile int existing;
    private boolean bootstrapping = true;
    private final WorldGenerator generator;

    private World(long seed, LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.generator = new WorldGenerator(seed, this);
    }

    /**
     * Builds the world: {@code projects} projects with 1–6 releases each already in the journal history, and
     * {@code largeFiles} source distributions of 5–40 MB among them.
     */
    public static World generate(long seed, int projects, int largeFiles, LongSupplier clockMillis) {
        World w = new World(seed, clockMillis);
        synchronized (w.lock) {
            w.generator.bootstrap(projects, largeFiles);
            w.bootstrapping = false;
        }
        return w;
    }

    /** Applies {@code n} more transactions now; returns the new last serial. */
    public long advance(int n) {
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                generator.step();
            }
            return lastSerial;
        }
    }

    public long lastSerial() {
        return lastSerial;
    }

    /** Creates a project with this display name now (see {@link WorldGenerator#createNamed}); returns its version. */
    public String createProject(String displayName) {
        synchronized (lock) {
            return generator.createNamed(displayName);
        }
    }

    /** Number of projects that currently exist (created and not removed). */
    public int existingProjects() {
        return existing;
    }

    public @Nullable Project project(String normalizedName) {
        return byName.get(normalizedName);
    }

    /** Every project ever created (removed ones included), in creation order. */
    public Project[] projects() {
        return projects;
    }

    public @Nullable PublishedFile file(String filename) {
        return files.get(filename);
    }

    /**
     * Journal rows with serial > {@code since}, ascending, at most {@code limit}; only rows of fully applied
     * transactions (serial ≤ {@link #lastSerial()}).
     */
    public List<JournalRow> changelogSince(long since, int limit) {
        long upTo = lastSerial;
        journalLock.readLock().lock();
        try {
            int lo = 0;
            int hi = journal.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (journal.get(mid).serial() <= since) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int to = (int) Math.min(journal.size(), (long) lo + limit);
            while (to > lo && journal.get(to - 1).serial() > upTo) {
                to--;
            }
            return new ArrayList<>(journal.subList(lo, to));
        } finally {
            journalLock.readLock().unlock();
        }
    }

    /** The states of all projects existing at {@code serial}, in creation order. */
    public List<ProjectState> existingAt(long serial) {
        List<ProjectState> out = new ArrayList<>();
        for (Project p : projects) {
            ProjectVersion v = p.versionAt(serial);
            if (v != null && v.state().exists()) {
                out.add(v.state());
            }
        }
        return out;
    }

    /** Display name → last serial of every project existing at {@code serial}, in creation order. */
    public Map<String, Long> listingAt(long serial) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Project p : projects) {
            ProjectVersion v = p.versionAt(serial);
            if (v != null && v.state().exists()) {
                out.put(p.displayName(), v.serial());
            }
        }
        return out;
    }

    /** See {@code WorldGenerator.retireSuperseded}: off unless a test turns it on. */
    public void retireSupersededCoupledReleases(boolean on) {
        synchronized (lock) {
            generator.retireSuperseded(on);
        }
    }

    /** Coupled releases visible at {@code serial}. */
    public List<CoupledRelease> coupled(long serial) {
        List<CoupledRelease> out = new ArrayList<>();
        for (CoupledRelease c : coupled) {
            if (c.serial() <= serial) {
                out.add(c);
            }
        }
        return out;
    }

    // ---- called by the generator, under the lock ----

    @Nullable CoupledRelease newestCoupled() {
        List<CoupledRelease> l = coupled;
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    void register(Project p) {
        byName.put(p.name(), p);
        Project[] a = Arrays.copyOf(projects, projects.length + 1);
        a[projects.length] = p;
        projects = a;
    }

    void apply(Project p, ProjectState state, List<JournalRow> rows, List<SimFile> newFiles) {
        long stamp = rows.get(rows.size() - 1).serial();
        long now = bootstrapping ? 0L : clockMillis.getAsLong();
        journalLock.writeLock().lock();
        try {
            journal.addAll(rows);
        } finally {
            journalLock.writeLock().unlock();
        }
        for (SimFile f : newFiles) {
            files.put(f.filename(), new PublishedFile(f, now));
        }
        ProjectVersion before = p.current();
        boolean existedBefore = before != null && before.state().exists();
        p.append(new ProjectVersion(state.withSerial(stamp), now));
        if (existedBefore != state.exists()) {
            existing += state.exists() ? 1 : -1;
        }
        lastSerial = stamp;
    }

    void addCoupled(CoupledRelease c) {
        List<CoupledRelease> l = new ArrayList<>(coupled);
        l.add(c);
        coupled = List.copyOf(l);
    }
}
