package dev.landfall.admin.verify;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/verify?deep=false&repair=true&upstream=false} (202, runs in the background), {@code GET /admin/verify}
 * (recent runs), {@code GET /admin/verify/{id}} (progress and findings), {@code POST /admin/verify/{id}/resume}.
 */
@RestController
class VerifyController {

    private final VerifyRunner runner;
    private final VerifyRuns runs;
    private final AdminAudit audit;

    public VerifyController(VerifyRunner runner, VerifyRuns runs, AdminAudit audit) {
        this.runner = runner;
        this.runs = runs;
        this.audit = audit;
    }

    @PostMapping("/admin/verify")
    public ResponseEntity<VerifyRuns.Run> start(@RequestParam(defaultValue = "false") boolean deep,
                                                @RequestParam(defaultValue = "true") boolean repair,
                                                @RequestParam(defaultValue = "false") boolean upstream, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        VerifyRuns.Run run = runner.start(deep, repair, upstream, who);
        audit.action(who, "verify start", Map.of("deep", deep, "repair", repair, "upstream", upstream), "run=" + run.id());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(run);
    }

    @PostMapping("/admin/verify/{id}/resume")
    public ResponseEntity<VerifyRuns.Run> resume(@PathVariable long id, HttpServletRequest request) {
        VerifyRuns.Run run = runner.resume(id);
        audit.action(AdminCaller.of(request), "verify resume", Map.of("id", id), "cursor=" + run.cursorProject() + "/" + run.cursorSerial());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(run);
    }

    @GetMapping("/admin/verify")
    public List<VerifyRuns.Run> recent(HttpServletRequest request) {
        audit.action(AdminCaller.of(request), "verify list", Map.of(), "ok");
        return runs.recent(20);
    }

    @GetMapping("/admin/verify/{id}")
    public Map<String, Object> get(@PathVariable long id, @RequestParam(defaultValue = "1000") int problems, HttpServletRequest request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", runs.get(id));
        m.put("problems", runs.problems(id, Math.max(0, Math.min(problems, 100_000))));
        audit.action(AdminCaller.of(request), "verify get", Map.of("id", id), "ok");
        return m;
    }
}
