package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The careful-mode decision (which clip a retried task skips) and the markers it is made from. */
class CrashSightingsTest {
    @TempDir
    Path tmp;

    @Test
    void noDeadAttemptNoSkip() {
        assertEquals(Set.of(), CrashSightings.clipsToSkip(List.of()));
    }

    @Test
    void oneSightingIsNotEnough() {
        assertEquals(Set.of(), CrashSightings.clipsToSkip(List.of("/clips/x.wav")));
    }

    @Test
    void twoDeadAttemptsOnTheSameClipSkipIt() {
        assertEquals(Set.of("/clips/x.wav"), CrashSightings.clipsToSkip(List.of("/clips/x.wav", "/clips/x.wav")));
    }

    @Test
    void anInnocentTaskKilledTwiceOnDifferentClipsSkipsNothing() {
        // the partition shared its JVM with the killer twice and was in the middle of a different good clip each time
        assertEquals(Set.of(), CrashSightings.clipsToSkip(List.of("/clips/a.wav", "/clips/b.wav")));
    }

    @Test
    void onlyTheClipSeenTwiceIsSkipped() {
        assertEquals(Set.of("/clips/x.wav"),
                CrashSightings.clipsToSkip(List.of("/clips/a.wav", "/clips/x.wav", "/clips/b.wav", "/clips/x.wav")));
    }

    @Test
    void markersOfAttemptsThatEndedInTheirJvmAreGoneAndTheOthersAreRead() throws Exception {
        Configuration conf = new Configuration();
        String lake = tmp.toUri().toString();
        InflightMarkers died1 = InflightMarkers.open(conf, lake, "run1", 3, 11);
        InflightMarkers died2 = InflightMarkers.open(conf, lake, "run1", 3, 12);
        InflightMarkers finished = InflightMarkers.open(conf, lake, "run1", 3, 13);
        InflightMarkers otherPartition = InflightMarkers.open(conf, lake, "run1", 4, 14);
        died1.record("/clips/a.wav");
        died1.record("/clips/x.wav");
        died2.record("/clips/x.wav");
        finished.record("/clips/b.wav");
        finished.clear();
        otherPartition.record("/clips/x.wav");

        InflightMarkers retry = InflightMarkers.open(conf, lake, "run1", 3, 15);
        List<String> seen = retry.deadAttemptsClips();
        assertEquals(List.of("/clips/x.wav", "/clips/x.wav"), seen);
        assertEquals(Set.of("/clips/x.wav"), CrashSightings.clipsToSkip(seen));
        retry.record("/clips/y.wav");
        assertEquals(List.of("/clips/x.wav", "/clips/x.wav"), retry.deadAttemptsClips(), "its own marker is no sighting");

        assertTrue(Files.isDirectory(tmp.resolve("_emolake/inflight/run1")));
        InflightMarkers.clearRun(conf, lake, "run1");
        assertFalse(Files.exists(tmp.resolve("_emolake/inflight/run1")));
        assertEquals(List.of(), InflightMarkers.open(conf, lake, "run1", 3, 16).deadAttemptsClips());
    }
}
