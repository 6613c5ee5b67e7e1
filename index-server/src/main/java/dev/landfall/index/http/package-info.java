/**
 * The hot path: a Jetty core Handler serving /simple/, /packages/ and /snapshots/ from memory and the BlobStore.
 * {@link dev.landfall.index.http.IndexHandler} only coordinates: path hardening ({@code RequestPath}), routing
 * ({@code RequestTarget}, {@code SimplePage}), the snapshot choice ({@code SnapshotDecision}, pure, with the run
 * cookie), and the responders that write pages, files and plain answers. Never touches the database.
 */
@NullMarked
package dev.landfall.index.http;

import org.jspecify.annotations.NullMarked;
