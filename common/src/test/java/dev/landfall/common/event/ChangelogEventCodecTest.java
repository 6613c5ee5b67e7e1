package dev.landfall.common.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.project.ProjectName;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChangelogEventCodecTest {

    private static final Instant WHEN = Instant.parse("2024-09-05T11:11:15Z");

    @Test
    void anEventRoundTrips() {
        ChangelogEvent event = new ChangelogEvent(1, 24891358, "demo-pkg", "1.0", "new release", WHEN, false);

        assertThat(ChangelogEventCodec.decode(ChangelogEventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void aProjectLevelReplayRoundTrips() {
        ChangelogEvent event = ChangelogEvent.of(new JournalEntry(7, ProjectName.of("Foo_Bar"), null, "remove project", WHEN), true);

        ChangelogEvent decoded = ChangelogEventCodec.decode(ChangelogEventCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.version()).isNull();
        assertThat(decoded.project()).isEqualTo("foo-bar");   // the journal entry's normalized name
    }

    @Test
    void theWireFormatIsTheDocumentedJson() {
        ChangelogEvent event = new ChangelogEvent(1, 5, "a", null, "create", WHEN, false);

        assertThat(new String(ChangelogEventCodec.encode(event), UTF_8)).isEqualTo(
                "{\"schema\":1,\"serial\":5,\"project\":\"a\",\"version\":null,\"action\":\"create\","
                        + "\"occurredAt\":\"2024-09-05T11:11:15Z\",\"replay\":false}");
    }

    @Test
    void unknownKeysAreIgnoredForForwardCompatibility() {
        String json = "{\"schema\":1,\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\","
                + "\"futureField\":{\"x\":1}}";

        ChangelogEvent decoded = ChangelogEventCodec.decode(json.getBytes(UTF_8));

        assertThat(decoded).isEqualTo(new ChangelogEvent(1, 5, "a", null, "create", WHEN, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "[1,2]",
            "42",
            "{\"schema\":2,\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":\"1\",\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"serial\":\"five\",\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"serial\":5,\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"serial\":5,\"project\":\"Foo_Bar\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"serial\":5,\"project\":\"../etc\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"serial\":5,\"project\":\"a\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}",
            "{\"schema\":1,\"serial\":5,\"project\":\"a\",\"action\":\"create\"}",
            "{\"schema\":1,\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"yesterday\"}",
            "{\"schema\":1,\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":1725534675}",
    })
    void malformedOrUnknownSchemaRecordsAreRejected(String json) {
        assertThatThrownBy(() -> ChangelogEventCodec.decode(json.getBytes(UTF_8))).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aNewerSchemaIsNamedInTheMessage() {
        String json = "{\"schema\":2,\"serial\":5,\"project\":\"a\",\"action\":\"create\",\"occurredAt\":\"2024-09-05T11:11:15Z\"}";

        assertThatThrownBy(() -> ChangelogEventCodec.decode(json.getBytes(UTF_8))).hasMessageContaining("schema 2");
    }
}
