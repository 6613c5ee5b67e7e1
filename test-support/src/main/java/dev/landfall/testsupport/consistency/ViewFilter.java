package dev.landfall.testsupport.consistency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * What a team view must show at W, for {@link ConsistencyChecker#withView}: the oracle at W filtered by the view's
 * policy, written here from the policy's definition in README "Team views" (not from the server's code), so the
 * checker is an independent judge. A project is omitted when its name is blocked or not allowed, or when it has
 * files at W and the policy hides every one; files keep the oracle's order and every other fact.
 *
 * @param timeOfW W's time: the time the server must report ({@code X-Landfall-View-Time}) and count the cooldown back from
 */
public record ViewFilter(List<String> allow, List<String> block, boolean excludePrereleases, List<String> excludePlatforms,
                         Duration cooldown, LongFunction<Instant> timeOfW) {

    private static final Pattern PRE = Pattern.compile(".*\\d(a|b|rc|alpha|beta|c|pre|preview)\\d*.*|.*dev\\d*.*");

    public ViewFilter {
        allow = List.copyOf(allow);
        block = List.copyOf(block);
        excludePlatforms = List.copyOf(excludePlatforms);
    }

    OracleSnapshot apply(OracleSnapshot atW) {
        Instant time = timeOfW.apply(atW.serial());
        Map<String, OracleSnapshot.Project> shown = new TreeMap<>();
        for (Map.Entry<String, OracleSnapshot.Project> e : atW.projects().entrySet()) {
            if (!admits(e.getKey())) {
                continue;
            }
            OracleSnapshot.Project p = e.getValue();
            List<OracleSnapshot.File> files = new ArrayList<>();
            for (OracleSnapshot.File f : p.files()) {
                if (shows(f, time)) {
                    files.add(f);
                }
            }
            if (p.files().isEmpty() || !files.isEmpty()) {
                shown.put(e.getKey(), new OracleSnapshot.Project(p.serial(), p.status(), List.copyOf(files)));
            }
        }
        return new OracleSnapshot(atW.serial(), shown);
    }

    boolean admits(String project) {
        if (block.stream().anyMatch(g -> glob(g, project))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(g -> glob(g, project));
    }

    boolean shows(OracleSnapshot.File f, Instant timeOfW) {
        if (excludePrereleases && PRE.matcher(f.version().toLowerCase(Locale.ROOT)).matches()) {
            return false;
        }
        String name = f.filename().toLowerCase(Locale.ROOT);
        if (name.endsWith(".whl")) {
            String[] parts = name.substring(0, name.length() - 4).split("-");
            String platform = parts[parts.length - 1];
            if (excludePlatforms.stream().anyMatch(x -> platform.contains(x.toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        if (cooldown.isZero()) {
            return true;
        }
        // "Hidden if uploaded less than the cooldown before W's time."
        return f.uploadTime() != null && Duration.between(Instant.parse(f.uploadTime()), timeOfW).compareTo(cooldown) >= 0;
    }

    /** A name or glob ({@code *}, {@code ?}) against a normalized name; the glob's literal parts normalized first. */
    private static boolean glob(String glob, String project) {
        String g = ConsistencyChecker.normalize(glob.strip());
        StringBuilder regex = new StringBuilder();
        for (char c : g.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return project.matches(regex.toString());
    }
}
