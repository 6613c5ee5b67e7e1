package dev.landfall.admin.view;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.common.view.ViewDefinition;
import dev.landfall.common.view.ViewPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/views}: list ({@code GET}), read ({@code GET /{name}}), create or replace ({@code PUT /{name}},
 * 201 when created) and delete ({@code DELETE /{name}}) team views. Every change is audited; the index server
 * serves a change within {@code landfall.index.views.refresh-interval}.
 */
@RestController
public class ViewController {

    /**
     * A view as the API reads and writes it.
     *
     * @param cooldown e.g. {@code 7d}, {@code 36h} or ISO-8601 {@code P7D}; absent = none
     */
    public record ViewBody(@Nullable String name, @Nullable String base, @Nullable List<String> allow, @Nullable List<String> block,
                           @Nullable Boolean excludePrereleases, @Nullable List<String> excludePlatforms, @Nullable String cooldown) {

        static ViewBody of(ViewDefinition d) {
            ViewPolicy p = d.policy();
            return new ViewBody(d.name(), d.base(), p.allow(), p.block(), p.excludePrereleases(), p.excludePlatforms(),
                    p.cooldown().toString());
        }

        ViewDefinition definition(String name) {
            Duration cool;
            try {
                cool = cooldown == null || cooldown.isBlank() ? Duration.ZERO : DurationStyle.detectAndParse(cooldown);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cooldown is not a duration (7d, 36h, P7D): '" + cooldown + "'");
            }
            return new ViewDefinition(name, base == null ? ViewDefinition.BASE_PYPI : base, new ViewPolicy(
                    allow == null ? List.of() : allow, block == null ? List.of() : block,
                    excludePrereleases != null && excludePrereleases,
                    excludePlatforms == null ? List.of() : excludePlatforms, cool));
        }
    }

    private final ViewStore store;
    private final AdminAudit audit;

    public ViewController(ViewStore store, AdminAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    @GetMapping("/admin/views")
    public List<ViewBody> list() {
        return store.all().stream().map(ViewBody::of).toList();
    }

    @GetMapping("/admin/views/{name}")
    public ViewBody get(@PathVariable String name) {
        return store.find(name).map(ViewBody::of).orElseThrow(() -> new NoSuchElementException("no such view: " + name));
    }

    @PutMapping("/admin/views/{name}")
    public ResponseEntity<ViewBody> put(@PathVariable String name, @RequestBody ViewBody body, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        ViewDefinition view;
        try {
            view = body.definition(name);
        } catch (IllegalArgumentException e) {
            audit.action(who, "view-put", Map.of("view", name), "refused: " + e.getMessage());
            throw e;
        }
        boolean created = store.put(view, ViewStore.Source.API, who.toString());
        audit.action(who, "view-put", Map.of("view", name), (created ? "created " : "updated ") + view);
        return ResponseEntity.status(created ? 201 : 200).body(ViewBody.of(view));
    }

    @DeleteMapping("/admin/views/{name}")
    public Map<String, Object> delete(@PathVariable String name, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        boolean deleted = store.delete(name);
        audit.action(who, "view-delete", Map.of("view", name), deleted ? "deleted" : "absent");
        if (!deleted) {
            throw new NoSuchElementException("no such view: " + name);
        }
        return Map.of("deleted", name);
    }
}
