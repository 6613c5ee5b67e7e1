package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ServerIT {

    @RegisterExtension
    static final S3Server s3 = new S3Server();

    static S3Client client;

    @BeforeAll
    static void client() {
        client = client(s3.accessKey(), s3.secretKey());
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Test
    void anObjectRoundTripsThroughTheBucket() {
        client.putObject(b -> b.bucket(s3.bucket()).key("pages/a/1.json").metadata(java.util.Map.of("sha256", "abc")),
                RequestBody.fromString("{}"));
        var object = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("pages/a/1.json"));
        assertThat(object.asUtf8String()).isEqualTo("{}");
        assertThat(object.response().metadata()).containsEntry("sha256", "abc");
    }

    @Test
    void wrongCredentialsAreRefused() {
        try (S3Client intruder = client(s3.accessKey(), "wrong")) {
            assertThatThrownBy(() -> intruder.listObjectsV2(b -> b.bucket(s3.bucket())))
                    .isInstanceOf(S3Exception.class);
        }
    }

    @Test
    void stopAndStartKeepPortAndContent() throws Exception {
        String endpoint = s3.endpoint();
        client.putObject(b -> b.bucket(s3.bucket()).key("kept"), RequestBody.fromString("x"));
        s3.stop();
        try {
            assertThat(s3.isServing()).isFalse();
            assertThatThrownBy(() -> client.headObject(b -> b.bucket(s3.bucket()).key("kept")))
                    .isInstanceOf(SdkClientException.class);
        } finally {
            s3.start();
        }
        assertThat(s3.endpoint()).isEqualTo(endpoint);
        assertThat(client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("kept")).asUtf8String()).isEqualTo("x");
    }

    private static S3Client client(String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)).retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
