package dev.landfall.common.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the mirror's objects live ({@code landfall.storage.*}, docs/architecture.md#configuration).
 *
 * @param type  {@code filesystem} (a local directory, the embedded default) or {@code s3}
 * @param path  the directory of the filesystem store
 * @param fsync whether the filesystem store forces each object to disk before making it visible
 * @param s3    the S3 store's settings (used when {@code type=s3})
 */
@Validated
@ConfigurationProperties("landfall.storage")
public record StorageProperties(
        @NotNull @DefaultValue("filesystem") Type type,
        @NotNull @DefaultValue("./landfall-data/storage") Path path,
        @DefaultValue("true") boolean fsync,
        @NotNull @Valid @DefaultValue S3 s3) {

    /** Which {@link BlobStore} adapter to create. */
    public enum Type { FILESYSTEM, S3 }

    /**
     * An S3-compatible object store.
     *
     * @param endpoint     the server's URL (e.g. {@code http://minio:9000}); null = AWS S3 of {@code region}
     * @param bucket       the bucket holding every object
     * @param region       the signing region
     * @param pathStyle    path-style URLs ({@code <endpoint>/<bucket>/<key>}), needed by most non-AWS servers
     * @param accessKey    static credentials; null = the SDK's default chain (environment, instance role, …)
     * @param secretKey    secret of {@code accessKey}; never printed
     * @param createBucket create the bucket at startup if it does not exist (handy for dev and tests)
     * @param partSize     bytes per multipart upload part (memory per concurrent upload), at least 5 MiB
     */
    public record S3(
            @Nullable URI endpoint,
            @Nullable String bucket,
            @NotNull @DefaultValue("us-east-1") String region,
            @DefaultValue("true") boolean pathStyle,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @DefaultValue("false") boolean createBucket,
            @DefaultValue("8388608") int partSize) {

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle=" + pathStyle
                    + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "null" : "******")
                    + ", createBucket=" + createBucket + ", partSize=" + partSize + "]";
        }
    }
}
