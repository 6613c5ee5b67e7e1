package dev.landfall.index.view;

import dev.landfall.common.ledger.LedgerTimes;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.common.team.PrivateReads;
import dev.landfall.common.view.ViewDefinition;
import dev.landfall.common.view.ViewReads;
import dev.landfall.index.snapshot.CachedBody;
import dev.landfall.index.snapshot.PageCache;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The views this replica serves and what they derive from a snapshot: definitions re-read from the
 * {@code team_view} table by {@link #refresh()} (a background loop; never per request), W's time from the ledger
 * once per W, a view's root once per (view, W, private state), and a view's project page once per (view, page
 * version, files shown) in a bounded cache. Pages are derived from the stored page versions, never fetched again.
 * A view's private projects (uploads, docs/decisions/011-team-uploads.md) are loaded when its local serial or its
 * claims change; a private or claimed name hides the base project of that name wholesale (the confusion guard),
 * and a base project hidden that way is counted and logged once.
 */
public final class TeamViews {

    private static final Logger log = LoggerFactory.getLogger(TeamViews.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A view's private projects at one local serial: their pages (rendered once), each page's local serial, and the
     * names hidden from the base (private and claimed ones). Identity equality: it keys the view's roots.
     */
    public static final class Private {
        static final Private NONE = new Private(0, List.of(), Map.of(), Map.of());

        private final long localSerial;
        private final List<String> claims;
        private final Map<String, ViewPage.Served> pages;
        private final Map<String, Long> pageSerials;
        private final Set<String> hidden;

        Private(long localSerial, List<String> claims, Map<String, ViewPage.Served> pages, Map<String, Long> pageSerials) {
            this.localSerial = localSerial;
            this.claims = List.copyOf(claims);
            this.pages = Map.copyOf(pages);
            this.pageSerials = Map.copyOf(pageSerials);
            Set<String> h = new HashSet<>(pageSerials.keySet());
            h.addAll(claims);
            this.hidden = Set.copyOf(h);
        }

        public long localSerial() {
            return localSerial;
        }

        public Optional<ViewPage.Served> page(String project) {
            return Optional.ofNullable(pages.get(project));
        }

        public Long pageSerial(String project) {
            return pageSerials.get(project);
        }

        /** Whether the base project of this name is hidden in the view (private or claimed name). */
        public boolean hides(String project) {
            return hidden.contains(project);
        }
    }

    /** One served view: its definition and the policy as a decision. Replaced as a whole when the definition changes. */
    /** One served view (identity equality: it keys the view's caches). */
    public static final class Served {
        private final ViewDefinition definition;
        private final PolicyDecision decision;
        private final Map<String, MemoizedEligibility> eligibility = new ConcurrentHashMap<>();

        Served(ViewDefinition definition) {
            this.definition = definition;
            this.decision = new PolicyDecision(definition.policy());
        }

        ViewDefinition definition() {
            return definition;
        }

        PolicyDecision decision() {
            return decision;
        }

        /** Per project, the eligibility of the page version last read (identity equality: keys of the caches). */
        Map<String, MemoizedEligibility> eligibility() {
            return eligibility;
        }

        public String name() {
            return definition.name();
        }
    }

    /**
     * What one page version means to a view, read once: its {@link Eligibility} and the sorted upload times of the
     * files the time-free rules keep. The cooldown shows exactly the kept files uploaded at or before the cutoff, so
     * all cutoffs between two consecutive kept upload times give the same page: the derived page is cached under
     * that interval ({@link #bucket}), not under the cutoff, which moves with every W.
     */
    record MemoizedEligibility(long pageSerial, Eligibility eligibility, List<Instant> keptTimes) {

        /** The greatest kept upload time at or before the cutoff; {@code MIN} if none; {@code MAX} without a cooldown. */
        Instant bucket(Instant cutoff, boolean cooldown) {
            if (!cooldown) {
                return Instant.MAX;
            }
            Instant bucket = Instant.MIN;
            for (Instant t : keptTimes) {
                if (t.isAfter(cutoff)) {
                    break;
                }
                bucket = t;
            }
            return bucket;
        }
    }

    private static final int ROOTS = 32;
    private static final int TIMES = 64;

    private final ViewReads reads;
    private final LedgerTimes times;
    private final BlobStore blobs;
    private final PageCache pageCache;
    private final SnapshotCatalog catalog;
    private final DerivedPages derived;
    private volatile Map<String, Served> views = Map.of();
    private final LinkedHashMap<RootKey, ViewRoot> roots = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<Long, Instant> timeOfW = new LinkedHashMap<>(128, 0.75f, true);

    private volatile Map<String, Private> privates = Map.of();
    private final PrivateReads privateReads;
    private final Set<String> reportedShadows = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> shadowedPerView = new ConcurrentHashMap<>();
    private final AtomicLong shadowEvents = new AtomicLong();

    private record RootKey(Served view, long serial, Private privates) {
    }

    public TeamViews(ViewReads reads, PrivateReads privateReads, LedgerTimes times, BlobStore blobs, PageCache pageCache,
                     SnapshotCatalog catalog, long derivedCacheBytes) {
        this.reads = reads;
        this.privateReads = privateReads;
        this.times = times;
        this.blobs = blobs;
        this.pageCache = pageCache;
        this.catalog = catalog;
        this.derived = new DerivedPages(derivedCacheBytes);
    }

    /** Re-reads the definitions and computes each view's root for the current snapshot, so requests find it ready. */
    public void refresh() throws IOException {
        List<ViewDefinition> definitions = reads.all();
        Map<String, Served> previous = views;
        Map<String, Served> next = definitions.stream().collect(Collectors.toUnmodifiableMap(ViewDefinition::name,
                d -> {
                    Served old = previous.get(d.name());
                    return old != null && old.definition().equals(d) ? old
                            : new Served(d);
                }));
        Map<String, Long> serials = privateReads.localSerials();
        Map<String, Private> previousPrivates = privates;
        Map<String, Private> nextPrivates = new HashMap<>();
        for (Served v : next.values()) {
            nextPrivates.put(v.name(), loadPrivate(v.name(), serials.getOrDefault(v.name(), 0L), previousPrivates.get(v.name())));
        }
        // Private state first: a request that finds the new definition also finds its projects.
        privates = Map.copyOf(nextPrivates);
        views = next;
        Optional<SnapshotView> current = catalog.current();
        if (current.isPresent()) {
            for (Served v : next.values()) {
                root(v, current.get());
            }
        }
    }

    /** A view's private projects at its local serial: re-read only when the serial or the claims changed. */
    private Private loadPrivate(String view, long localSerial, Private previous) throws IOException {
        List<String> claims = privateReads.claims(view);
        if (previous != null && previous.localSerial() == localSerial && previous.claims.equals(claims)) {
            return previous;
        }
        if (localSerial == 0 && claims.isEmpty()) {
            return Private.NONE;
        }
        Map<String, Long> projects = localSerial == 0 ? Map.of() : privateReads.projects(view);
        Map<String, ViewPage.Served> pages = new HashMap<>();
        for (Map.Entry<String, Long> p : projects.entrySet()) {
            byte[] json = blobs.readAllBytes(StorageKeys.privatePageJson(view, new ProjectName(p.getKey()), p.getValue()));
            pages.put(p.getKey(), new ViewPage.Served(CachedBody.of(json), CachedBody.of(ViewPage.html(JSON.readTree(json)))));
        }
        return new Private(localSerial, claims, pages, projects);
    }

    /** The view's private projects (empty state if it has none). */
    public Private privates(Served view) {
        Private p = privates.get(view.name());
        return p == null ? Private.NONE : p;
    }

    /** How many (view, upstream project) pairs were ever found hidden by a private or claimed name (a counter). */
    public long shadowEvents() {
        return shadowEvents.get();
    }

    /** Base projects currently hidden by a private or claimed name, summed over views (a gauge). */
    public long shadowedProjects() {
        return shadowedPerView.values().stream().mapToLong(Integer::longValue).sum();
    }

    public Optional<Served> view(String name) {
        return Optional.ofNullable(views.get(name));
    }

    /** W's time (see {@link LedgerTimes}): one ledger lookup per W per replica, then remembered. */
    public Instant timeOf(long w) {
        synchronized (timeOfW) {
            Instant hit = timeOfW.get(w);
            if (hit != null) {
                return hit;
            }
        }
        Instant t = times.timeOf(w);
        synchronized (timeOfW) {
            timeOfW.put(w, t);
            if (timeOfW.size() > TIMES) {
                timeOfW.remove(timeOfW.keySet().iterator().next());
            }
        }
        return t;
    }

    /**
     * The view's root at W, computed once: every project of W the name rules admit whose page version the policy
     * lists at W's cutoff. Each page version is read once per view (its {@link Eligibility} is remembered), so a
     * new W re-reads only the pages that changed.
     */
    public ViewRoot root(Served view, SnapshotView snapshot) throws IOException {
        Private own = privates(view);
        RootKey key = new RootKey(view, snapshot.serial(), own);
        synchronized (roots) {
            ViewRoot hit = roots.get(key);
            if (hit != null) {
                return hit;
            }
        }
        // Computed under the view's lock: concurrent first requests for the same view wait for one computation.
        synchronized (view) {
            synchronized (roots) {
                ViewRoot hit = roots.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            Instant time = timeOf(snapshot.serial());
            Instant cutoff = view.decision().cutoff(time);
            TreeMap<String, Long> listed = new TreeMap<>();
            int shadowed = 0;
            for (Map.Entry<String, Long> p : snapshot.pageSerials().entrySet()) {
                String project = p.getKey();
                if (own.hides(project)) {
                    shadowed++;
                    if (reportedShadows.add(view.name() + "/" + project)) {
                        shadowEvents.incrementAndGet();
                        log.warn("view {}: upstream project {} (page serial {}) exists under a private or claimed name; "
                                + "hidden in this view (dependency-confusion guard)", view.name(), project, p.getValue());
                    }
                } else if (view.decision().admitsName(project) && eligibility(view, project, p.getValue()).listedAt(cutoff)) {
                    listed.put(project, p.getValue());
                }
            }
            listed.putAll(own.pageSerials);
            if (catalog.current().map(c -> c.serial() == snapshot.serial()).orElse(false)) {
                shadowedPerView.put(view.name(), shadowed);
            }
            ViewRoot root = ViewRoot.of(snapshot.serial(), time, listed);
            synchronized (roots) {
                roots.put(key, root);
                if (roots.size() > ROOTS) {
                    roots.remove(roots.keySet().iterator().next());
                }
            }
            return root;
        }
    }

    private Eligibility eligibility(Served view, String project, long pageSerial) throws IOException {
        // Read past the page cache: a root computation touches every page once and must not evict the hot ones.
        return memo(view, project, pageSerial, false).eligibility();
    }

    private MemoizedEligibility memo(Served view, String project, long pageSerial, boolean throughPageCache) throws IOException {
        MemoizedEligibility memo = view.eligibility().get(project);
        if (memo != null && memo.pageSerial() == pageSerial) {
            return memo;
        }
        String key = StorageKeys.pageJson(new ProjectName(project), pageSerial);
        List<PolicyDecision.FileFacts> files = ViewPage.files(throughPageCache ? pageCache.get(key).bytes() : blobs.readAllBytes(key));
        memo = new MemoizedEligibility(pageSerial, view.decision().eligibility(files), view.decision().keptUploadTimes(files));
        view.eligibility().put(project, memo);
        return memo;
    }

    /**
     * The view's page of a project that W lists at {@code pageSerial}: derived once per (view, page version, cutoff
     * interval), then served from memory.
     */
    public ViewPage.Result page(Served view, String project, long pageSerial, Instant timeOfW) throws IOException {
        Instant cutoff = view.decision().cutoff(timeOfW);
        if (!view.decision().admitsName(project)) {
            return new ViewPage.Omitted(ProjectVerdict.Reason.NAME);
        }
        Instant bucket = memo(view, project, pageSerial, true).bucket(cutoff, !view.definition().policy().cooldown().isZero());
        return derived.get(new DerivedPages.Key(view, project, pageSerial, bucket), k -> {
            byte[] stored = pageCache.get(StorageKeys.pageJson(new ProjectName(project), pageSerial)).bytes();
            return ViewPage.derive(project, stored, view.decision(), cutoff);
        });
    }

    public int viewCount() {
        return views.size();
    }

    /** Bounded (by bytes) LRU of derived pages; an entry never changes, so nothing is invalidated. */
    static final class DerivedPages {

        /** {@code bucket}: see {@link MemoizedEligibility#bucket}; equal buckets give equal pages. */
        record Key(Served view, String project, long pageSerial, Instant bucket) {
        }

        interface Loader {
            ViewPage.Result load(Key key) throws IOException;
        }

        private final long maxBytes;
        private final LinkedHashMap<Key, ViewPage.Result> entries = new LinkedHashMap<>(256, 0.75f, true);
        private long bytes;

        DerivedPages(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        ViewPage.Result get(Key key, Loader loader) throws IOException {
            synchronized (this) {
                ViewPage.Result hit = entries.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            ViewPage.Result loaded = loader.load(key);
            synchronized (this) {
                ViewPage.Result previous = entries.put(key, loaded);
                bytes += weight(loaded) - (previous == null ? 0 : weight(previous));
                var it = entries.entrySet().iterator();
                while (bytes > maxBytes && it.hasNext()) {
                    var eldest = it.next();
                    if (eldest.getKey().equals(key)) {
                        continue;
                    }
                    bytes -= weight(eldest.getValue());
                    it.remove();
                }
            }
            return loaded;
        }

        private static long weight(ViewPage.Result r) {
            return r instanceof ViewPage.Served s ? s.json().weight() + s.html().weight() : 64;
        }
    }

}
