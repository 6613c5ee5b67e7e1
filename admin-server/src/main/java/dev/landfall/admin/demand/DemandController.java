package dev.landfall.admin.demand;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.common.demand.DemandReads;
import dev.landfall.common.project.ProjectName;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * On-demand projects: {@code GET /admin/demands} lists every demanded project with its admission and removal;
 * {@code DELETE /admin/demands/<project>} removes one. A removal is a {@code demand_removal} row (this service's
 * table): the publisher leaves the project out of every later snapshot, the poller stops recording its changelog
 * rows, and a new request for it answers 404; its objects go with garbage collection once no retained snapshot
 * references them (docs/decisions/010-on-demand-admission.md).
 */
@RestController
public class DemandController {

    private final JdbcTemplate jdbc;
    private final DemandReads reads;
    private final AdminAudit audit;
    private final Clock clock;

    public DemandController(JdbcTemplate jdbc, AdminAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.reads = new DemandReads(jdbc);
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/admin/demands")
    public List<DemandReads.Demand> list(@RequestParam(defaultValue = "1000") int limit) {
        return reads.demands(Math.max(1, Math.min(limit, 100_000)));
    }

    @DeleteMapping("/admin/demands/{project}")
    public ResponseEntity<Map<String, Object>> remove(@PathVariable String project, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        if (!ProjectName.isNormalized(project) || !reads.isDemanded(project)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no demanded project " + project));
        }
        int inserted = jdbc.update("""
                INSERT INTO demand_removal (project, removed_at, removed_by)
                SELECT ?, ?, ? FROM (VALUES (1)) AS one(x)
                WHERE NOT EXISTS (SELECT 1 FROM demand_removal WHERE project = ?)""",
                project, Timestamp.from(clock.instant()), who.toString(), project);
        audit.action(who, "demand-remove", Map.of("project", project), inserted == 1 ? "removed" : "already removed");
        return ResponseEntity.ok(Map.of("project", project, "removed", true));
    }
}
