package dev.landfall.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every action string of docs/architecture.md#xml-rpc-changelog, and legacy ones (anything unknown means "refetch"). */
class ActionKindTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "landfall initial sync                          | INITIAL",
            "create                                         | CREATE",
            "new release                                    | NEW_RELEASE",
            "add py3 file demo_pkg-1.0-py3-none-any.whl     | ADD_FILE",
            "add source file demo-pkg-1.0.tar.gz            | ADD_FILE",
            "add cp312 file x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl | ADD_FILE",
            "add py2.py3 file six-1.16.0-py2.py3-none-any.whl | ADD_FILE",
            "remove file demo_pkg-1.0-py3-none-any.whl      | REMOVE_FILE",
            "remove release                                 | REMOVE_RELEASE",
            "remove project                                 | REMOVE_PROJECT",
            "yank release                                   | YANK",
            "unyank release                                 | UNYANK",
            "project quarantined                            | QUARANTINE",
            "project quarantine cleared                     | QUARANTINE",
            "release quarantined                            | QUARANTINE",
            "release quarantine cleared                     | QUARANTINE",
            "add Owner alice                                | ROLE",
            "add Maintainer bob                             | ROLE",
            "remove Owner alice                             | ROLE",
            "remove Maintainer bob                          | ROLE",
            "change Owner alice to Maintainer               | ROLE",
            "invite Maintainer carol                        | ROLE",
            "revoke_invite Maintainer carol                 | ROLE",
            "accepted Owner carol                           | ROLE",
            "add Owner core-team                            | ROLE",
            "update description                             | OTHER",
            "docupdate                                      | OTHER",
            "Create                                         | OTHER",
            "''                                             | OTHER",
    })
    void classifiesTheJournalsActionStrings(String action, ActionKind kind) {
        assertThat(ActionKind.of(action)).isEqualTo(kind);
    }

    @Test
    void aMissingActionMeansRefetch() {
        assertThat(ActionKind.of(null)).isEqualTo(ActionKind.OTHER);
    }

    @Test
    void onlyRemoveProjectIsAProjectRemoval() {
        var removal = new JournalEntry(42, ProjectName.of("foo"), null, "remove project",
                Instant.EPOCH);
        var release = new JournalEntry(43, ProjectName.of("foo"), "1.0", "remove release",
                Instant.EPOCH);
        assertThat(removal.isProjectRemoval()).isTrue();
        assertThat(release.isProjectRemoval()).isFalse();
    }
}
