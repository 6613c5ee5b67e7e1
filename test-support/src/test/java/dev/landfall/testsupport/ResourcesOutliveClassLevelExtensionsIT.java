package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A class-level extension (like the SpringExtension closing a {@code @DirtiesContext} context) runs its
 * afterAll after the field extensions'; the resources must still be up then, so the application can
 * shut down cleanly against them.
 */
@ExtendWith(ResourcesOutliveClassLevelExtensionsIT.StillRunningAfterAll.class)
class ResourcesOutliveClassLevelExtensionsIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final S3Server s3 = new S3Server();

    @Test
    void resourcesAreRunningDuringTests() {
        assertThat(db.isRunning()).isTrue();
        assertThat(s3.isServing()).isTrue();
    }

    /** @Nested classes inherit the extensions; they must not start or stop them a second time. */
    @Nested
    class Inner {
        @Test
        void seesTheSameResources() {
            assertThat(db.isRunning()).isTrue();
            assertThat(s3.isServing()).isTrue();
        }
    }

    static final class StillRunningAfterAll implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            assertThat(db.isRunning()).as("database still there when class-level extensions finish").isTrue();
            assertThat(s3.isServing()).as("S3 still serving when class-level extensions finish").isTrue();
        }
    }
}
