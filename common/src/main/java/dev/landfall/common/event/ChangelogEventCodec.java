package dev.landfall.common.event;

import dev.landfall.common.project.ProjectName;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON form of {@link ChangelogEvent}. Written explicitly (not by reflection) so the wire
 * format is a visible contract: {@code {"schema":1,"serial":..,"project":..,"version":..,
 * "action":..,"occurredAt":"..Z","replay":false}}. Unknown keys are ignored (forward
 * compatible); a newer major schema or a malformed record is rejected with a clear message.
 */
public final class ChangelogEventCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChangelogEventCodec() {
    }

    public static byte[] encode(ChangelogEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", event.schemaVersion());
        node.put("serial", event.serial());
        node.put("project", event.project());
        if (event.version() == null) {
            node.putNull("version");
        } else {
            node.put("version", event.version());
        }
        node.put("action", event.action());
        node.put("occurredAt", event.occurredAt().toString());
        node.put("replay", event.replay());
        return JSON.writeValueAsBytes(node);
    }

    public static ChangelogEvent decode(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (RuntimeException e) {
            throw new MalformedEventException("changelog event is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("changelog event is not a JSON object", null);
        }
        JsonNode schemaNode = node.path("schema");
        int schema = schemaNode.isIntegralNumber() ? schemaNode.asInt() : -1;
        if (schema != ChangelogEvent.SCHEMA_VERSION) {
            throw new MalformedEventException("unsupported changelog event schema " + node.path("schema")
                    + " (this build reads schema " + ChangelogEvent.SCHEMA_VERSION + ")", null);
        }
        JsonNode serial = node.get("serial");
        JsonNode project = node.get("project");
        JsonNode action = node.get("action");
        JsonNode occurredAt = node.get("occurredAt");
        if (serial == null || !serial.canConvertToLong() || project == null || !project.isString()
                || action == null || !action.isString() || occurredAt == null || !occurredAt.isString()) {
            throw new MalformedEventException("changelog event lacks serial, project, action or occurredAt: " + node, null);
        }
        String name = project.asString();
        if (!ProjectName.isNormalized(name)) {
            throw new MalformedEventException("changelog event has a non-normalized project name: " + name, null);
        }
        JsonNode version = node.get("version");
        Instant when;
        try {
            when = Instant.parse(occurredAt.asString());
        } catch (RuntimeException e) {
            throw new MalformedEventException("changelog event has a malformed occurredAt: " + occurredAt, e);
        }
        return new ChangelogEvent(schema, serial.asLong(), name,
                version == null || version.isNull() ? null : version.asString(),
                action.asString(), when, node.path("replay").asBoolean(false));
    }
}
