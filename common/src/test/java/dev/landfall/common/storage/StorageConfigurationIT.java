package dev.landfall.common.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.testsupport.S3Server;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

class StorageConfigurationIT {

    @RegisterExtension
    static final S3Server s3 = new S3Server();

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(StorageConfiguration.class);
    /** Binding only: no BlobStore, so the default directory is not created in the build's working directory. */
    private final ApplicationContextRunner propertiesOnly = new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StorageProperties.class)
    static class PropertiesOnly {
    }

    @Test
    void theDefaultIsAFilesystemStore(@TempDir Path dir) {
        context.withPropertyValues("landfall.storage.path=" + dir.resolve("objects")).run(ctx -> {
            assertThat(ctx).hasSingleBean(BlobStore.class).doesNotHaveBean(S3Client.class);
            BlobStore store = ctx.getBean(BlobStore.class);
            assertThat(((MeteredBlobStore) store).delegate()).isInstanceOf(FilesystemBlobStore.class);
            store.put("pages/a/1.json", "{}".getBytes(UTF_8));
            assertThat(dir.resolve("objects/pages/a/1.json")).exists();
        });
    }

    @Test
    void s3PropertiesMakeAnS3StoreThatCreatesItsBucket() {
        context.withPropertyValues("landfall.storage.type=s3", "landfall.storage.s3.endpoint=" + s3.endpoint(),
                "landfall.storage.s3.bucket=created-at-startup", "landfall.storage.s3.create-bucket=true",
                "landfall.storage.s3.access-key=" + s3.accessKey(), "landfall.storage.s3.secret-key=" + s3.secretKey()).run(ctx -> {
            BlobStore store = ctx.getBean(BlobStore.class);
            BlobStore adapter = ((MeteredBlobStore) store).delegate();
            assertThat(adapter).isInstanceOf(S3BlobStore.class);
            assertThat(((S3BlobStore) adapter).bucket()).isEqualTo("created-at-startup");
            store.put("pages/a/1.json", "{}".getBytes(UTF_8));
            assertThat(store.readAllBytes("pages/a/1.json")).isEqualTo("{}".getBytes(UTF_8));
        });
    }

    @Test
    void theS3ServersOwnPropertiesAreEnough() {
        context.withPropertyValues("landfall.storage.type=s3", "landfall.storage.s3.endpoint=" + s3.endpoint(),
                "landfall.storage.s3.bucket=" + s3.bucket(), "landfall.storage.s3.region=" + s3.region(),
                "landfall.storage.s3.path-style=true", "landfall.storage.s3.access-key=" + s3.accessKey(),
                "landfall.storage.s3.secret-key=" + s3.secretKey()).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(BlobStore.class).list("")).isEmpty();
        });
    }

    @Test
    void s3WithoutABucketFailsAtStartup() {
        context.withPropertyValues("landfall.storage.type=s3", "landfall.storage.s3.endpoint=" + s3.endpoint())
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("landfall.storage.s3.bucket"));
    }

    @Test
    void theSecretKeyIsNeverPrinted() {
        propertiesOnly.withPropertyValues("landfall.storage.s3.secret-key=hunter2", "landfall.storage.s3.access-key=AKIA")
                .run(ctx -> {
                    StorageProperties properties = ctx.getBean(StorageProperties.class);
                    assertThat(properties.s3().secretKey()).isEqualTo("hunter2");
                    assertThat(properties.toString()).doesNotContain("hunter2").contains("AKIA");
                });
    }

    @Test
    void defaultsMatchTheConfigurationContract() {
        propertiesOnly.run(ctx -> {
            StorageProperties p = ctx.getBean(StorageProperties.class);
            assertThat(p.type()).isEqualTo(StorageProperties.Type.FILESYSTEM);
            assertThat(p.path().normalize()).isEqualTo(Path.of("landfall-data/storage"));
            assertThat(p.s3().region()).isEqualTo("us-east-1");
            assertThat(p.s3().pathStyle()).isTrue();
            assertThat(p.s3().partSize()).isEqualTo(S3BlobStore.DEFAULT_PART_SIZE);
        });
    }
}
