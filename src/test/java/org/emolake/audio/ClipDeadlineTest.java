package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClipDeadlineTest {
    private static void spinPast(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void checkIsFreeOutsideAClip() {
        ClipDeadline.check();
    }

    @Test
    void aCheckPointAfterTheDeadlineStopsTheClipAsTimeout() {
        AudioException e = assertThrows(AudioException.class, () -> ClipDeadline.run("slow.wav",
                Duration.ofMillis(1), () -> {
                    spinPast(5_000_000);
                    ClipDeadline.check();
                    throw new AssertionError("not reached");
                }));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(e.getMessage().startsWith("Cannot decode slow.wav: decoding and feature extraction took more than"
                + " the per-clip timeout of 1 ms"), e.getMessage());
        ClipDeadline.check(); // the thread's deadline is gone once the clip is over
    }

    @Test
    void workWithinTheDeadlineReturnsItsValue() throws AudioException {
        assertEquals("done", ClipDeadline.run("a.wav", Duration.ofSeconds(60), () -> {
            ClipDeadline.check();
            return "done";
        }));
    }

    @Test
    void cooperativeWorkWithoutCheckPointsIsNotInterrupted() throws AudioException {
        assertEquals(1, ClipDeadline.run("a.wav", Duration.ofNanos(1), () -> {
            spinPast(1_000_000);
            return 1;
        }));
        assertTrue(!Thread.currentThread().isInterrupted());
    }

    @Test
    void nestedClipsKeepTheEarlierDeadline() {
        AudioException e = assertThrows(AudioException.class, () -> ClipDeadline.run("outer.wav",
                Duration.ofMillis(1), () -> ClipDeadline.run("inner.wav", Duration.ofSeconds(60), () -> {
                    spinPast(5_000_000);
                    ClipDeadline.check();
                    return 0;
                })));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("outer.wav"), e.getMessage());
    }
}
