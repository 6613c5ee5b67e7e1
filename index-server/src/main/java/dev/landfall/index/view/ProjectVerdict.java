package dev.landfall.index.view;

import java.util.List;

/** Whether a view lists a project of snapshot W (and serves its page), and if so which of its files. */
public sealed interface ProjectVerdict {

    /** Why a project is not in the view. */
    public enum Reason {
        /** its name is blocked, or not allowed */
        NAME,
        /** it has files at W and the policy hides every one of them */
        ALL_FILES_HIDDEN
    }

    /** Listed with the files at these positions of the page's file list (in page order). */
    public record Listed(List<Integer> shownFiles) implements ProjectVerdict {
    }

    public record Omitted(Reason reason) implements ProjectVerdict {
    }
}
