package dev.landfall.index.view;

/** Whether a view shows one file of a project page at W, and if not, why. */
sealed interface FileVerdict {

    /** Why a policy hides a file. */
    enum Reason { PRERELEASE, PLATFORM, COOLDOWN }

    record Shown() implements FileVerdict {
    }

    record Hidden(Reason reason) implements FileVerdict {
    }

    FileVerdict SHOWN = new Shown();
}
