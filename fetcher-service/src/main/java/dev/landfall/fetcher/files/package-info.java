/**
 * Files of a page: the file filters (pre-release, platform, size) and verified, streamed downloads
 * into {@code packages/...} (plus PEP 658 {@code .metadata}). Nothing is visible unless sha256 and size match.
 */
@NullMarked
package dev.landfall.fetcher.files;

import org.jspecify.annotations.NullMarked;
