package dev.landfall.fetcher.page;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One file as upstream lists it, whatever the representation it was parsed from.
 *
 * @param url                absolute URL (relative hrefs resolved against the page URL)
 * @param sha256             lowercase hex (required: every file is verified by it)
 * @param size               bytes; null when the representation does not carry it (PEP 503 HTML)
 * @param yanked             PEP 592 flag
 * @param yankedReason       reason text, null when none ("" counts as none)
 * @param coreMetadataSha256 PEP 658/714 sidecar hash; null when not advertised or advertised without a hash
 * @param uploadTime         PEP 700 {@code upload-time}, verbatim; null when absent
 * @param provenance         PEP 740 URL, null when absent
 * @param otherHashes        hashes other than sha256, carried over verbatim
 * @param extra              unknown keys of the JSON file object, carried over (forward compatibility)
 */
public record UpstreamFile(String filename, URI url, String sha256, @Nullable Long size, @Nullable String requiresPython,
                           boolean yanked, @Nullable String yankedReason, @Nullable String coreMetadataSha256,
                           @Nullable String uploadTime, @Nullable String provenance, ObjectNode otherHashes,
                           ObjectNode extra) {

    /** Same file with the fields only the JSON API knows (size, upload time) filled in. */
    UpstreamFile withSizeAndUploadTime(long size, @Nullable String uploadTime) {
        return new UpstreamFile(filename, url, sha256, size, requiresPython, yanked, yankedReason, coreMetadataSha256,
                uploadTime != null ? uploadTime : this.uploadTime, provenance, otherHashes, extra);
    }
}
