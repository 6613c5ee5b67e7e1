package dev.landfall.index.demand;

import dev.landfall.common.project.InvalidProjectNameException;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.StorageKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Which projects to demand ahead of the client, read from a landed page. pip and uv ask for a project's
 * dependencies one at a time, right after reading its metadata; in on-demand mode each would cost one admission
 * round (poller, fetch, publish). So when a demanded project lands, the dependencies of its newest upload are
 * demanded at once (same policy and caps as a client's request; {@link OnDemandRequests}), and a dependency tree
 * costs about one round per level instead of one per project. Pure: the caller reads the stored objects.
 */
final class DependencyPrefetch {

    /** {@code Requires-Dist: name ...}: the name is everything up to the first character no name may hold. */
    private static final Pattern REQUIRES_DIST = Pattern.compile("(?m)^Requires-Dist:\\s*([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$");
    private static final Pattern EXTRA_MARKER = Pattern.compile(";.*\\bextra\\s*==");

    private DependencyPrefetch() {
    }

    /**
     * The {@code .metadata} storage key of the page's newest upload that has one: the last such file of the PEP 691
     * JSON page (upstream lists files in upload order), not yanked. Empty when no file carries core metadata.
     */
    static Optional<String> newestMetadataKey(JsonNode page) {
        JsonNode files = page.path("files");
        for (int i = files.size() - 1; i >= 0; i--) {
            JsonNode f = files.get(i);
            JsonNode core = f.path("core-metadata");
            boolean yanked = f.path("yanked").isString() || f.path("yanked").asBoolean(false);
            if (!yanked && (core.isObject() || core.asBoolean(false)) && f.path("url").isString()) {
                try {
                    return Optional.of(StorageKeys.metadataKey(StorageKeys.packageKey(f.path("url").asString())));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The normalized names a core-metadata file requires, without those only an extra asks for (pip installs
     * extras only when asked). Invalid names are skipped: the text comes from upstream.
     */
    static List<String> requirements(String metadata) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = REQUIRES_DIST.matcher(metadata);
        while (m.find()) {
            if (EXTRA_MARKER.matcher(m.group(2)).find()) {
                continue;
            }
            try {
                out.add(ProjectName.of(m.group(1).replaceAll("[._-]+$", "")).value());
            } catch (InvalidProjectNameException e) {
                // not a name; nothing to prefetch
            }
        }
        return new ArrayList<>(out);
    }
}
