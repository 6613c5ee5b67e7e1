package dev.landfall.simulator.wheel;

import org.jspecify.annotations.Nullable;

/**
 * Digests of one file.
 *
 * @param size           bytes
 * @param sha256         hex SHA-256 (what the simple API advertises)
 * @param md5            hex MD5 (JSON API {@code digests.md5})
 * @param pathHash       64 hex digits standing in for PyPI's BLAKE2b-256 (the JDK has no BLAKE2b): SHA-512/256 of
 *                       the file's bytes; the file URL is {@code /packages/<h0:2>/<h2:4>/<h4:64>/<filename>}
 * @param metadataSha256 hex SHA-256 of the PEP 658 {@code .metadata} sidecar, null for sdists
 */
public record Digests(long size, String sha256, String md5, String pathHash, @Nullable String metadataSha256) {

    /** Root-relative file URL path. */
    public String urlPath(String filename) {
        return "/packages/" + pathHash.substring(0, 2) + "/" + pathHash.substring(2, 4) + "/" + pathHash.substring(4)
                + "/" + filename;
    }
}
