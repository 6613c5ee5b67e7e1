package dev.landfall.poller.filter;

import dev.landfall.common.project.ProjectFilter;

import dev.landfall.common.config.MirrorProperties.Mode;
import dev.landfall.common.project.ProjectName;
import java.util.Set;

/**
 * The mirrored set by {@code landfall.mirror.mode}: {@code all} = every project but the blocklist;
 * {@code allowlist} = the {@link ProjectFilter} as it always was (an empty allowlist allows everything);
 * {@code on-demand} = the allowlist plus the admitted projects, minus the blocklist.
 *
 * <p>Immutable: the poller's loop thread swaps in a new scope when it admits a project or sees a removal, so a
 * changelog page is always planned against one set.
 */
public final class MirrorScope {

    private final Mode mode;
    private final ProjectFilter filter;
    private final Set<String> admitted;

    public MirrorScope(Mode mode, ProjectFilter filter, Set<String> admitted) {
        this.mode = mode;
        this.filter = filter;
        this.admitted = Set.copyOf(admitted);
    }

    /** Today's behaviour: the filter alone. */
    public static MirrorScope allowlist(ProjectFilter filter) {
        return new MirrorScope(Mode.ALLOWLIST, filter, Set.of());
    }

    public MirrorScope withAdmitted(Set<String> projects) {
        return new MirrorScope(mode, filter, projects);
    }

    public Mode mode() {
        return mode;
    }

    public ProjectFilter filter() {
        return filter;
    }

    public boolean accepts(ProjectName project) {
        return switch (mode) {
            case ALL -> !filter.blocks(project);
            case ALLOWLIST -> filter.accepts(project);
            case ON_DEMAND -> !filter.blocks(project) && (filter.allowlisted(project) || admitted.contains(project.value()));
        };
    }
}
