package dev.landfall.testsupport.consistency;

import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/** "extra [...], missing [...]" of two name sets, at most ten names each, for violation messages. */
final class Diff {

    private Diff() {
    }

    static String of(Set<String> actual, Set<String> expected) {
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        return "extra " + limit(extra) + ", missing " + limit(missing);
    }

    private static String limit(Set<String> s) {
        return s.size() <= 10 ? s.toString() : new ArrayList<>(s).subList(0, 10) + "… (" + s.size() + ")";
    }
}
