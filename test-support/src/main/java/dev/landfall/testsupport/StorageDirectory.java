package dev.landfall.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A fresh temporary directory as Landfall's filesystem blob storage ({@code landfall.storage.type=filesystem}),
 * deleted with everything in it on {@link #close()}. Used through {@link MirrorInfrastructure}.
 */
final class StorageDirectory extends ManagedResource {

    private @Nullable Path path;

    @Override
    synchronized void start(String owner) throws IOException {
        if (path == null) {
            path = Files.createTempDirectory("landfall-" + owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-storage-");
        }
    }

    @Override
    synchronized boolean isRunning() {
        return path != null;
    }

    synchronized Path path() {
        if (path == null) {
            throw new IllegalStateException("StorageDirectory not started");
        }
        return path;
    }

    @Override
    Map<String, Supplier<String>> springProperties() {
        Map<String, Supplier<String>> p = new LinkedHashMap<>();
        p.put("landfall.storage.type", () -> "filesystem");
        p.put("landfall.storage.path", () -> path().toString());
        return p;
    }

    @Override
    public synchronized void close() throws IOException {
        if (path == null) {
            return;
        }
        Path dir = path;
        path = null;
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "StorageDirectory[" + path + "]";
    }
}
