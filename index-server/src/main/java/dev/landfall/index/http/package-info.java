/**
 * The hot path: a Jetty core Handler serving /simple/, /packages/ and /snapshots/ from memory and the BlobStore;
 * Accept negotiation, Range parsing and path hardening. Never touches the database.
 */
@NullMarked
package dev.landfall.index.http;

import org.jspecify.annotations.NullMarked;
