package dev.landfall.simulator.model;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A project's PEP 440 versions in canonical form, increasing in upload order: finals ({@code 1.2.3}), pre-releases
 * ({@code 1.2.4a1}, {@code b2}, {@code rc3}), post-releases ({@code 1.2.3.post1}) and dev releases
 * ({@code 1.2.4.dev4}). A version string is never handed out twice (PyPI forbids reuse, removed ones included).
 */
final class VersionSequence {

    private static final String[] PRE = {"a", "b", "rc"};

    private int major;
    private int minor;
    private int patch;
    private int post;
    private int counter;
    private boolean anyFinal;
    private final Set<String> used = new HashSet<>();

    /** Next version; {@code forceFinal} (first releases, coupled targets) yields a final release. */
    Next next(SplittableRandom rng, boolean forceFinal) {
        while (true) {
            Next n = candidate(rng, forceFinal);
            if (used.add(n.version())) {
                return n;
            }
        }
    }

    private Next candidate(SplittableRandom rng, boolean forceFinal) {
        int roll = (!anyFinal || forceFinal) ? 0 : rng.nextInt(100);
        if (roll < 70) {
            if (!anyFinal) {
                major = rng.nextInt(3);
                minor = rng.nextInt(10);
                patch = 0;
                if (major == 0 && minor == 0) {
                    minor = 1;
                }
                anyFinal = true;
            } else {
                int b = rng.nextInt(100);
                if (b < 60) {
                    patch++;
                } else if (b < 88) {
                    minor++;
                    patch = 0;
                } else {
                    major++;
                    minor = 0;
                    patch = 0;
                }
            }
            post = 0;
            return new Next(major + "." + minor + "." + patch, false);
        }
        if (roll < 82) {
            counter++;
            return new Next(major + "." + minor + "." + (patch + 1) + PRE[rng.nextInt(PRE.length)] + counter, true);
        }
        if (roll < 91) {
            post++;
            return new Next(major + "." + minor + "." + patch + ".post" + post, false);
        }
        counter++;
        return new Next(major + "." + minor + "." + (patch + 1) + ".dev" + counter, true);
    }

    record Next(String version, boolean prerelease) {
    }
}
