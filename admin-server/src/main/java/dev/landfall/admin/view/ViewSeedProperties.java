package dev.landfall.admin.view;

import dev.landfall.common.view.ViewDefinition;
import dev.landfall.common.view.ViewPolicy;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Views declared in configuration ({@code landfall.views.<name>.*}, for GitOps), applied by the admin server at
 * start: each is created or brought to exactly these settings; views that only the API created are left alone.
 *
 * @param views view name → its settings
 */
@Validated
@ConfigurationProperties("landfall")
public record ViewSeedProperties(@NotNull @DefaultValue Map<String, Settings> views) {

    /**
     * One view's settings; see {@link ViewPolicy} for each rule.
     *
     * @param base               what the view filters: {@code pypi} (the default view)
     * @param allow              project names or globs the view shows; empty = all
     * @param block              project names or globs the view never shows (wins over allow)
     * @param excludePrereleases hide files of pre-release and dev versions
     * @param excludePlatforms   hide wheels whose platform tag contains one of these
     * @param cooldown           hide files uploaded less than this long before W's time, e.g. {@code 7d}; 0 = none
     */
    public record Settings(@DefaultValue(ViewDefinition.BASE_PYPI) String base, @NotNull @DefaultValue List<String> allow,
                           @NotNull @DefaultValue List<String> block, @DefaultValue("false") boolean excludePrereleases,
                           @NotNull @DefaultValue List<String> excludePlatforms, @NotNull @DefaultValue("0s") Duration cooldown) {

        ViewDefinition definition(String name) {
            return new ViewDefinition(name, base, new ViewPolicy(allow, block, excludePrereleases, excludePlatforms, cooldown));
        }
    }
}
