package dev.landfall.admin.upload;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.view.ViewReads;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/views/{view}/claims/{project}}: an operator's claim lets the view upload a name that exists upstream
 * ({@code PUT}, 201 when new), {@code DELETE} withdraws it, {@code GET /admin/views/{view}/claims} lists them. The
 * name is normalized. Audited.
 */
@RestController
class ClaimController {

    private final PrivateUploads uploads;
    private final ViewReads views;
    private final AdminAudit audit;

    ClaimController(PrivateUploads uploads, JdbcTemplate jdbc, AdminAudit audit) {
        this.uploads = uploads;
        this.views = new ViewReads(jdbc);
        this.audit = audit;
    }

    @PutMapping("/admin/views/{view}/claims/{project}")
    public ResponseEntity<Map<String, Object>> claim(@PathVariable String view, @PathVariable String project, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        requireView(view);
        String name = ProjectName.of(project).value();
        boolean created = uploads.claim(view, name, who.toString());
        audit.action(who, "claim", Map.of("view", view, "project", name), created ? "claimed" : "already claimed");
        return ResponseEntity.status(created ? 201 : 200).body(Map.of("view", view, "project", name,
                "upstream", uploads.existsUpstream(name)));
    }

    @DeleteMapping("/admin/views/{view}/claims/{project}")
    public Map<String, Object> unclaim(@PathVariable String view, @PathVariable String project, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        String name = ProjectName.of(project).value();
        boolean deleted = uploads.unclaim(view, name);
        audit.action(who, "unclaim", Map.of("view", view, "project", name), deleted ? "withdrawn" : "absent");
        if (!deleted) {
            throw new NoSuchElementException("view " + view + " has no claim on " + name);
        }
        return Map.of("withdrawn", name);
    }

    @GetMapping("/admin/views/{view}/claims")
    public List<String> claims(@PathVariable String view) {
        requireView(view);
        return uploads.claims(view);
    }

    private void requireView(String view) {
        if (views.all().stream().noneMatch(v -> v.name().equals(view))) {
            throw new NoSuchElementException("no such view: " + view);
        }
    }
}
