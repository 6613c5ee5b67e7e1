package dev.landfall.common.journal;

/**
 * What a PyPI journal action string means for a mirror (docs/architecture.md#xml-rpc-changelog).
 * Unknown or legacy actions are {@link #OTHER}: "the project changed, refetch its page".
 */
public enum ActionKind {
    /** Landfall's own entry written by the initial sync from {@code list_packages_with_serial}. */
    INITIAL,
    CREATE,
    NEW_RELEASE,
    ADD_FILE,
    REMOVE_FILE,
    REMOVE_RELEASE,
    REMOVE_PROJECT,
    YANK,
    UNYANK,
    QUARANTINE,
    ROLE,
    OTHER;

    /** The action string Landfall records for initial-sync entries. */
    public static final String INITIAL_ACTION = "landfall initial sync";

    public static ActionKind of(String action) {
        if (action == null) {
            return OTHER;
        }
        if (action.equals(INITIAL_ACTION)) return INITIAL;
        if (action.equals("create")) return CREATE;
        if (action.equals("new release")) return NEW_RELEASE;
        if (action.startsWith("add ") && action.contains(" file ")) return ADD_FILE;
        if (action.startsWith("remove file ")) return REMOVE_FILE;
        if (action.equals("remove release")) return REMOVE_RELEASE;
        if (action.equals("remove project")) return REMOVE_PROJECT;
        if (action.equals("yank release")) return YANK;
        if (action.equals("unyank release")) return UNYANK;
        if (action.startsWith("project quarantine") || action.startsWith("release quarantine")) return QUARANTINE;
        if (action.startsWith("add ") || action.startsWith("remove ") || action.startsWith("change ")
                || action.startsWith("invite ") || action.startsWith("revoke_invite ") || action.startsWith("accepted ")) {
            return ROLE;
        }
        return OTHER;
    }
}
