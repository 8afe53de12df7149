package org.emolake.audio;

import java.time.Duration;
import java.util.Locale;

/**
 * A per-clip time limit that costs no thread: the work runs on the calling thread, and the long loops of decoding and
 * feature extraction call {@link #check()} at frame granularity (a few thousand times per minute of audio, one
 * {@code ThreadLocal} read and one {@code System.nanoTime()} each). Once the deadline has passed, the next check
 * point throws, the stack unwinds, and {@link #run} turns that into an {@link ErrorCode#TIMEOUT} {@link AudioException}.
 *
 * <p>Java cannot stop a thread stuck in a loop, so this is cooperative by design: nothing is interrupted, no
 * watchdog thread exists, and code outside a {@link #run} (or between check points) is unaffected. The longest
 * stretch between two check points is one STFT/CQT frame, one median-filter row or one call into libsoxr (linear in
 * the clip length, which {@link AudioLoader} bounds).
 */
public final class ClipDeadline {
    private static final ThreadLocal<ClipDeadline> CURRENT = new ThreadLocal<>();

    private final long deadlineNanos;

    private ClipDeadline(long startNanos, long timeoutNanos) {
        this.deadlineNanos = startNanos + timeoutNanos;
    }

    /** Work on one clip that may be stopped at a check point. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws AudioException;
    }

    /**
     * Runs {@code work} on this thread; if it is still running {@code timeout} after the start, the next
     * {@link #check()} stops it and this throws {@link ErrorCode#TIMEOUT} naming {@code name}. Nested calls keep
     * the earlier of the two deadlines.
     */
    public static <T> T run(String name, Duration timeout, Work<T> work) throws AudioException {
        long start = System.nanoTime();
        long timeoutNanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        ClipDeadline outer = CURRENT.get();
        ClipDeadline mine = new ClipDeadline(start, timeoutNanos);
        ClipDeadline effective = outer != null && outer.deadlineNanos - mine.deadlineNanos < 0 ? outer : mine;
        CURRENT.set(effective);
        try {
            return work.run();
        } catch (Exceeded e) {
            if (effective != mine) {
                throw e;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            throw new AudioException(ErrorCode.TIMEOUT, name, String.format(Locale.ROOT,
                    "decoding and feature extraction took more than the per-clip timeout of %s; stopped after %.1f s",
                    describe(timeout), elapsed));
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** A check point: throws (unchecked) once the current clip's deadline has passed; free outside {@link #run}. */
    public static void check() {
        ClipDeadline d = CURRENT.get();
        if (d != null && System.nanoTime() - d.deadlineNanos > 0) {
            throw new Exceeded();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /**
     * Thrown by {@link #check()}; never escapes {@link #run}. Unchecked so that check points can sit in loops whose
     * methods declare no exception. No stack trace: it is control flow.
     */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super("per-clip deadline passed", null, false, false);
        }
    }
}
