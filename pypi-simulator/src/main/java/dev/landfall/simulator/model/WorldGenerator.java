package dev.landfall.simulator.model;

import dev.landfall.simulator.CoupledRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Produces the journal: project creations, releases, file adds and removals, yanks, role changes, project removals
 * and coupled releases. One {@link SplittableRandom} drives everything, so the same seed and the same number of
 * transactions give the same journal, the same states and the same bytes.
 *
 * <p>Installability rules (pip on Python 3.11, {@code --only-binary :all:}): Requires-Dist only names
 * <em>libraries</em>, which are never removed, whose releases are never yanked or removed, whose {@code py3} wheels
 * are never removed and whose first release is final; a library only depends on libraries created before it (no
 * cycles); every Requires-Python admits 3.11. A coupled release pins {@code A==vA} where A is a library and vA a
 * final release uploaded just before; the coupled release itself is protected (never yanked or removed) and its
 * project is never removed. Only applications (never depended upon) are removed, yanked or lose releases.
 */
final class WorldGenerator {

    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "zope", "interface", "flask", "django",
        "requests", "numpy", "toolkit", "utils", "core", "http", "json", "yaml", "async", "cache", "crypto", "data",
        "frame", "grid", "hash", "io", "jet", "kit", "lambda", "meta", "net", "orm", "parse", "query", "rest",
        "schema", "test", "uri", "vector", "web", "xml", "zip", "pkg", "lib", "client", "server", "plugin", "ext",
        "tools", "sdk", "api", "cli", "sphinx", "pytest", "tox", "lint", "types", "aws", "azure", "compat", "six",
        "backports", "ruamel", "jaraco", "sqla", "graph", "queue", "stream", "token", "auth", "oauth", "mail"};
    private static final String[] OTHER_TAGS = {"py2-none-any", "cp39-cp39-win_amd64", "cp312-cp312-macosx_11_0_arm64",
        "cp310-cp310-musllinux_1_2_aarch64"};
    private static final String[] REQUIRES_PYTHON = {">=3.8", ">=3.7", ">=3.9, <4", ">=3.6"};
    private static final String[] YANK_REASONS = {"broken build", "wrong metadata", "security issue <CVE-2025-0001>",
        "superseded by a \"fixed\" release & more"};
    private static final String[] SUMMARIES = {"A simulated package", "Tools & helpers for <things>",
        "Déjà vu utilities", "Yet another \"fast\" library"};

    private final SplittableRandom rng;
    private final World world;
    private long nextSerial = 1;
    private long txIndex;
    private final List<Project> libs = new ArrayList<>();
    private final List<Project> apps = new ArrayList<>();
    private final Set<String> protectedApps = new HashSet<>();
    private final Map<String, VersionSequence> versions = new HashMap<>();
    private final Map<String, String> firstVersion = new HashMap<>();
    private final Map<String, Integer> libIndex = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private @Nullable CoupledPlan plan;
    private boolean bootstrap;
    private boolean retireSuperseded;

    WorldGenerator(long seed, World world) {
        this.rng = new SplittableRandom(seed);
        this.world = world;
    }

    /** Initial history: creates {@code projects} projects interleaved with other transactions. */
    void bootstrap(int projects, int largeFiles) {
        bootstrap = true;
        Set<Integer> largeAt = new HashSet<>();
        int wantLarge = Math.min(largeFiles, projects);
        while (largeAt.size() < wantLarge) {
            largeAt.add(rng.nextInt(projects));
        }
        int created = 0;
        while (created < projects) {
            if (plan == null && (created < 2 || rng.nextInt(100) < 30)) {
                create(created == 0 || (created != 1 && rng.nextInt(100) < 40), largeAt.contains(created));
                created++;
            } else {
                step();
            }
        }
        while (plan != null) {
            step();
        }
        bootstrap = false;
    }

    /** One transaction (or one step of a coupled plan). */
    void step() {
        if (plan != null) {
            stepPlan(plan);
            return;
        }
        randomTransaction(Set.of(), true);
    }

    private void randomTransaction(Set<Project> exclude, boolean allowCoupled) {
        int roll = rng.nextInt(100);
        boolean done;
        if (roll < 40) {
            done = newReleaseOfRandom(exclude);
        } else if (roll < 52) {
            done = allowCoupled && startCoupled();
        } else if (roll < 60) {
            done = addFile(exclude);
        } else if (roll < 64) {
            done = removeFile(exclude);
        } else if (roll < 67) {
            done = removeRelease(exclude);
        } else if (roll < 72) {
            done = yank(exclude);
        } else if (roll < 75) {
            done = unyank(exclude);
        } else if (roll < 87) {
            done = roleChange(exclude);
        } else if (roll < 90) {
            // ~3% of transactions create a project (PyPI: ~2%), so long churn does not balloon the index.
            done = !bootstrap && create(rng.nextInt(100) < 40, false);
        } else if (roll < 91) {
            done = !bootstrap && removeProject(exclude);
        } else {
            done = newReleaseOfRandom(exclude);
        }
        if (!done && !roleChange(exclude)) {
            create(rng.nextInt(100) < 40, false);
        }
    }

    // ---- transactions ----

    private boolean create(boolean library, boolean large) {
        create(newName(), library, large);
        return true;
    }

    /**
     * A project of a given display name (an application with one final release) created now, for tests of name
     * collisions (a public project appearing under a team's private name). Returns the release's version.
     */
    String createNamed(String display) {
        if (!usedNames.add(Names.normalize(display))) {
            throw new IllegalArgumentException("a project named " + display + " exists already");
        }
        Project p = create(display, false, false);
        return firstVersion.get(p.name());
    }

    private Project create(String display, boolean library, boolean large) {
        Project p = new Project(Names.normalize(display), display, library);
        world.register(p);
        versions.put(p.name(), new VersionSequence());
        Tx tx = new Tx(p);
        tx.row(null, "create", false);
        String owner = user();
        tx.row(null, "add Owner " + owner, true);
        ProjectState st = new ProjectState(p.name(), display, 0, true, List.of(), List.of(new Role("Owner", owner)));
        // A large file's release is protected and its project never removed: tests rely on finding it.
        Release r = release(p, tx, true, List.of(), library || large, large);
        if (large) {
            protectedApps.add(p.name());
        }
        firstVersion.put(p.name(), r.version());
        if (library) {
            libIndex.put(p.name(), libs.size());
            libs.add(p);
        } else {
            apps.add(p);
        }
        tx.apply(st.withRelease(r));
        return p;
    }

    private boolean newReleaseOfRandom(Set<Project> exclude) {
        Project p = pickExisting(exclude, q -> !bootstrap || state(q).releases().size() < 6);
        if (p == null) {
            return false;
        }
        newRelease(p, false, List.of(), p.library());
        return true;
    }

    private Release newRelease(Project p, boolean forceFinal, List<String> extraRequires, boolean protect) {
        Tx tx = new Tx(p);
        Release r = release(p, tx, forceFinal, extraRequires, protect, false);
        tx.apply(state(p).withRelease(r));
        return r;
    }

    private boolean addFile(Set<Project> exclude) {
        Project p = pickExisting(exclude, q -> !state(q).releases().isEmpty());
        if (p == null) {
            return false;
        }
        List<Release> rs = state(p).releases();
        Release r = rs.get(rs.size() - 1 - rng.nextInt(Math.min(2, rs.size())));
        Set<String> have = new HashSet<>();
        for (SimFile f : r.files()) {
            have.add(f.filename());
        }
        Tx tx = new Tx(p);
        SimFile f = null;
        for (int i = 0; i < 4 && f == null; i++) {
            SimFile candidate = rng.nextInt(3) == 0
                    ? sdist(p, r.version(), r, tx, false)
                    : wheel(p, r.version(), r, OTHER_TAGS[rng.nextInt(OTHER_TAGS.length)], tx);
            if (!have.contains(candidate.filename()) && world.file(candidate.filename()) == null) {
                f = candidate;
            }
        }
        if (f == null) {
            return false;
        }
        SimFile added = tx.fileRow(r.version(), f, false);
        tx.apply(state(p).replaceRelease(r.version(), old -> old.withFile(added)));
        return true;
    }

    private boolean removeFile(Set<Project> exclude) {
        Project p = pickExisting(exclude, q -> !removableFiles(q).isEmpty());
        if (p == null) {
            return false;
        }
        List<SimFile> candidates = removableFiles(p);
        SimFile f = candidates.get(rng.nextInt(candidates.size()));
        Tx tx = new Tx(p);
        tx.row(f.version(), "remove file " + f.filename(), false);
        tx.apply(state(p).replaceRelease(f.version(), r -> {
            List<SimFile> l = new ArrayList<>(r.files());
            l.remove(f);
            return r.withFiles(l);
        }));
        return true;
    }

    private List<SimFile> removableFiles(Project p) {
        List<SimFile> out = new ArrayList<>();
        for (Release r : state(p).releases()) {
            for (SimFile f : r.files()) {
                boolean keepLast = bootstrap && r.files().size() == 1;
                if (!keepLast && !f.isLarge() && (!r.protectedRelease() || f.kind() != FileKind.PURE_WHEEL)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private boolean removeRelease(Set<Project> exclude) {
        // The initial history keeps at least one release per project (1–6 releases each).
        Project p = pickExisting(exclude, q -> unprotected(q, false) != null
                && (!bootstrap || state(q).releases().size() > 1));
        if (p == null) {
            return false;
        }
        Release r = unprotected(p, false);
        Tx tx = new Tx(p);
        tx.row(r.version(), "remove release", false);
        tx.apply(state(p).withoutRelease(r.version()));
        return true;
    }

    private boolean yank(Set<Project> exclude) {
        Project p = pickExisting(exclude, q -> unprotected(q, false) != null);
        if (p == null) {
            return false;
        }
        Release r = unprotected(p, false);
        String reason = rng.nextBoolean() ? "" : YANK_REASONS[rng.nextInt(YANK_REASONS.length)];
        Tx tx = new Tx(p);
        tx.row(r.version(), "yank release", false);
        tx.apply(state(p).replaceRelease(r.version(), old -> old.withYank(true, reason)));
        return true;
    }

    private boolean unyank(Set<Project> exclude) {
        Project p = pickExisting(exclude, q -> unprotected(q, true) != null);
        if (p == null) {
            return false;
        }
        Release r = unprotected(p, true);
        Tx tx = new Tx(p);
        tx.row(r.version(), "unyank release", false);
        tx.apply(state(p).replaceRelease(r.version(), old -> old.withYank(false, "")));
        return true;
    }

    /** A random unprotected release that is (if {@code yanked}) or is not yanked, or null. */
    private @Nullable Release unprotected(Project p, boolean yanked) {
        if (p.library()) {
            return null;
        }
        List<Release> c = new ArrayList<>();
        for (Release r : state(p).releases()) {
            if (!r.protectedRelease() && r.yanked() == yanked) {
                c.add(r);
            }
        }
        return c.isEmpty() ? null : c.get(rng.nextInt(c.size()));
    }

    private boolean roleChange(Set<Project> exclude) {
        Project p = pickExisting(exclude, q -> true);
        if (p == null) {
            return false;
        }
        ProjectState st = state(p);
        List<Role> roles = new ArrayList<>(st.roles());
        List<Role> maintainers = new ArrayList<>();
        for (Role r : roles) {
            if (r.role().equals("Maintainer")) {
                maintainers.add(r);
            }
        }
        Tx tx = new Tx(p);
        int roll = rng.nextInt(100);
        if (!maintainers.isEmpty() && roll < 30) {
            Role m = maintainers.get(rng.nextInt(maintainers.size()));
            roles.remove(m);
            tx.row(null, "remove Maintainer " + m.user(), false);
        } else if (!maintainers.isEmpty() && roll < 45) {
            Role m = maintainers.get(rng.nextInt(maintainers.size()));
            roles.set(roles.indexOf(m), new Role("Owner", m.user()));
            tx.row(null, "change Maintainer " + m.user() + " to Owner", false);
        } else {
            String u = user();
            roles.add(new Role("Maintainer", u));
            tx.row(null, "add Maintainer " + u, false);
        }
        tx.apply(st.withRoles(roles));
        return true;
    }

    private boolean removeProject(Set<Project> exclude) {
        List<Project> c = new ArrayList<>();
        for (Project a : apps) {
            if (!protectedApps.contains(a.name()) && !exclude.contains(a)) {
                c.add(a);
            }
        }
        if (c.size() < 2) {
            return false;
        }
        Project p = c.get(rng.nextInt(c.size()));
        apps.remove(p);
        Tx tx = new Tx(p);
        tx.row(null, "remove project", false);
        tx.apply(state(p).removed());
        return true;
    }

    // ---- coupled releases ----

    private boolean startCoupled() {
        Project a = pickFrom(libs, Set.of(), q -> !bootstrap || state(q).releases().size() < 6);
        Project b = pickFrom(apps, Set.of(), q -> !bootstrap || state(q).releases().size() < 6);
        if (a == null || b == null) {
            return false;
        }
        plan = new CoupledPlan(a, b, rng.nextInt(3));
        stepPlan(plan);
        return true;
    }

    private void stepPlan(CoupledPlan cp) {
        if (cp.requiredVersion == null) {
            cp.requiredVersion = newRelease(cp.a, true, List.of(), true).version();
        } else if (cp.fillers > 0) {
            cp.fillers--;
            randomTransaction(Set.of(cp.a, cp.b), false);
        } else {
            plan = null;
            protectedApps.add(cp.b.name());
            String pin = cp.a.displayName() + "==" + cp.requiredVersion;
            Release r = newRelease(cp.b, false, List.of(pin), true);
            CoupledRelease previous = world.newestCoupled();
            world.addCoupled(new CoupledRelease(cp.b.name(), r.version(), cp.a.name(), cp.requiredVersion,
                    state(cp.b).serial()));
            if (retireSuperseded && previous != null) {
                retire(previous);
            }
        }
    }

    /**
     * Off by default. On: when a coupled release is published, the release the previous coupled release pinned is
     * removed right after it (a library withdrawing an old release), breaking the installability rule above on
     * purpose. Upstream at every serial still installs the newest coupled release; a client that reads the app's page
     * before the removal and the library's page after it does not, which is what a mixed-snapshot run looks like.
     */
    void retireSuperseded(boolean on) {
        retireSuperseded = on;
    }

    private void retire(CoupledRelease superseded) {
        Project a = world.project(superseded.requires());
        if (a == null || state(a).releases().stream().noneMatch(r -> r.version().equals(superseded.requiresVersion()))) {
            return;
        }
        Tx tx = new Tx(a);
        tx.row(superseded.requiresVersion(), "remove release", false);
        tx.apply(state(a).withoutRelease(superseded.requiresVersion()));
    }

    private static final class CoupledPlan {
        final Project a;
        final Project b;
        int fillers;
        @Nullable String requiredVersion;

        CoupledPlan(Project a, Project b, int fillers) {
            this.a = a;
            this.b = b;
            this.fillers = fillers;
        }
    }

    // ---- building blocks ----

    private Release release(Project p, Tx tx, boolean forceFinal, List<String> extraRequires, boolean protect,
                            boolean large) {
        VersionSequence.Next next = versions.get(p.name()).next(rng, forceFinal || p.current() == null);
        String v = next.version();
        String requiresPython = rng.nextInt(100) < 40 ? null : REQUIRES_PYTHON[rng.nextInt(REQUIRES_PYTHON.length)];
        List<String> requires = new ArrayList<>(dependencies(p));
        requires.addAll(extraRequires);
        Release r = new Release(v, next.prerelease(), requiresPython, requires,
                SUMMARIES[rng.nextInt(SUMMARIES.length)], false, "", List.of(), protect);
        tx.row(v, "new release", false);
        List<SimFile> files = new ArrayList<>();
        SimFile pure = wheel(p, v, r, "py3-none-any", tx);
        files.add(tx.fileRow(v, pure, true));
        if (large || rng.nextInt(100) < 60) {
            files.add(tx.fileRow(v, sdist(p, v, r, tx, large), false));
        }
        if (rng.nextInt(100) < 25) {
            int k = 1 + rng.nextInt(2);
            int start = rng.nextInt(OTHER_TAGS.length);
            for (int i = 0; i < k; i++) {
                files.add(tx.fileRow(v, wheel(p, v, r, OTHER_TAGS[(start + i) % OTHER_TAGS.length], tx), false));
            }
        }
        return r.withFiles(files);
    }

    private List<String> dependencies(Project p) {
        int limit = p.library() ? libIndex.getOrDefault(p.name(), libs.size()) : libs.size();
        int[] counts = {0, 0, 1, 1, 2, 3};
        int k = Math.min(limit, counts[rng.nextInt(counts.length)]);
        Set<Integer> chosen = new HashSet<>();
        while (chosen.size() < k) {
            chosen.add(rng.nextInt(limit));
        }
        List<String> out = new ArrayList<>();
        for (int i : chosen.stream().sorted().toList()) {
            Project lib = libs.get(i);
            out.add(rng.nextInt(100) < 70 ? lib.displayName() + ">=" + firstVersion.get(lib.name()) : lib.displayName());
        }
        return out;
    }

    private SimFile wheel(Project p, String v, Release r, String tag, Tx tx) {
        String filename = Names.wheelDist(p.displayName()) + "-" + v + "-" + tag + ".whl";
        String pythonTag = tag.substring(0, tag.indexOf('-'));
        FileKind kind = tag.equals("py3-none-any") ? FileKind.PURE_WHEEL : FileKind.OTHER_WHEEL;
        return new SimFile(p.name(), p.displayName(), filename, v, kind, pythonTag, tag, r.requiresDist(),
                r.requiresPython(), r.summary(), 0, tx.epochSecond, tx.micros(), 0);
    }

    private SimFile sdist(Project p, String v, Release r, Tx tx, boolean large) {
        String filename = Names.sdistDist(p.displayName()) + "-" + v + ".tar.gz";
        long size = large ? 5_000_000L + rng.nextLong(35_000_001L) : 0;
        return new SimFile(p.name(), p.displayName(), filename, v, FileKind.SDIST, "source", null, r.requiresDist(),
                r.requiresPython(), r.summary(), size, tx.epochSecond, tx.micros(), 0);
    }

    private ProjectState state(Project p) {
        ProjectVersion v = p.current();
        if (v == null) {
            throw new IllegalStateException("no state yet for " + p.name());
        }
        return v.state();
    }

    private @Nullable Project pickExisting(Set<Project> exclude, Predicate<Project> ok) {
        int total = libs.size() + apps.size();
        for (int i = 0; i < 12 && total > 0; i++) {
            int k = rng.nextInt(total);
            Project p = k < libs.size() ? libs.get(k) : apps.get(k - libs.size());
            if (!exclude.contains(p) && ok.test(p)) {
                return p;
            }
        }
        return null;
    }

    private @Nullable Project pickFrom(List<Project> from, Set<Project> exclude,
                                       Predicate<Project> ok) {
        for (int i = 0; i < 12 && !from.isEmpty(); i++) {
            Project p = from.get(rng.nextInt(from.size()));
            if (!exclude.contains(p) && ok.test(p)) {
                return p;
            }
        }
        return null;
    }

    private String newName() {
        for (int attempt = 0; ; attempt++) {
            String a = word();
            String b = word();
            String c = word();
            String name = switch (rng.nextInt(9)) {
                case 0 -> a + "-" + b;
                case 1 -> cap(a) + "_" + cap(b) + "." + c;
                case 2 -> a + "." + b;
                case 3 -> cap(a) + cap(b);
                case 4 -> "py" + a + "-" + b;
                case 5 -> a + "__" + b + "--" + c;
                case 6 -> a + "_" + b;
                case 7 -> cap(a) + "-" + cap(b) + "-" + c.toUpperCase(Locale.ROOT);
                default -> a + b;
            };
            if (attempt > 20) {
                name = name + (attempt - 20);
            }
            if (usedNames.add(Names.normalize(name))) {
                return name;
            }
        }
    }

    private String word() {
        return WORDS[rng.nextInt(WORDS.length)];
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private String user() {
        return "user" + rng.nextInt(100_000);
    }

    /** Rows of one transaction; serials assigned in order (with occasional gaps), applied together. */
    private final class Tx {
        final Project project;
        final long epochSecond;
        final List<JournalRow> rows = new ArrayList<>();
        final List<SimFile> newFiles = new ArrayList<>();

        Tx(Project project) {
            this.project = project;
            this.epochSecond = Times.BASE_EPOCH_SECOND + txIndex * 37 + rng.nextInt(30);
            txIndex++;
            if (rng.nextInt(100) < 12) {
                nextSerial += 1 + rng.nextInt(3); // rolled-back transactions leave gaps
            }
        }

        int micros() {
            return rng.nextInt(1_000_000);
        }

        /** {@code consecutive}: no gap before this row (a release and its first file are one commit). */
        long row(@Nullable String version, String action, boolean consecutive) {
            if (!consecutive && !rows.isEmpty() && rng.nextInt(100) < 10) {
                nextSerial++;
            }
            long s = nextSerial++;
            rows.add(new JournalRow(project.displayName(), version, epochSecond, action, s));
            return s;
        }

        SimFile fileRow(String version, SimFile f, boolean consecutive) {
            long s = row(version, "add " + f.pythonTag() + " file " + f.filename(), consecutive);
            SimFile stamped = new SimFile(f.project(), f.displayName(), f.filename(), f.version(), f.kind(),
                    f.pythonTag(), f.wheelTag(), f.requiresDist(), f.requiresPython(), f.summary(), f.largeSize(),
                    f.uploadEpochSecond(), f.uploadMicros(), s);
            newFiles.add(stamped);
            return stamped;
        }

        void apply(ProjectState state) {
            world.apply(project, state, rows, newFiles);
        }
    }
}
