package dev.landfall.fetcher.page;

import dev.landfall.common.project.ProjectName;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The mirror's own page for (project, serial): what {@link PageRenderer} writes as
 * {@code pages/<p>/<serial>.json|.html}. Only files the mirror holds appear in it.
 *
 * @param serial  the upstream stamp of the page the content came from
 * @param upstream the (complete) upstream page after the file filters
 * @param files    one per file of {@code upstream.files()}, same order
 */
public record MirrorPage(ProjectName project, long serial, UpstreamPage upstream, List<MirrorFile> files) {

    /**
     * A file as the mirror lists it.
     *
     * @param path                root-relative mirror URL path ({@code <prefix>/packages/...})
     * @param storedMetadataSha256 sha256 of the {@code .metadata} sidecar the mirror stored, null when it holds none
     *                             (then none is advertised)
     */
    public record MirrorFile(UpstreamFile upstream, String path, @Nullable String storedMetadataSha256) {
    }

    public long totalBytes() {
        return files.stream().mapToLong(f -> f.upstream().size() == null ? 0 : f.upstream().size()).sum();
    }
}
