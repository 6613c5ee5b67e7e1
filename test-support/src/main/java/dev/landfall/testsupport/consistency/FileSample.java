package dev.landfall.testsupport.consistency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.Collection;

/**
 * Which listed files a crawl downloads: all of them, or {@code size} of them chosen by a seed. Crawl k of one
 * checker uses seed {@code seed + k}, and the choice depends only on that seed and the (sorted) filenames, so
 * the seed a report names reproduces the sample on the same snapshot.
 */
record FileSample(int size, long seed) {

    static final FileSample ALL = new FileSample(-1, 0);

    boolean all() {
        return size < 0;
    }

    List<String> choose(Collection<String> filenames, long crawlSeed) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(filenames));
        if (all() || size >= sorted.size()) {
            return sorted;
        }
        Collections.shuffle(sorted, new Random(crawlSeed));
        return List.copyOf(new TreeSet<>(sorted.subList(0, size)));
    }
}
