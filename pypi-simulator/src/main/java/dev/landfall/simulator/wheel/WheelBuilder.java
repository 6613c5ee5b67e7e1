package dev.landfall.simulator.wheel;

import dev.landfall.simulator.model.Names;
import dev.landfall.simulator.model.SimFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real, installable wheels: a tiny module plus {@code .dist-info/METADATA}, {@code WHEEL} and a
 * {@code RECORD} with correct urlsafe-base64 SHA-256 entries. Entries are stored (not deflated) with a fixed DOS timestamp (no extended
 * time fields), so the bytes are the same on every run and in every time zone.
 */
final class WheelBuilder {

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2020, 2, 2, 0, 0, 0);

    private WheelBuilder() {
    }

    /** Core metadata (Metadata-Version 2.1); also the PEP 658 sidecar's bytes. */
    static byte[] metadata(SimFile f) {
        StringBuilder sb = new StringBuilder();
        sb.append("Metadata-Version: 2.1\n");
        sb.append("Name: ").append(f.displayName()).append('\n');
        sb.append("Version: ").append(f.version()).append('\n');
        sb.append("Summary: ").append(f.summary()).append('\n');
        if (f.requiresPython() != null) {
            sb.append("Requires-Python: ").append(f.requiresPython()).append('\n');
        }
        for (String r : f.requiresDist()) {
            sb.append("Requires-Dist: ").append(r).append('\n');
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] wheel(SimFile f) {
        String dist = Names.wheelDist(f.displayName());
        String distInfo = dist + "-" + f.version() + ".dist-info/";
        String module = Names.sdistDist(f.displayName()) + "/__init__.py";
        byte[] moduleBytes = ("\"\"\"" + f.displayName() + " (simulated).\"\"\"\n__version__ = \"" + f.version()
                + "\"\n").getBytes(StandardCharsets.UTF_8);
        byte[] metadata = metadata(f);
        String tag = f.wheelTag() == null ? "py3-none-any" : f.wheelTag();
        boolean pure = tag.endsWith("-none-any");
        byte[] wheel = ("Wheel-Version: 1.0\nGenerator: landfall-simulator\nRoot-Is-Purelib: " + pure + "\nTag: " + tag
                + "\n\n").getBytes(StandardCharsets.UTF_8);
        String record = recordLine(module, moduleBytes) + recordLine(distInfo + "METADATA", metadata)
                + recordLine(distInfo + "WHEEL", wheel) + distInfo + "RECORD,,\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, module, moduleBytes);
            put(zip, distInfo + "METADATA", metadata);
            put(zip, distInfo + "WHEEL", wheel);
            put(zip, distInfo + "RECORD", record.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Stored, not deflated: the bytes then do not depend on the zlib version, and building is cheaper. */
    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(FIXED_TIME);
        e.setMethod(ZipEntry.STORED);
        e.setSize(content.length);
        e.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    private static String recordLine(String path, byte[] content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(content);
            return path + ",sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(d) + ","
                    + content.length + "\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
