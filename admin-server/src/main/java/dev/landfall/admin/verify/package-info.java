/**
 * Verify: compares storage with what page_version rows, page objects and retained snapshot indexes say (every
 * referenced blob present with the page's size and sha256; every page object parses), incrementally (the sha256
 * recorded by the blob store at write time is trusted unless {@code deep}) and resumably (verify_run cursor).
 * Repair deletes corrupt blobs, unlands the broken page and replays the project's newest entry.
 */
@NullMarked
package dev.landfall.admin.verify;

import org.jspecify.annotations.NullMarked;
