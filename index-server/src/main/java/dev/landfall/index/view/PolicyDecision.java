package dev.landfall.index.view;

import dev.landfall.common.view.ProjectPattern;
import dev.landfall.common.view.ViewPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A view's policy as a pure decision over one snapshot W (README "Team views"). Its inputs are only W's content and
 * W's time (the ledger's time of W, {@code dev.landfall.common.ledger.LedgerTimes}), never the time of the request,
 * so every replica at every moment shows the same filtered cut for (view, W).
 *
 * <p>Invariants: a blocked name is never listed, block wins over allow, an empty allow list allows every name; a
 * file is hidden by the cooldown iff its {@code upload-time} is after {@code cutoff = timeOfW − cooldown} (a file
 * uploaded exactly {@code cooldown} before W's time is shown) or it carries no upload-time while a cooldown is set
 * (fail closed); a project that has files at W but none shown is omitted (not listed, its page 404), while a
 * project whose page lists no file at all stays listed, exactly as in the base. The policy only removes files:
 * yank marks and removals of the base always apply.
 */
final class PolicyDecision {

    /** The facts of one file the decision reads. */
    record FileFacts(String filename, @Nullable Instant uploadTime) {
    }

    private final ViewPolicy policy;
    private final List<Pattern> allow;
    private final List<Pattern> block;

    PolicyDecision(ViewPolicy policy) {
        this.policy = policy;
        this.allow = policy.allow().stream().map(ProjectPattern::compile).toList();
        this.block = policy.block().stream().map(ProjectPattern::compile).toList();
    }

    ViewPolicy policy() {
        return policy;
    }

    /** The instant files must have been uploaded at or before to be shown at a W whose time is {@code timeOfW}. */
    Instant cutoff(Instant timeOfW) {
        return timeOfW.minus(policy.cooldown());
    }

    /** Whether the name rules admit the (normalized) project. */
    boolean admitsName(String project) {
        for (Pattern p : block) {
            if (p.matcher(project).matches()) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Pattern p : allow) {
            if (p.matcher(project).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The policy's rules that do not depend on time: pre-release and platform exclusion. */
    FileVerdict fileIgnoringTime(String filename) {
        if (policy.excludePrereleases()) {
            String version = DistFilename.version(filename);
            if (version != null && DistFilename.isPrerelease(version)) {
                return new FileVerdict.Hidden(FileVerdict.Reason.PRERELEASE);
            }
        }
        if (!policy.excludePlatforms().isEmpty()) {
            String platform = DistFilename.wheelPlatform(filename);
            if (platform != null) {
                String p = platform.toLowerCase(Locale.ROOT);
                for (String excluded : policy.excludePlatforms()) {
                    if (p.contains(excluded)) {
                        return new FileVerdict.Hidden(FileVerdict.Reason.PLATFORM);
                    }
                }
            }
        }
        return FileVerdict.SHOWN;
    }

    FileVerdict file(FileFacts file, Instant cutoff) {
        FileVerdict timeless = fileIgnoringTime(file.filename());
        if (timeless instanceof FileVerdict.Hidden) {
            return timeless;
        }
        return shownByCooldown(file.uploadTime(), cutoff) ? FileVerdict.SHOWN : new FileVerdict.Hidden(FileVerdict.Reason.COOLDOWN);
    }

    boolean shownByCooldown(@Nullable Instant uploadTime, Instant cutoff) {
        if (policy.cooldown().isZero()) {
            return true;
        }
        return uploadTime != null && !uploadTime.isAfter(cutoff);
    }

    /** The facts of a page that decide, for every cutoff, whether it is listed: see {@link Eligibility}. */
    Eligibility eligibility(List<FileFacts> files) {
        Instant earliest = null;
        boolean untimed = false;
        for (FileFacts f : files) {
            if (fileIgnoringTime(f.filename()) instanceof FileVerdict.Shown) {
                if (f.uploadTime() == null) {
                    untimed = true;
                } else if (earliest == null || f.uploadTime().isBefore(earliest)) {
                    earliest = f.uploadTime();
                }
            }
        }
        return new Eligibility(files.size(), earliest, untimed, !policy.cooldown().isZero());
    }

    /** Sorted upload times of the files the time-free rules keep: the cooldown shows those at or before the cutoff. */
    List<Instant> keptUploadTimes(List<FileFacts> files) {
        return files.stream().filter(f -> f.uploadTime() != null && fileIgnoringTime(f.filename()) instanceof FileVerdict.Shown)
                .map(FileFacts::uploadTime).sorted().toList();
    }

    /** The project's verdict at W: name rules, then each file of its page (in page order). */
    ProjectVerdict project(String project, List<FileFacts> files, Instant cutoff) {
        if (!admitsName(project)) {
            return new ProjectVerdict.Omitted(ProjectVerdict.Reason.NAME);
        }
        List<Integer> shown = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            if (file(files.get(i), cutoff) instanceof FileVerdict.Shown) {
                shown.add(i);
            }
        }
        if (!files.isEmpty() && shown.isEmpty()) {
            return new ProjectVerdict.Omitted(ProjectVerdict.Reason.ALL_FILES_HIDDEN);
        }
        return new ProjectVerdict.Listed(List.copyOf(shown));
    }
}
