package dev.landfall.admin.replay;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/replay} (a serial range, a project list, everything since a time, or everything; optionally
 * only each project's newest entry) and {@code GET|POST /admin/consumer-group[/reset]}.
 */
@RestController
class ReplayController {

    /** Exactly one selector: {@code fromSerial}+{@code toSerial}, {@code projects}, {@code since} or {@code all}. */
    public record ReplayRequest(@Nullable Long fromSerial, @Nullable Long toSerial, @Nullable List<String> projects,
                                @Nullable Instant since, @Nullable Boolean all, @Nullable Boolean latestOnly) {

        ReplayQueue.Selection selection() {
            int given = (fromSerial != null || toSerial != null ? 1 : 0) + (projects != null ? 1 : 0) + (since != null ? 1 : 0)
                    + (Boolean.TRUE.equals(all) ? 1 : 0);
            if (given != 1) {
                throw new IllegalArgumentException("give exactly one of fromSerial+toSerial, projects, since or all=true");
            }
            if (fromSerial != null || toSerial != null) {
                if (fromSerial == null || toSerial == null) {
                    throw new IllegalArgumentException("fromSerial and toSerial go together");
                }
                return new ReplayQueue.Selection.SerialRange(fromSerial, toSerial);
            }
            if (projects != null) {
                return new ReplayQueue.Selection.Projects(projects.stream()
                        .map(p -> new dev.landfall.common.project.ProjectName(p).value()).distinct().toList());
            }
            return since != null ? new ReplayQueue.Selection.Since(since) : new ReplayQueue.Selection.Everything();
        }
    }

    private final ReplayQueue queue;
    private final ConsumerGroupReset groupReset;
    private final AdminAudit audit;

    public ReplayController(ReplayQueue queue, ConsumerGroupReset groupReset, AdminAudit audit) {
        this.queue = queue;
        this.groupReset = groupReset;
        this.audit = audit;
    }

    @PostMapping("/admin/replay")
    public Map<String, Object> replay(@RequestBody ReplayRequest body, HttpServletRequest request) {
        ReplayQueue.Selection selection = body.selection();
        int queued = queue.queue(selection, Boolean.TRUE.equals(body.latestOnly()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("selection", selection.toString());
        result.put("latestOnly", Boolean.TRUE.equals(body.latestOnly()));
        result.put("queued", queued);
        audit.action(AdminCaller.of(request), "replay", body, "queued=" + queued);
        return result;
    }

    @GetMapping("/admin/consumer-group")
    public Map<String, Object> consumerGroup(HttpServletRequest request) {
        Map<String, Object> d = groupReset.describe();
        audit.action(AdminCaller.of(request), "consumer-group describe", Map.of(), "ok");
        return d;
    }

    @PostMapping("/admin/consumer-group/reset")
    public Map<String, Object> reset(@RequestBody ConsumerGroupReset.Target target, HttpServletRequest request) {
        try {
            Map<Integer, Long> offsets = groupReset.reset(target);
            audit.action(AdminCaller.of(request), "consumer-group reset", target, "offsets=" + offsets);
            return Map.of("offsets", offsets);
        } catch (RuntimeException e) {
            audit.action(AdminCaller.of(request), "consumer-group reset", target, "refused: " + e.getMessage());
            throw e;
        }
    }
}
