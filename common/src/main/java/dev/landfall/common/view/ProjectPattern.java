package dev.landfall.common.view;

import dev.landfall.common.project.ProjectName;
import java.util.Locale;
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
        String normalized = ProjectName.normalize(g).toLowerCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : normalized.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
