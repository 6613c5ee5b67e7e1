package dev.landfall.common.config;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What is mirrored (docs/architecture.md#filters). Project filters are applied by the poller before the
 * ledger; file filters by the fetchers when they build the mirror's pages.
 *
 * @param allow              project names or glob patterns ({@code *}, {@code ?}) to mirror; empty = all
 * @param block              project names or glob patterns never mirrored (wins over allow)
 * @param excludePrereleases drop files of PEP 440 pre-release and dev versions
 * @param excludePlatforms   drop wheels whose platform tag contains one of these (e.g. {@code win}, {@code macosx})
 * @param maxFileSize        drop files larger than this; 0 = no limit
 */
@Validated
@ConfigurationProperties("landfall.filter")
public record FilterProperties(
        @NotNull @DefaultValue List<String> allow,
        @NotNull @DefaultValue List<String> block,
        @DefaultValue("false") boolean excludePrereleases,
        @NotNull @DefaultValue List<String> excludePlatforms,
        @NotNull @DefaultValue("0") DataSize maxFileSize) {
}
