package dev.landfall.simulator.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One uploaded file. Immutable description; its bytes are built on demand from these fields and the seed.
 *
 * @param project         normalized project name
 * @param displayName     project name as uploaded
 * @param filename        file name (never reused within a project)
 * @param version         the release's version
 * @param kind            wheel or sdist
 * @param pythonTag       python_version of the journal row ({@code py3}, {@code source}, {@code cp39}, ...)
 * @param wheelTag        full wheel tag ({@code py3-none-any}), null for sdists
 * @param requiresDist    Requires-Dist lines of the release's metadata
 * @param requiresPython  Requires-Python of the release, null if unset
 * @param summary         one-line summary in the metadata
 * @param largeSize       0, or the size of a large seeded blob (the file is then streamed, never held)
 * @param uploadEpochSecond upload time, Unix seconds
 * @param uploadMicros    upload time sub-second part in microseconds
 * @param serial          serial of the journal row that added the file
 */
public record SimFile(String project, String displayName, String filename, String version, FileKind kind,
                      String pythonTag, @Nullable String wheelTag, List<String> requiresDist,
                      @Nullable String requiresPython, String summary, long largeSize,
                      long uploadEpochSecond, int uploadMicros, long serial) {

    public boolean hasCoreMetadata() {
        return kind.isWheel();
    }

    public boolean isLarge() {
        return largeSize > 0;
    }

    /** {@code yyyy-mm-ddThh:mm:ss.ffffffZ} (PEP 700). */
    public String uploadTimeIso() {
        return Times.isoMicros(uploadEpochSecond, uploadMicros);
    }
}
