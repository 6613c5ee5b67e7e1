package dev.landfall.testsupport.consistency;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Compares one served project page with the oracle's project at W. Pure: the verdict is the list of
 * violations, each naming the representation, the file and both values.
 */
final class PageComparison {

    private PageComparison() {
    }

    /**
     * @param at      prefix of every violation, e.g. {@code "W=42 foo: JSON"}
     * @param pageUrl the URL the page was fetched from (relative file URLs resolve against it)
     * @param mirror  the mirror's base URL: every file link must point at {@code mirror + oracle url}
     */
    static List<String> compare(String at, String project, OracleSnapshot.Project expected, ServedPage page, URI pageUrl,
                                URI mirror) {
        List<String> violations = new ArrayList<>();
        boolean json = page.representation().equals("JSON");
        if (page.bodySerial() == null) {
            if (json) {
                violations.add(at + " meta._last-serial missing, oracle serial " + expected.serial());
            }
        } else if (page.bodySerial() != expected.serial()) {
            violations.add(at + (json ? " meta._last-serial " : " SERIAL comment ") + page.bodySerial()
                    + " != oracle serial " + expected.serial());
        }
        if (json && !project.equals(page.name())) {
            violations.add(at + " name '" + page.name() + "' != normalized name '" + project + "'");
        }
        if (!expected.status().equals(page.status())) {
            violations.add(at + " project-status '" + page.status() + "' != oracle status '" + expected.status() + "'");
        }
        if (page.carriesDistInfoMetadata()) {
            violations.add(at + " page carries dist-info-metadata");
        }

        Map<String, OracleSnapshot.File> want = new LinkedHashMap<>();
        expected.files().forEach(f -> want.put(f.filename(), f));
        Map<String, ServedPage.File> got = new LinkedHashMap<>();
        Set<String> duplicates = new TreeSet<>();
        for (ServedPage.File f : page.files()) {
            if (got.putIfAbsent(f.filename(), f) != null) {
                duplicates.add(f.filename());
            }
        }
        if (!duplicates.isEmpty()) {
            violations.add(at + " duplicate filenames " + duplicates);
        }
        if (!want.keySet().equals(got.keySet())) {
            violations.add(at + " file set differs: " + Diff.of(got.keySet(), want.keySet()));
        }
        if (page.versions() != null) {
            Set<String> wantVersions = new LinkedHashSet<>();
            expected.files().forEach(f -> wantVersions.add(f.version()));
            if (!new HashSet<>(page.versions()).equals(wantVersions) || page.versions().size() != wantVersions.size()) {
                violations.add(at + " versions " + page.versions() + " != the oracle files' versions " + wantVersions);
            }
        }
        for (Map.Entry<String, OracleSnapshot.File> e : want.entrySet()) {
            ServedPage.File a = got.get(e.getKey());
            if (a != null) {
                compareFile(at + " " + e.getKey() + ": ", e.getValue(), a, json, pageUrl, mirror, violations);
            }
        }
        return violations;
    }

    private static void compareFile(String f, OracleSnapshot.File x, ServedPage.File a, boolean json, URI pageUrl, URI mirror,
                                    List<String> violations) {
        URI expectedUrl = fileUrl(mirror, x.url());
        @Nullable URI actualUrl = resolve(pageUrl, a.href());
        if (actualUrl == null) {
            violations.add(f + "url '" + a.href() + "' is not a URL");
        } else if (!sameOrigin(actualUrl, mirror)) {
            violations.add(f + "url " + actualUrl + " does not point at the mirror " + origin(mirror));
        } else if (!Objects.equals(actualUrl.getRawPath(), expectedUrl.getRawPath())) {
            violations.add(f + "url path " + actualUrl.getRawPath() + " != " + expectedUrl.getRawPath());
        }
        if (!x.sha256().equals(a.sha256())) {
            violations.add(f + "sha256 " + a.sha256() + " != " + x.sha256());
        }
        if (json) {
            if (!a.sizeCarried()) {
                violations.add(f + "size missing, oracle size " + x.size());
            } else if (!Objects.equals(a.size(), x.size())) {
                violations.add(f + "size " + a.size() + " != " + x.size());
            }
            if (!Objects.equals(a.uploadTime(), x.uploadTime())) {
                violations.add(f + "upload-time " + a.uploadTime() + " != " + x.uploadTime());
            }
        }
        if (x.yanked() != a.yanked() || !Objects.equals(x.yankedReason(), a.yankedReason())) {
            violations.add(f + "yanked " + a.yanked() + "/" + a.yankedReason() + " != " + x.yanked() + "/" + x.yankedReason());
        }
        if (!Objects.equals(x.requiresPython(), a.requiresPython())) {
            violations.add(f + "requires-python " + a.requiresPython() + " != " + x.requiresPython());
        }
        if (!Objects.equals(x.coreMetadataSha256(), a.coreMetadata())) {
            violations.add(f + "core-metadata " + a.coreMetadata() + " != " + x.coreMetadataSha256());
        }
        // pip before 23.3 reads only the older attribute: when present it must say the same.
        if (a.distInfoMetadata() != null && !a.distInfoMetadata().equals(x.coreMetadataSha256())) {
            violations.add(f + "data-dist-info-metadata " + a.distInfoMetadata() + " != " + x.coreMetadataSha256());
        }
    }

    /** {@code mirror + path}: files are global, so a pinned snapshot's links point at the same {@code /packages/}. */
    static URI fileUrl(URI mirror, String oraclePath) {
        String base = mirror.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + oraclePath);
    }

    static @Nullable URI resolve(URI pageUrl, String href) {
        try {
            return pageUrl.resolve(URI.create(href));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return origin(a).equals(origin(b));
    }

    static String origin(URI u) {
        return (u.getScheme() + "://" + u.getHost()).toLowerCase(java.util.Locale.ROOT) + ":" + port(u);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
