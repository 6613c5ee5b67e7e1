package dev.landfall.common.storage;

import org.jspecify.annotations.Nullable;

/**
 * What storage knows of one object.
 *
 * @param sha256 lowercase hex; null when the adapter did not record it (e.g. an object written
 *               behind the mirror's back) and it was not computed
 */
public record BlobInfo(String key, long size, @Nullable String sha256) {
}
