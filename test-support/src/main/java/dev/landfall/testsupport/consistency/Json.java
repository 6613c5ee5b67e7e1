package dev.landfall.testsupport.consistency;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The one JSON reading rule the parsers share: absent, null and non-string values all read as "no value". */
final class Json {

    private Json() {
    }

    static @Nullable String text(JsonNode n) {
        return n.isString() ? n.asString() : null;
    }
}
