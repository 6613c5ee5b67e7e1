package dev.landfall.simulator.wheel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.simulator.model.FileKind;
import dev.landfall.simulator.model.SimFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ContentStoreTest {

    private static SimFile file(String filename, FileKind kind, String tag, long large) {
        return new SimFile("foo-bar-baz", "Foo_Bar.baz", filename, "1.2.0rc1", kind, kind == FileKind.SDIST ? "source"
                : "py3", tag, List.of("Other-Lib>=1.0.0", "zope.thing"), ">=3.9, <4", "Déjà vu", large,
                1_735_689_600L, 123, 42);
    }

    private static final SimFile WHEEL = file("Foo_Bar_baz-1.2.0rc1-py3-none-any.whl", FileKind.PURE_WHEEL,
            "py3-none-any", 0);

    @Test
    void wheelIsAZipWithMetadataWheelAndACorrectRecord() throws Exception {
        byte[] whl = new ContentStore(1).bytes(WHEEL);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(whl))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        String di = "Foo_Bar_baz-1.2.0rc1.dist-info/";
        assertThat(entries).containsKeys(di + "METADATA", di + "WHEEL", di + "RECORD", "foo_bar_baz/__init__.py");
        String metadata = new String(entries.get(di + "METADATA"), StandardCharsets.UTF_8);
        assertThat(metadata).contains("Metadata-Version: 2.1\n", "Name: Foo_Bar.baz\n", "Version: 1.2.0rc1\n",
                "Requires-Python: >=3.9, <4\n", "Requires-Dist: Other-Lib>=1.0.0\n", "Requires-Dist: zope.thing\n");
        assertThat(new String(entries.get(di + "WHEEL"), StandardCharsets.UTF_8))
                .contains("Wheel-Version: 1.0", "Root-Is-Purelib: true", "Tag: py3-none-any");
        for (String line : new String(entries.get(di + "RECORD"), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split(",");
            if (parts[0].endsWith("RECORD")) {
                continue;
            }
            byte[] content = entries.get(parts[0]);
            String expected = "sha256=" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
            assertThat(parts[1]).isEqualTo(expected);
            assertThat(Integer.parseInt(parts[2])).isEqualTo(content.length);
        }
        assertThat(new ContentStore(1).metadata(WHEEL)).isEqualTo(entries.get(di + "METADATA"));
    }

    @Test
    void bytesAndDigestsAreReproducible() {
        ContentStore a = new ContentStore(1);
        ContentStore b = new ContentStore(1);
        assertThat(a.bytes(WHEEL)).isEqualTo(b.bytes(WHEEL));
        Digests d = a.digests(WHEEL);
        assertThat(d).isEqualTo(b.digests(WHEEL));
        assertThat(d.pathHash()).hasSize(64);
        assertThat(d.urlPath(WHEEL.filename())).matches("/packages/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{60}/"
                + "Foo_Bar_baz-1\\.2\\.0rc1-py3-none-any\\.whl");
        assertThat(d.sha256()).isEqualTo(sha256(a.bytes(WHEEL)));
        assertThat(d.metadataSha256()).isEqualTo(sha256(a.metadata(WHEEL)));
    }

    @Test
    void sdistIsARealGzipTarWithPkgInfo() throws IOException {
        SimFile sdist = file("foo_bar_baz-1.2.0rc1.tar.gz", FileKind.SDIST, null, 0);
        byte[] tgz = new ContentStore(1).bytes(sdist);
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(tgz)).readAllBytes();
        List<String> names = new ArrayList<>();
        int off = 0;
        while (off + 512 <= tar.length && tar[off] != 0) {
            String name = new String(tar, off, 100, StandardCharsets.US_ASCII).replace("\0", "");
            long size = Long.parseLong(new String(tar, off + 124, 11, StandardCharsets.US_ASCII), 8);
            names.add(name);
            off += 512 + (int) ((size + 511) / 512 * 512);
        }
        assertThat(names).contains("foo_bar_baz-1.2.0rc1/PKG-INFO", "foo_bar_baz-1.2.0rc1/pyproject.toml");
        assertThat(new ContentStore(1).digests(sdist).metadataSha256()).isNull();
    }

    @Test
    void largeFilesStreamConsistentlyAcrossRanges() throws IOException {
        SimFile big = file("foo_bar_baz-9.tar.gz", FileKind.SDIST, null, 300_001);
        ContentStore store = new ContentStore(5);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        store.write(big, all, 0, 300_001);
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        store.write(big, part, 70_000, 200_000);
        assertThat(all.size()).isEqualTo(300_001);
        byte[] expected = Arrays.copyOfRange(all.toByteArray(), 70_000, 200_000);
        assertThat(part.toByteArray()).isEqualTo(expected);
        Digests d = store.digests(big);
        assertThat(d.size()).isEqualTo(300_001);
        assertThat(d.sha256()).isEqualTo(sha256(all.toByteArray()));
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
