package dev.landfall.admin.upload;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A team's own files: {@code GET /admin/views/{view}/files} lists them (deleted ones included, marked),
 * {@code POST …/files/{filename}/yank} ({@code {"reason":…}}) and {@code …/unyank} change PEP 592 yanking,
 * {@code DELETE …/files/{filename}} removes the file from the view (its filename is never accepted again). Each
 * change rewrites the project's page at the view's next local serial. Audited.
 */
@RestController
class PrivateFileController {

    public record YankBody(@Nullable String reason) {
    }

    private final PrivateUploads uploads;
    private final AdminAudit audit;

    PrivateFileController(PrivateUploads uploads, AdminAudit audit) {
        this.uploads = uploads;
        this.audit = audit;
    }

    @GetMapping("/admin/views/{view}/files")
    public List<Map<String, Object>> list(@PathVariable String view) {
        return uploads.listFiles(view);
    }

    @PostMapping("/admin/views/{view}/files/{filename}/yank")
    public Map<String, Object> yank(@PathVariable String view, @PathVariable String filename, @RequestBody(required = false) @Nullable YankBody body,
                                    HttpServletRequest request) {
        return change(view, filename, PrivateUploads.Change.YANK, body == null ? null : body.reason(), request);
    }

    @PostMapping("/admin/views/{view}/files/{filename}/unyank")
    public Map<String, Object> unyank(@PathVariable String view, @PathVariable String filename, HttpServletRequest request) {
        return change(view, filename, PrivateUploads.Change.UNYANK, null, request);
    }

    @DeleteMapping("/admin/views/{view}/files/{filename}")
    public Map<String, Object> delete(@PathVariable String view, @PathVariable String filename, HttpServletRequest request) {
        return change(view, filename, PrivateUploads.Change.DELETE, null, request);
    }

    private Map<String, Object> change(String view, String filename, PrivateUploads.Change change, @Nullable String reason,
                                       HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        String what = "file-" + change.name().toLowerCase(java.util.Locale.ROOT);
        try {
            long serial = uploads.change(view, filename, change, reason);
            audit.action(who, what, Map.of("view", view, "file", filename), "local serial " + serial);
            return Map.of("view", view, "file", filename, "change", change.name().toLowerCase(java.util.Locale.ROOT), "localSerial", serial);
        } catch (RuntimeException e) {
            audit.action(who, what, Map.of("view", view, "file", filename), "refused: " + e.getMessage());
            throw e;
        }
    }
}
