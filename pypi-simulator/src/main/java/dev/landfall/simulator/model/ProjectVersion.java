package dev.landfall.simulator.model;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A project state as published at one serial, with the wall-clock time it was applied (for the CDN's windows) and
 * a small slot array where the HTTP layer caches rendered representations.
 */
public final class ProjectVersion {

    /** Render cache slots; cleared for versions older than the previous one. */
    public static final int RENDER_SLOTS = 4;

    private final ProjectState state;
    private final long appliedAtMillis;
    private final AtomicReferenceArray<Object> renderCache = new AtomicReferenceArray<>(RENDER_SLOTS);

    ProjectVersion(ProjectState state, long appliedAtMillis) {
        this.state = state;
        this.appliedAtMillis = appliedAtMillis;
    }

    public ProjectState state() {
        return state;
    }

    public long serial() {
        return state.serial();
    }

    public long appliedAtMillis() {
        return appliedAtMillis;
    }

    public AtomicReferenceArray<Object> renderCache() {
        return renderCache;
    }

    void dropRenderCache() {
        for (int i = 0; i < RENDER_SLOTS; i++) {
            renderCache.set(i, null);
        }
    }
}
