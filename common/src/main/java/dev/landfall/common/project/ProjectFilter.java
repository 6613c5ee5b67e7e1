package dev.landfall.common.project;

import dev.landfall.common.config.FilterProperties;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Allow and block lists of project names or globs ({@code *} any run of characters, {@code ?} one),
 * matched against normalized names; patterns are normalized the same way, so {@code Django_*} and
 * {@code django-*} mean the same. An empty allow list allows everything; block wins over allow.
 */
public final class ProjectFilter {

    private final List<Pattern> allow;
    private final List<Pattern> block;

    public ProjectFilter(List<String> allow, List<String> block) {
        this.allow = allow.stream().filter(s -> !s.isBlank()).map(ProjectFilter::compile).toList();
        this.block = block.stream().filter(s -> !s.isBlank()).map(ProjectFilter::compile).toList();
    }

    public static ProjectFilter of(FilterProperties properties) {
        return new ProjectFilter(properties.allow(), properties.block());
    }

    /** True if the project is mirrored. */
    public boolean accepts(ProjectName project) {
        String name = project.value();
        if (block.stream().anyMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** True if the blocklist names the project (never mirrored, never demanded). */
    public boolean blocks(ProjectName project) {
        String name = project.value();
        return block.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** True if a non-empty allowlist names the project (on-demand mode: mirrored without being asked for). */
    public boolean allowlisted(ProjectName project) {
        String name = project.value();
        return allow.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** Glob to regex over the normalized form of the pattern's literal parts (views validate, then use this too). */
    public static Pattern compile(String glob) {
        String normalized = ProjectName.normalize(glob.trim()).toLowerCase(Locale.ROOT);
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
