package dev.landfall.common.view;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A view's policy: a deterministic filter over snapshot W, so the view is still one exact cut. Applied by the
 * index server's {@code dev.landfall.index.view.PolicyDecision}; yanks and removals of the base always apply.
 *
 * @param allow              project names or globs ({@code *}, {@code ?}, see {@link ProjectPattern}) the view shows;
 *                           empty = every project of the base
 * @param block              project names or globs the view never shows (wins over allow)
 * @param excludePrereleases hide files of PEP 440 pre-release and dev versions
 * @param excludePlatforms   hide wheels whose platform tag contains one of these (case-insensitive, e.g. {@code win})
 * @param cooldown           hide files uploaded less than this long before W's time (PEP 700 {@code upload-time});
 *                           zero = no cooldown
 */
public record ViewPolicy(List<String> allow, List<String> block, boolean excludePrereleases,
                         List<String> excludePlatforms, Duration cooldown) {

    public static final ViewPolicy NONE = new ViewPolicy(List.of(), List.of(), false, List.of(), Duration.ZERO);

    public ViewPolicy {
        allow = clean(allow);
        block = clean(block);
        excludePlatforms = clean(excludePlatforms).stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative: " + cooldown);
        }
        allow.forEach(ProjectPattern::compile);
        block.forEach(ProjectPattern::compile);
    }

    private static List<String> clean(List<String> values) {
        return values.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
