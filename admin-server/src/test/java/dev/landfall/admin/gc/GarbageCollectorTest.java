package dev.landfall.admin.gc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Serials read from storage keys decide what is in flight (above the newest snapshot): unknown shapes are never "above". */
class GarbageCollectorTest {

    @Test
    void pageAndSnapshotKeysYieldTheirSerial() {
        assertThat(GarbageCollector.serialOf("pages/foo-bar/123.json", "pages/")).isEqualTo(123);
        assertThat(GarbageCollector.serialOf("pages/foo-bar/123.html", "pages/")).isEqualTo(123);
        assertThat(GarbageCollector.serialOf("snapshots/456/index.json", "snapshots/")).isEqualTo(456);
    }

    @Test
    void otherShapesYieldMinusOne() {
        assertThat(GarbageCollector.serialOf("pages/foo/bar", "pages/")).isEqualTo(-1);
        assertThat(GarbageCollector.serialOf("pages/foo/x.json", "pages/")).isEqualTo(-1);
        assertThat(GarbageCollector.serialOf("snapshots/index.json", "snapshots/")).isEqualTo(-1);
    }
}
