package dev.landfall.chaos;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.S3BlobStore;
import dev.landfall.common.storage.StorageConfiguration;
import dev.landfall.common.storage.StorageProperties;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.s3.S3Client;
import java.util.regex.Pattern;

/**
 * What must hold once the faults stopped and the backlog drained, read straight from PostgreSQL, S3
 * and Kafka (not through the proxies): every ledger entry satisfied or superseded, every stored blob
 * equal to its recorded sha256 and size (and packages to upstream's), no orphan or partial objects,
 * every page version's objects present, dead letters explained.
 */
final class FinalChecks {

    record Result(long ledgerEntries, long unsatisfiedSuperseded, List<String> unsatisfied, long blobs, long packageBlobs,
                  List<String> blobProblems, List<String> orphans, List<String> serverStaging, long deadLetters,
                  List<String> unexplainedDeadLetters) {
    }

    /**
     * s3proxy's filesystem store writes {@code <key>-<uuid>} and renames it; a kill -9 of the S3 server in between
     * leaves that file, which then lists as an object. It is the S3 server's debris, not a Landfall object.
     */
    private static final Pattern S3PROXY_STAGING =
            java.util.regex.Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private FinalChecks() {
    }

    static Result run(Cluster cluster, Map<String, String> upstreamSha256ByPath) throws Exception {
        long entries;
        long superseded = 0;
        List<String> unsatisfied = new ArrayList<>();
        Set<String> pageKeys = new HashSet<>();
        Map<String, Long> lastSerial = new HashMap<>();
        Set<String> satisfied = new HashSet<>();
        try (Connection c = cluster.postgres.connect(Cluster.DATABASE); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM changelog_entry")) {
                rs.next();
                entries = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT e.project, e.serial,
                           EXISTS (SELECT 1 FROM page_version v WHERE v.project = e.project AND v.serial BETWEEN e.serial AND e.accept_upto),
                           EXISTS (SELECT 1 FROM changelog_entry l WHERE l.project = e.project AND l.serial > e.serial)
                    FROM changelog_entry e""")) {
                while (rs.next()) {
                    String key = rs.getString(1) + "@" + rs.getLong(2);
                    if (rs.getBoolean(3)) {
                        satisfied.add(key);
                    } else if (rs.getBoolean(4)) {
                        superseded++;
                        satisfied.add(key);
                    } else {
                        unsatisfied.add(key);
                    }
                    lastSerial.merge(rs.getString(1), rs.getLong(2), Math::max);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT html_key, json_key FROM page_version WHERE state = 'PRESENT'")) {
                while (rs.next()) {
                    pageKeys.add(rs.getString(1));
                    pageKeys.add(rs.getString(2));
                }
            }
        }

        StorageProperties.S3 s3 = new StorageProperties.S3(URI.create("http://127.0.0.1:" + cluster.s3Port), Cluster.BUCKET, "us-east-1",
                true, S3ServerMain.ACCESS_KEY, S3ServerMain.SECRET_KEY, false, 8 << 20);
        List<String> blobProblems = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        List<String> staging = new ArrayList<>();
        long blobs = 0;
        long packages = 0;
        try (S3Client client = StorageConfiguration.s3Client(s3)) {
            S3BlobStore store = new S3BlobStore(client, Cluster.BUCKET);
            Set<String> keys = new HashSet<>();
            for (BlobInfo info : store.list("")) {
                if (S3PROXY_STAGING.matcher(info.key()).matches() && !pageKeys.contains(info.key())) {
                    staging.add(info.key());
                    continue;
                }
                blobs++;
                keys.add(info.key());
                if (!info.key().startsWith("packages/") && !info.key().startsWith("pages/") && !info.key().startsWith("snapshots/")) {
                    orphans.add("object outside the layout: " + info.key());
                    continue;
                }
                BlobInfo recorded = store.stat(info.key()).orElse(info);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long size = 0;
                try (InputStream in = store.get(info.key())) {
                    byte[] buf = new byte[65536];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                        size += n;
                    }
                }
                String sha = HexFormat.of().formatHex(md.digest());
                if (recorded.sha256() == null) {
                    blobProblems.add(info.key() + ": no recorded sha256");
                } else if (!recorded.sha256().equals(sha) || recorded.size() != size) {
                    blobProblems.add(info.key() + ": recorded " + recorded.sha256() + "/" + recorded.size() + ", content " + sha + "/" + size);
                }
                if (info.key().startsWith("packages/") && !info.key().endsWith(".metadata")) {
                    packages++;
                    String upstream = upstreamSha256ByPath.get("/" + info.key());
                    if (upstream != null && !upstream.equals(sha)) {
                        blobProblems.add(info.key() + ": content " + sha + " but upstream's file has " + upstream);
                    }
                }
            }
            for (String k : pageKeys) {
                if (k != null && !keys.contains(k)) {
                    blobProblems.add("page version object missing: " + k);
                }
            }
            client.listMultipartUploads(b -> b.bucket(Cluster.BUCKET)).uploads()
                    .forEach(u -> orphans.add("unfinished multipart upload: " + u.key()));
        }

        long deadLetters = 0;
        List<String> unexplained = new ArrayList<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + cluster.kafkaPort);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(dev.landfall.common.event.Topics.CHANGELOG_DLT, Duration.ofSeconds(30));
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> tps = partitions.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                Map<TopicPartition, Long> end = consumer.endOffsets(tps);
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline && tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        deadLetters++;
                        try {
                            ChangelogEvent e = ChangelogEventCodec.decode(r.value());
                            String key = e.project() + "@" + e.serial();
                            if (!satisfied.contains(key)) {
                                unexplained.add(key + " (dead letter, entry neither satisfied nor superseded)");
                            }
                        } catch (RuntimeException ex) {
                            unexplained.add("undecodable dead letter at " + r.topic() + "/" + r.partition() + "@" + r.offset());
                        }
                    }
                }
            }
        }
        return new Result(entries, superseded, unsatisfied, blobs, packages, blobProblems, orphans, staging, deadLetters, unexplained);
    }
}
