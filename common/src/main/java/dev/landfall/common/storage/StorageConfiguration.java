package dev.landfall.common.storage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@link BlobStore} bean every service imports ({@code @Import(StorageConfiguration.class)}):
 * a local directory or S3 according to {@code landfall.storage.type}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    /**
     * A local directory, or S3 through {@code landfallS3Client}, per {@code landfall.storage.type}; its
     * failures counted in {@link StorageMetrics} (the storage-errors alert of helm/landfall reads them).
     */
    @Bean
    public BlobStore blobStore(StorageProperties properties, ObjectProvider<Clock> clock,
                               @Qualifier("landfallS3Client") ObjectProvider<S3Client> s3Client, StorageMetrics landfallStorageMetrics) throws IOException {
        BlobStore adapter = switch (properties.type()) {
            case FILESYSTEM -> new FilesystemBlobStore(properties.path(), properties.fsync(), clock.getIfAvailable(Clock::systemUTC));
            case S3 -> new S3BlobStore(s3Client.getObject(), requireBucket(properties.s3()), properties.s3().partSize());
        };
        return new MeteredBlobStore(adapter, landfallStorageMetrics);
    }

    /** {@code landfall.storage.errors}, bound to the registry by Actuator like any {@code MeterBinder} bean. */
    @Bean
    public StorageMetrics landfallStorageMetrics() {
        return new StorageMetrics();
    }

    /** The S3 client of the blob store (closed with the context); creates the bucket if asked to. */
    @Bean
    @ConditionalOnProperty(name = "landfall.storage.type", havingValue = "s3")
    public S3Client landfallS3Client(StorageProperties properties) {
        S3Client client = s3Client(properties.s3());
        if (properties.s3().createBucket()) {
            createBucketIfMissing(client, requireBucket(properties.s3()));
        }
        return client;
    }

    private static String requireBucket(StorageProperties.S3 s3) {
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("landfall.storage.type=s3 needs landfall.storage.s3.bucket");
        }
        return s3.bucket();
    }

    /** An S3 client for the configured server: Apache HTTP client (no Netty), checksums only where S3 requires them. */
    public static S3Client s3Client(StorageProperties.S3 s3) {
        var builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)
                        // Fail fast when S3 is unreachable or black-holed (a file request must not hang);
                        // the socket timeout is per read, so large streamed objects are unaffected.
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(15))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(10)))
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                // Third-party S3 servers vary in their support of the newer default CRC trailers; the
                // adapters verify content with sha256 themselves.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(s3));
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageProperties.S3 s3) {
        if (s3.accessKey() != null && s3.secretKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static void createBucketIfMissing(S3Client client, String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            client.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            client.createBucket(b -> b.bucket(bucket));
        }
    }
}
