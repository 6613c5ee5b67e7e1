package dev.landfall.admin.view;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.common.view.ViewDefinition;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Applies {@link ViewSeedProperties} at start, idempotently: a view already equal to its declaration is not
 * written again (so restarts and several admin replicas change nothing), a different one is brought to the
 * declaration (configuration wins over earlier API edits of the same name). Each write is audited as
 * {@code view-seed}. A declaration that is not a valid view stops the start: configuration errors fail fast.
 */
public final class ViewSeed implements ApplicationRunner {

    static final AdminCaller CALLER = new AdminCaller("properties", "-");

    private final ViewSeedProperties properties;
    private final ViewStore store;
    private final AdminAudit audit;

    public ViewSeed(ViewSeedProperties properties, ViewStore store, AdminAudit audit) {
        this.properties = properties;
        this.store = store;
        this.audit = audit;
    }

    @Override
    public void run(ApplicationArguments args) {
        apply();
    }

    /** Applies every declared view; returns how many rows were written. */
    int apply() {
        int written = 0;
        for (Map.Entry<String, ViewSeedProperties.Settings> e : properties.views().entrySet()) {
            ViewDefinition declared = e.getValue().definition(e.getKey());
            Optional<ViewDefinition> stored = store.find(declared.name());
            if (stored.isPresent() && stored.get().equals(declared)) {
                continue;
            }
            boolean created = store.put(declared, ViewStore.Source.PROPERTIES, "properties");
            audit.action(CALLER, "view-seed", Map.of("view", declared.name()), created ? "created " + declared : "updated " + declared);
            written++;
        }
        return written;
    }
}
