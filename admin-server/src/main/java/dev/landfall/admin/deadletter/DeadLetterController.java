package dev.landfall.admin.deadletter;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/dead-letters}, {@code GET /admin/dead-letters/{partition}/{offset}},
 * {@code POST /admin/dead-letters/{partition}/{offset}/redrive} and {@code POST /admin/dead-letters/redrive}
 * (every dead letter not re-driven yet).
 */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final AdminAudit audit;

    public DeadLetterController(DeadLetters deadLetters, AdminAudit audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GetMapping("/admin/dead-letters")
    public List<DeadLetters.DeadLetter> list(@RequestParam(defaultValue = "100") int limit,
                                             @RequestParam(defaultValue = "false") boolean pendingOnly, HttpServletRequest request) {
        List<DeadLetters.DeadLetter> list = deadLetters.list(Math.max(1, Math.min(limit, 10_000)), pendingOnly);
        audit.action(AdminCaller.of(request), "dead-letters list", Map.of("limit", limit, "pendingOnly", pendingOnly), "count=" + list.size());
        return list;
    }

    @GetMapping("/admin/dead-letters/{partition}/{offset}")
    public DeadLetters.DeadLetter inspect(@PathVariable int partition, @PathVariable long offset, HttpServletRequest request) {
        DeadLetters.DeadLetter d = deadLetters.inspect(partition, offset);
        audit.action(AdminCaller.of(request), "dead-letter inspect", partition + "@" + offset, "serial=" + d.serial());
        return d;
    }

    @PostMapping("/admin/dead-letters/{partition}/{offset}/redrive")
    public DeadLetters.DeadLetter redrive(@PathVariable int partition, @PathVariable long offset, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        DeadLetters.DeadLetter d = deadLetters.redrive(partition, offset, who);
        audit.action(who, "dead-letter redrive", partition + "@" + offset, "serial=" + d.serial() + " project=" + d.project());
        return d;
    }

    @PostMapping("/admin/dead-letters/redrive")
    public Map<String, Object> redriveAll(@RequestParam(defaultValue = "1000") int limit, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        List<String> redriven = new ArrayList<>();
        for (DeadLetters.DeadLetter d : deadLetters.list(Math.max(1, Math.min(limit, 10_000)), true)) {
            if (d.decodeError() == null) {
                deadLetters.redrive(d.partition(), d.offset(), who);
                redriven.add(d.partition() + "@" + d.offset() + " serial " + d.serial());
            }
        }
        audit.action(who, "dead-letters redrive-all", Map.of("limit", limit), "redriven=" + redriven.size());
        return Map.of("redriven", redriven);
    }
}
