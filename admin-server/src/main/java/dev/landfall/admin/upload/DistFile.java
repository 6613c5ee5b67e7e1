package dev.landfall.admin.upload;

import dev.landfall.common.project.ProjectName;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filename rules of an upload: a wheel {@code name-version[-build]-python-abi-platform.whl} (PEP 427/491) or an
 * sdist {@code name-version.tar.gz} (PEP 625), with the name and version parts free of dashes (escaped as
 * {@code _}) and nothing that could leave a storage key. Pure.
 *
 * @param project the normalized project name of the filename's name part
 * @param version the version part, as written
 * @param type    {@code bdist_wheel} or {@code sdist}, what the upload form's {@code filetype} must say
 */
record DistFile(String filename, String project, String version, String type) {

    static final String WHEEL = "bdist_wheel";
    static final String SDIST = "sdist";

    private static final Pattern WHEEL_NAME = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-([A-Za-z0-9_.!+]+)(?:-([0-9][A-Za-z0-9_.]*))?-([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)\\.whl");
    private static final Pattern SDIST_NAME = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-([A-Za-z0-9_.!+]+)\\.tar\\.gz");

    /** The parsed filename, or why it breaks the rules. */
    static Optional<DistFile> parse(String filename) {
        if (filename.length() > 255) {
            return Optional.empty();
        }
        Matcher w = WHEEL_NAME.matcher(filename);
        if (w.matches()) {
            return Optional.of(new DistFile(filename, ProjectName.normalize(w.group(1)), w.group(2), WHEEL));
        }
        Matcher s = SDIST_NAME.matcher(filename);
        if (s.matches()) {
            return Optional.of(new DistFile(filename, ProjectName.normalize(s.group(1)), s.group(2), SDIST));
        }
        return Optional.empty();
    }

    /** Versions compared as PEP 440 spells them loosely: case-insensitive, {@code _} (a filename's escape of {@code -}) as {@code -}. */
    static boolean sameVersion(String a, String b) {
        return loose(a).equals(loose(b));
    }

    private static String loose(String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return s.startsWith("v") ? s.substring(1) : s;
    }
}
