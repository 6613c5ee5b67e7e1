package dev.landfall.admin.gc;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/gc?dryRun=true|false} — dry run unless {@code dryRun=false} is given explicitly. */
@RestController
class GcController {

    private final GarbageCollector collector;
    private final AdminAudit audit;

    public GcController(GarbageCollector collector, AdminAudit audit) {
        this.collector = collector;
        this.audit = audit;
    }

    @PostMapping("/admin/gc")
    public GarbageCollector.Report collect(@RequestParam(defaultValue = "true") boolean dryRun, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        try {
            GarbageCollector.Report report = collector.collect(dryRun);
            audit.action(who, "gc", Map.of("dryRun", dryRun), "retained=" + report.retainedSnapshots().size()
                    + " deletedSnapshots=" + report.deletedSnapshots().size() + " deletedPageVersions=" + report.deletedPageVersions()
                    + " deletedObjects=" + report.deletedObjects() + " pendingObjects=" + report.pendingObjects());
            return report;
        } catch (RuntimeException e) {
            audit.action(who, "gc", Map.of("dryRun", dryRun), "failed: " + e.getMessage());
            throw e;
        }
    }
}
