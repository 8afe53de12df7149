package org.emolake.job;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which clips a retried task must not decode, from the clips earlier attempts of the same partition were decoding
 * when their JVM died (their in-flight markers). One sighting proves nothing: an executor that crashes also kills
 * the innocent tasks sharing its JVM, each in the middle of some good clip. A clip is skipped once two dead
 * attempts were decoding it.
 */
final class CrashSightings {
    /** Dead attempts that must have been decoding the same clip before it is skipped. */
    static final int SIGHTINGS_TO_SKIP = 2;

    private CrashSightings() {
    }

    /** The clips (paths) named by at least {@link #SIGHTINGS_TO_SKIP} of the dead attempts' markers. */
    static Set<String> clipsToSkip(Collection<String> inflightClipOfDeadAttempts) {
        Map<String, Integer> sightings = new HashMap<>();
        for (String clip : inflightClipOfDeadAttempts) {
            sightings.merge(Objects.requireNonNull(clip, "clip"), 1, Integer::sum);
        }
        Set<String> skip = new TreeSet<>();
        sightings.forEach((clip, n) -> {
            if (n >= SIGHTINGS_TO_SKIP) {
                skip.add(clip);
            }
        });
        return skip;
    }
}
