package dev.landfall.admin.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.FilesystemBlobStore;
import dev.landfall.common.team.PrivateReads;
import dev.landfall.testsupport.PostgresDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The upload landing's SQL on both databases (PostgreSQL; H2 in PostgreSQL mode for standalone): an upload commits
 * its rows and bumps the local serial, {@link PrivateReads} reads them back, concurrent uploads of one filename land
 * exactly once with the loser's objects deleted, and the confusion guard refuses an upstream name until it is claimed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateUploadsSqlIT {

    @RegisterExtension
    static final PostgresDatabase postgres = new PostgresDatabase();

    private final JdbcDataSource h2 = new JdbcDataSource();

    @BeforeAll
    void migrateBoth() {
        h2.setURL("jdbc:h2:mem:uploads_" + Long.toHexString(System.nanoTime())
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
    }

    Stream<Named<DataSource>> databases() {
        return Stream.of(Named.of("PostgreSQL", postgres.dataSource()), Named.of("H2 (PostgreSQL mode)", h2));
    }

    @BeforeEach
    void emptyTables() {
        databases().forEach(db -> {
            JdbcTemplate jdbc = new JdbcTemplate(db.getPayload());
            for (String t : List.of("private_file", "private_project", "team_view_serial", "project_claim", "upstream_project")) {
                jdbc.update("DELETE FROM " + t);
            }
        });
    }

    private static byte[] wheel(String name, String version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name.replace('-', '_') + "-" + version + ".dist-info/METADATA"));
            zip.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static PrivateUploads.Landed land(PrivateUploads uploads, String view, String name, String version) throws Exception {
        byte[] content = wheel(name, version);
        DistFile dist = DistFile.parse(name.replace('-', '_') + "-" + version + "-py3-none-any.whl").orElseThrow();
        CoreMetadata metadata = CoreMetadata.read(new ByteArrayInputStream(content), dist.type()).orElseThrow();
        return uploads.land(view, "tok", dist, metadata, () -> new ByteArrayInputStream(content), PrivateUploads.sha256Hex(content),
                content.length);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anUploadCommitsItsRowsAndTheLocalSerialAndTheReadPortSeesThem(DataSource ds) throws Exception {
        BlobStore blobs = new FilesystemBlobStore(Files.createTempDirectory("landfall-uploads-"));
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        PrivateUploads uploads = new PrivateUploads(jdbc, blobs, new DataSourceTransactionManager(ds), Clock.systemUTC());
        assertThat(land(uploads, "team-a", "acme-x", "1.0").localSerial()).isEqualTo(1);
        assertThat(land(uploads, "team-a", "acme-x", "1.1").localSerial()).isEqualTo(2);
        assertThat(land(uploads, "team-b", "acme-x", "1.0").localSerial()).as("another view: its own serial and filenames").isEqualTo(1);
        PrivateReads reads = new PrivateReads(jdbc);
        assertThat(reads.localSerials()).containsEntry("team-a", 2L).containsEntry("team-b", 1L);
        assertThat(reads.projects("team-a")).containsExactly(java.util.Map.entry("acme-x", 2L));
        assertThat(blobs.list("packages/t/team-a/")).hasSize(4);
        assertThat(new String(blobs.readAllBytes("views/team-a/pages/acme-x/2.json"), StandardCharsets.UTF_8))
                .contains("acme_x-1.0-py3-none-any.whl").contains("acme_x-1.1-py3-none-any.whl");

        // The confusion guard: an upstream name is refused (nothing stored) until the view claims it.
        jdbc.update("INSERT INTO upstream_project (name, last_serial, present) VALUES ('requests', 7, TRUE)");
        assertThatThrownBy(() -> land(uploads, "team-a", "requests", "9.9")).isInstanceOf(PrivateUploads.Refusal.class)
                .hasMessageContaining("claim");
        assertThat(blobs.list("packages/t/team-a/")).hasSize(4);
        assertThat(uploads.claim("team-a", "requests", "test")).isTrue();
        assertThat(uploads.claim("team-a", "requests", "test")).isFalse();
        assertThat(reads.claims("team-a")).containsExactly("requests");
        assertThat(land(uploads, "team-a", "requests", "9.9").localSerial()).isEqualTo(3);
        assertThatThrownBy(() -> land(uploads, "team-b", "requests", "9.9")).as("a claim is per view")
                .isInstanceOf(PrivateUploads.Refusal.class);
        // Yank and delete rewrite the page at the next serial; a deleted filename stays taken.
        assertThat(uploads.change("team-a", "acme_x-1.0-py3-none-any.whl", PrivateUploads.Change.YANK, "bad")).isEqualTo(4);
        assertThat(new String(blobs.readAllBytes("views/team-a/pages/acme-x/4.json"), StandardCharsets.UTF_8)).contains("\"yanked\":\"bad\"");
        assertThat(uploads.change("team-a", "acme_x-1.0-py3-none-any.whl", PrivateUploads.Change.DELETE, null)).isEqualTo(5);
        assertThat(new String(blobs.readAllBytes("views/team-a/pages/acme-x/5.json"), StandardCharsets.UTF_8))
                .doesNotContain("acme_x-1.0-py3-none-any.whl").contains("acme_x-1.1-py3-none-any.whl");
        assertThat(blobs.list("packages/t/team-a/")).as("the deleted file and its metadata are gone").hasSize(4);
        assertThatThrownBy(() -> land(uploads, "team-a", "acme-x", "1.0")).isInstanceOf(PrivateUploads.Refusal.class)
                .hasMessageContaining("File already exists");
        assertThatThrownBy(() -> uploads.change("team-a", "acme_x-1.0-py3-none-any.whl", PrivateUploads.Change.YANK, null))
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(reads.localSerials()).containsEntry("team-a", 5L);
        jdbc.update("INSERT INTO team_view_access (view_name, require_read_token, updated_at, updated_by) VALUES ('team-a', TRUE, ?, 't')",
                Timestamp.from(Instant.now()));
        assertThat(reads.readProtected()).containsExactly("team-a");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentUploadsOfOneFilenameLandOnceAndTheLosersObjectsAreDeleted(DataSource ds) throws Exception {
        BlobStore blobs = new FilesystemBlobStore(Files.createTempDirectory("landfall-uploads-"));
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        PrivateUploads uploads = new PrivateUploads(jdbc, blobs, new DataSourceTransactionManager(ds), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PrivateUploads.Landed>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit((Callable<PrivateUploads.Landed>) () -> land(uploads, "team-c", "acme-y", "1.0")));
            }
            int landed = 0;
            int refused = 0;
            for (Future<PrivateUploads.Landed> f : results) {
                try {
                    f.get();
                    landed++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(PrivateUploads.Refusal.class).hasMessageContaining("File already exists");
                    refused++;
                }
            }
            assertThat(landed).isEqualTo(1);
            assertThat(refused).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(new JdbcTemplate(ds).queryForObject("SELECT local_serial FROM team_view_serial WHERE view_name = 'team-c'", Long.class))
                .isEqualTo(1);
        assertThat(blobs.list("packages/t/team-c/")).as("the winner's file and .metadata only").hasSize(2);
    }
}
