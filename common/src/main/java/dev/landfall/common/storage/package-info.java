/**
 * The object storage port ({@link dev.landfall.common.storage.BlobStore}), its layout
 * ({@link dev.landfall.common.storage.StorageKeys}) and its adapters (local directory, S3).
 * Only this package imports the AWS SDK.
 */
@NullMarked
package dev.landfall.common.storage;

import org.jspecify.annotations.NullMarked;
