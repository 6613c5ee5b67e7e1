package dev.landfall.common.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.testsupport.S3Server;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3BlobStoreIT extends BlobStoreContract {

    @RegisterExtension
    static final S3Server s3 = new S3Server();

    private static S3Client client;
    private static S3BlobStore store;

    @BeforeAll
    static void connect() {
        client = StorageConfiguration.s3Client(new StorageProperties.S3(URI.create(s3.endpoint()), s3.bucket(), s3.region(),
                true, s3.accessKey(), s3.secretKey(), false, S3BlobStore.MIN_PART_SIZE));
        // the smallest part size S3 allows, so the 20 MB contract objects take several parts
        store = new S3BlobStore(client, s3.bucket(), S3BlobStore.MIN_PART_SIZE);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @AfterEach
    void emptyTheBucket() {
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(s3.bucket())).contents()) {
            client.deleteObject(b -> b.bucket(s3.bucket()).key(object.key()));
        }
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    void assertNothingStored() throws IOException {
        super.assertNothingStored();
        assertThat(client.listMultipartUploads(b -> b.bucket(s3.bucket())).uploads()).as("aborted multipart uploads").isEmpty();
    }

    @Test
    void objectsHaveNoLocalFileAndAreStreamed() throws IOException {
        store.put("packages/aa/bb/f.whl", "wheel".getBytes(UTF_8));

        assertThat(store.localPath("packages/aa/bb/f.whl")).isEmpty();
    }

    @Test
    void theSha256IsObjectMetadata() throws IOException {
        BlobInfo info = store.put("pages/p/1.json", "{}".getBytes(UTF_8));

        assertThat(client.headObject(b -> b.bucket(s3.bucket()).key("pages/p/1.json")).metadata())
                .containsEntry("sha256", info.sha256());
    }

    @Test
    void anObjectWrittenBehindTheStoresBackHasNoRecordedSha256() throws IOException {
        client.putObject(b -> b.bucket(s3.bucket()).key("pages/p/1.json"), RequestBody.fromString("{}"));

        assertThat(store.stat("pages/p/1.json")).contains(new BlobInfo("pages/p/1.json", 2, null));
    }

    @Test
    void anUnreachableServerIsAnIOExceptionAndWorksAgainAfterwards() throws Exception {
        store.put("pages/p/1.json", "{}".getBytes(UTF_8));
        s3.stop();
        try {
            assertThatThrownBy(() -> store.stat("pages/p/1.json")).isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoSuchBlobException.class);
        } finally {
            s3.start();
        }
        assertThat(store.readAllBytes("pages/p/1.json")).isEqualTo("{}".getBytes(UTF_8));
    }

    @Test
    void aMissingBucketIsAnIOExceptionNotAMissingObject() {
        S3BlobStore nowhere = new S3BlobStore(client, "no-such-bucket");

        assertThatThrownBy(() -> nowhere.get("pages/p/1.json")).isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void partsSmallerThanS3AllowsAreRefused() {
        assertThatThrownBy(() -> new S3BlobStore(client, s3.bucket(), 1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
