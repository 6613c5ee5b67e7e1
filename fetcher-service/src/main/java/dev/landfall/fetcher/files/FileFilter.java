package dev.landfall.fetcher.files;

import dev.landfall.common.config.FilterProperties;
import dev.landfall.fetcher.page.FilenameVersion;
import dev.landfall.fetcher.page.UpstreamFile;
import dev.landfall.fetcher.page.UpstreamPage;
import java.util.List;
import java.util.Locale;

/**
 * The file filters of docs/architecture.md#filters: pre-releases, platform tags, maximum size. Filtered files never appear
 * on the mirror's pages and are never downloaded; with pre-releases excluded their versions leave {@code versions}
 * too. Pure.
 */
public final class FileFilter {

    private final boolean excludePrereleases;
    private final List<String> excludedPlatforms;
    private final long maxFileSize;

    public FileFilter(FilterProperties filters) {
        this.excludePrereleases = filters.excludePrereleases();
        this.excludedPlatforms = filters.excludePlatforms().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        this.maxFileSize = filters.maxFileSize().toBytes();
    }

    public boolean accepts(UpstreamFile file) {
        if (excludePrereleases) {
            String version = FilenameVersion.of(file.filename());
            if (version != null && Pep440.isPrerelease(version)) {
                return false;
            }
        }
        String platform = FilenameVersion.wheelPlatform(file.filename());
        if (platform != null) {
            String p = platform.toLowerCase(Locale.ROOT);
            for (String excluded : excludedPlatforms) {
                if (p.contains(excluded)) {
                    return false;
                }
            }
        }
        return maxFileSize <= 0 || file.size() == null || file.size() <= maxFileSize;
    }

    /** The page with only accepted files (and, with pre-releases excluded, only final versions). */
    public UpstreamPage apply(UpstreamPage page) {
        List<UpstreamFile> files = page.files().stream().filter(this::accepts).toList();
        List<String> versions = page.versions();
        if (excludePrereleases && versions != null) {
            versions = versions.stream().filter(v -> !Pep440.isPrerelease(v)).toList();
        }
        if (files.size() == page.files().size() && versions == page.versions()) {
            return page;
        }
        return new UpstreamPage(page.source(), page.bodySerial(), page.apiVersion(), files, versions, page.status(),
                page.extraMeta(), page.extraTop());
    }
}
