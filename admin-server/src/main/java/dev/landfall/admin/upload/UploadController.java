package dev.landfall.admin.upload;

import dev.landfall.common.team.TokenDecision;
import dev.landfall.admin.token.TokenGate;
import dev.landfall.common.team.TeamToken;
import dev.landfall.common.view.ViewDefinition;
import dev.landfall.common.view.ViewReads;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /t/<view>/upload/}: the legacy upload API (multipart form, {@code :action=file_upload}, the file in
 * {@code content}, HTTP basic {@code __token__} + an upload token of the view). 200 when the file landed; 400 with
 * the reason as the body (twine prints it with {@code --verbose}, uv always) for a bad or repeated upload, 401/403
 * for a missing or unfit token, 403 for a public name without a claim, 429 while the client is locked out.
 */
@RestController
class UploadController {

    private static final Logger log = LoggerFactory.getLogger(UploadController.class);

    private final TokenGate gate;
    private final PrivateUploads uploads;
    private final ViewReads views;

    UploadController(TokenGate gate, PrivateUploads uploads, JdbcTemplate jdbc) {
        this.gate = gate;
        this.uploads = uploads;
        this.views = new ViewReads(jdbc);
    }

    @PostMapping({"/t/{view}/upload", "/t/{view}/upload/"})
    public ResponseEntity<String> upload(@PathVariable String view, HttpServletRequest request) throws IOException {
        if (!ViewDefinition.isValidName(view) || views.all().stream().noneMatch(v -> v.name().equals(view))) {
            return text(404, "no such view: " + view);
        }
        TokenDecision.Verdict verdict = gate.check(request, view, TeamToken.Scope.UPLOAD);
        if (verdict instanceof TokenDecision.Refused refused) {
            ResponseEntity.BodyBuilder b = ResponseEntity.status(refused.status()).contentType(MediaType.TEXT_PLAIN);
            if (refused.status() == 401) {
                b.header("WWW-Authenticate", "Basic realm=\"landfall " + view + "\"");
            } else if (refused.status() == 429) {
                b.header("Retry-After", Long.toString(gate.retryAfterSeconds(request)));
            }
            return b.body(refused.message() + "\n");
        }
        String tokenId = ((TokenDecision.Accepted) verdict).tokenId();
        if (!(request instanceof MultipartHttpServletRequest multipart)) {
            return text(400, "Upload must be a multipart/form-data POST (the legacy upload API)");
        }
        Map<String, String> form = new HashMap<>();
        multipart.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                form.put(k, v[0]);
            }
        });
        MultipartFile content = multipart.getFile("content");
        @Nullable String filename = content == null ? null : content.getOriginalFilename();
        UploadCheck.Result early = UploadCheck.form(form, filename);
        if (early instanceof UploadCheck.Refused r) {
            return refused(view, filename, r.message());
        }
        DistFile dist = ((UploadCheck.Accepted) early).file();
        UploadCheck.Digests received = digests(content);
        Optional<CoreMetadata> metadata;
        try (InputStream in = content.getInputStream()) {
            metadata = CoreMetadata.read(in, dist.type());
        } catch (IOException | RuntimeException e) {
            metadata = Optional.empty();   // a corrupt archive: reported as unreadable metadata
        }
        UploadCheck.Result checked = UploadCheck.check(form, filename, received, metadata.orElse(null));
        if (checked instanceof UploadCheck.Refused r) {
            return refused(view, filename, r.message());
        }
        UploadCheck.Accepted ok = (UploadCheck.Accepted) checked;
        try {
            PrivateUploads.Landed landed = uploads.land(view, tokenId, ok.file(), ok.metadata(), content::getInputStream,
                    received.sha256(), content.getSize());
            return text(200, "OK: " + landed.filename() + " is in view " + view + " at local serial " + landed.localSerial());
        } catch (PrivateUploads.Refusal e) {
            log.info("upload refused view={} file={} status={}: {}", view, filename, e.status, e.getMessage());
            return text(e.status, e.getMessage());
        }
    }

    private static ResponseEntity<String> refused(String view, @Nullable String filename, String message) {
        log.info("upload refused view={} file={}: {}", view, filename, message);
        return text(400, message);
    }

    private static ResponseEntity<String> text(int status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }

    private static UploadCheck.Digests digests(MultipartFile content) throws IOException {
        MessageDigest sha;
        MessageDigest md5;
        try {
            sha = MessageDigest.getInstance("SHA-256");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Blake2b256 blake = new Blake2b256();
        byte[] buffer = new byte[65536];
        try (InputStream in = content.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                blake.update(buffer, 0, n);
            }
        }
        HexFormat hex = HexFormat.of();
        return new UploadCheck.Digests(hex.formatHex(sha.digest()), hex.formatHex(md5.digest()), hex.formatHex(blake.digest()));
    }
}
