package dev.landfall.simulator.wheel;

import dev.landfall.simulator.model.Names;
import dev.landfall.simulator.model.SimFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a small real {@code .tar.gz} source distribution ({@code PKG-INFO}, {@code pyproject.toml}, a module).
 * The ustar headers use a fixed mtime and the gzip header carries no time, so the bytes are reproducible.
 */
final class SdistBuilder {

    private static final long FIXED_MTIME = 1_580_601_600L; // 2020-02-02T00:00:00Z

    private SdistBuilder() {
    }

    static byte[] sdist(SimFile f) {
        String root = Names.sdistDist(f.displayName()) + "-" + f.version() + "/";
        String pyproject = "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
                + "[project]\nname = \"" + f.displayName() + "\"\nversion = \"" + f.version() + "\"\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            entry(gz, root + "PKG-INFO", WheelBuilder.metadata(f));
            entry(gz, root + "pyproject.toml", pyproject.getBytes(StandardCharsets.UTF_8));
            entry(gz, root + Names.sdistDist(f.displayName()) + "/__init__.py",
                    ("__version__ = \"" + f.version() + "\"\n").getBytes(StandardCharsets.UTF_8));
            gz.write(new byte[1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(OutputStream out, String name, byte[] content) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) {
            throw new IllegalArgumentException("tar name too long: " + name);
        }
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, content.length);
        octal(h, 136, 12, FIXED_MTIME);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] cs = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(cs, 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        out.write(h);
        out.write(content);
        int pad = (512 - content.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }
}
