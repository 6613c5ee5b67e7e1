package dev.landfall.common.view;

import dev.landfall.common.project.ProjectFilter;
import dev.landfall.common.project.ProjectName;
import java.util.regex.Pattern;

/**
 * A project name or glob ({@code *} any run of characters, {@code ?} one) matched against normalized names; the
 * pattern's literal parts are normalized the same way, so {@code Django_*} and {@code django-*} mean the same
 * (the rule of the mirror-wide {@code landfall.filter.allow|block}, README "Configuration").
 */
public final class ProjectPattern {

    private ProjectPattern() {
    }

    /** @throws IllegalArgumentException for a pattern with characters no project name or glob has */
    public static Pattern compile(String glob) {
        String g = glob.strip();
        if (g.isEmpty() || g.length() > ProjectName.MAX_LENGTH || !g.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.*?".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a project name or glob: '" + glob + "'");
        }
        return ProjectFilter.compile(g);
    }
}
