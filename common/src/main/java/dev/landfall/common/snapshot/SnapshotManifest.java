package dev.landfall.common.snapshot;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a snapshot's manifest: the (project, page serial) pairs of its root {@code index.json}
 * ({@code projects[].name} and {@code projects[]._last-serial}, docs/decisions/003). Streamed, because
 * a PyPI-sized index has ~900k entries and is read by every index-server replica and by garbage collection.
 */
public final class SnapshotManifest {

    /** Receives one project and the serial of its page version in the snapshot. */
    @FunctionalInterface
    public interface Entry {
        void accept(String project, long pageSerial);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SnapshotManifest() {
    }

    public static void read(byte[] indexJson, Entry entry) {
        try (JsonParser p = JSON.createParser(indexJson)) {
            String name = null;
            long pageSerial = -1;
            int depth = 0;
            boolean inProjects = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_ARRAY -> {
                        depth--;
                        inProjects = false;
                    }
                    case END_OBJECT -> {
                        depth--;
                        if (inProjects && depth == 2 && name != null) {
                            entry.accept(name, pageSerial);
                        }
                        name = null;
                        pageSerial = -1;
                    }
                    case PROPERTY_NAME -> {
                        String key = p.currentName();
                        if (depth == 1 && "projects".equals(key)) {
                            inProjects = true;
                        } else if (inProjects && depth == 3 && "name".equals(key)) {
                            p.nextToken();
                            name = p.getString();
                        } else if (inProjects && depth == 3 && "_last-serial".equals(key)) {
                            p.nextToken();
                            pageSerial = p.getLongValue();
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }
}
