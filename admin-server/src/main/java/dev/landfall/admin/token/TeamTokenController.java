package dev.landfall.admin.token;

import dev.landfall.admin.auth.AdminAudit;
import dev.landfall.admin.auth.AdminCaller;
import dev.landfall.common.team.TeamToken;
import dev.landfall.common.view.ViewReads;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/views/{view}/tokens}: create ({@code POST {"scope":"read"|"upload","description":…}}, 201 with the
 * token text, shown this once), list ({@code GET}, never the text), revoke ({@code DELETE …/{id}}) and the uses
 * recorded ({@code GET …/uses}); {@code /admin/views/{view}/access} ({@code PUT {"readToken":true}}) makes the view
 * require a read token. Behind the admin bearer token; every change audited.
 */
@RestController
class TeamTokenController {

    public record CreateBody(@Nullable String scope, @Nullable String description) {
    }

    public record AccessBody(@Nullable Boolean readToken) {
    }

    private final TeamTokens tokens;
    private final ViewReads views;
    private final AdminAudit audit;

    TeamTokenController(TeamTokens tokens, JdbcTemplate jdbc, AdminAudit audit) {
        this.tokens = tokens;
        this.views = new ViewReads(jdbc);
        this.audit = audit;
    }

    @PostMapping("/admin/views/{view}/tokens")
    public ResponseEntity<Map<String, Object>> create(@PathVariable String view, @RequestBody CreateBody body, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        requireView(view);
        TeamToken.Scope scope = TeamToken.Scope.of(String.valueOf(body.scope()));
        String description = body.description() == null ? "" : body.description();
        if (description.length() > 200) {
            throw new IllegalArgumentException("description longer than 200 characters");
        }
        TeamToken token = tokens.create(view, scope, description, who.toString());
        audit.action(who, "token-create", Map.of("view", view, "scope", scope.value()), "created " + token.id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", token.id());
        answer.put("view", view);
        answer.put("scope", scope.value());
        answer.put("token", token.text());
        answer.put("note", "the token is shown only now; Landfall keeps its sha256");
        return ResponseEntity.status(201).body(answer);
    }

    @GetMapping("/admin/views/{view}/tokens")
    public List<TeamTokens.Listed> list(@PathVariable String view) {
        requireView(view);
        return tokens.list(view);
    }

    @DeleteMapping("/admin/views/{view}/tokens/{id}")
    public Map<String, Object> revoke(@PathVariable String view, @PathVariable String id, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        boolean revoked = tokens.revoke(view, id, who.toString());
        audit.action(who, "token-revoke", Map.of("view", view, "id", id), revoked ? "revoked" : "absent");
        if (!revoked) {
            throw new NoSuchElementException("view " + view + " has no active token " + id);
        }
        return Map.of("revoked", id);
    }

    @GetMapping("/admin/views/{view}/tokens/uses")
    public List<Map<String, Object>> uses(@PathVariable String view, @RequestParam(defaultValue = "100") int limit) {
        return tokens.uses(view, Math.max(1, Math.min(limit, 10_000)));
    }

    @PutMapping("/admin/views/{view}/access")
    public Map<String, Object> access(@PathVariable String view, @RequestBody AccessBody body, HttpServletRequest request) {
        AdminCaller who = AdminCaller.of(request);
        requireView(view);
        boolean required = Boolean.TRUE.equals(body.readToken());
        tokens.setReadProtected(view, required, who.toString());
        audit.action(who, "view-access", Map.of("view", view), "readToken=" + required);
        return Map.of("view", view, "readToken", required);
    }

    @GetMapping("/admin/views/{view}/access")
    public Map<String, Object> access(@PathVariable String view) {
        requireView(view);
        return Map.of("view", view, "readToken", tokens.readProtected(view));
    }

    private void requireView(String view) {
        if (views.all().stream().noneMatch(v -> v.name().equals(view))) {
            throw new NoSuchElementException("no such view: " + view);
        }
    }
}
