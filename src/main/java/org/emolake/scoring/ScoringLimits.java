package org.emolake.scoring;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.ClipFiles;

/**
 * What one clip may cost. Each limit turns an over-limit clip into an error row, never a failed batch or job:
 *
 * <ul>
 * <li>{@code maxDurationSeconds}: longer clips are {@code TOO_LONG}, decided from the header before any sample is
 * allocated. A whole clip's memory and time are linear in its duration (measured per minute of audio in
 * docs/RELIABILITY.md), so long recordings are scored by segments ({@link ClipPipeline#segments}), whose memory is
 * bounded by the window;</li>
 * <li>{@code clipTimeout}: decoding plus features of one clip, or of one segment, taking longer is
 * {@code TIMEOUT}; checked at frame granularity on the calling thread ({@link org.emolake.audio.ClipDeadline}), so
 * no thread is started or leaked. The default, 10 minutes, is about 2.5 times what a one-hour whole clip needs;
 * with a lower duration limit a lower timeout catches pathological clips sooner;</li>
 * <li>{@code maxFileBytes}: larger files are {@code TOO_LONG} before they are read (path readers only).</li>
 * </ul>
 *
 * @param maxDurationSeconds longest clip accepted, seconds (default 14400)
 * @param clipTimeout        wall-clock budget for decoding and features of one clip (default 600 s)
 * @param maxFileBytes       largest file read into memory (default: the largest Java array)
 */
public record ScoringLimits(double maxDurationSeconds, Duration clipTimeout, long maxFileBytes)
        implements Serializable {
    /** Default per-clip timeout. */
    public static final Duration DEFAULT_CLIP_TIMEOUT = Duration.ofMinutes(10);

    public ScoringLimits {
        Objects.requireNonNull(clipTimeout, "clipTimeout");
        if (!(maxDurationSeconds > 0) || Double.isInfinite(maxDurationSeconds)) {
            throw new IllegalArgumentException("maxDurationSeconds must be positive and finite: " + maxDurationSeconds);
        }
        if (clipTimeout.isNegative() || clipTimeout.isZero()) {
            throw new IllegalArgumentException("clipTimeout must be positive: " + clipTimeout);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
    }

    /** Four hours, 10 minutes, the largest Java array. */
    public static ScoringLimits defaults() {
        return new ScoringLimits(AudioLoader.DEFAULT_MAX_DURATION_SECONDS, DEFAULT_CLIP_TIMEOUT,
                ClipFiles.MAX_ARRAY_BYTES);
    }

    public ScoringLimits withMaxDurationSeconds(double seconds) {
        return new ScoringLimits(seconds, clipTimeout, maxFileBytes);
    }

    public ScoringLimits withClipTimeout(Duration timeout) {
        return new ScoringLimits(maxDurationSeconds, timeout, maxFileBytes);
    }

    public ScoringLimits withMaxFileBytes(long bytes) {
        return new ScoringLimits(maxDurationSeconds, clipTimeout, bytes);
    }

    /** The loader these limits configure. */
    public AudioLoader newLoader() {
        return new AudioLoader(maxDurationSeconds, maxFileBytes);
    }
}
