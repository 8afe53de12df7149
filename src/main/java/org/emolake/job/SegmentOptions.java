package org.emolake.job;

import org.emolake.scoring.SegmentGrid;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a run cuts long recordings into segments ({@code score --segments ...}, docs/JOB.md "Long recordings").
 *
 * @param mode               which recordings are scored by segments
 * @param wholeClipMaxSeconds {@link Mode#AUTO}: recordings longer than this are scored by segments
 * @param windowSeconds      length of a segment
 * @param hopSeconds         distance between the starts of two segments
 * @param silenceThresholdDb a segment whose RMS level (dBFS, 22050-Hz mono samples) is below this is silent: kept
 *                           as a row, left out of its recording's verdict
 */
public record SegmentOptions(Mode mode, double wholeClipMaxSeconds, double windowSeconds, double hopSeconds,
        double silenceThresholdDb) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_WHOLE_CLIP_MAX_SECONDS = 10.0;
    public static final double DEFAULT_WINDOW_SECONDS = 3.0;
    public static final double DEFAULT_HOP_SECONDS = 1.5;
    /**
     * Between the pauses (about -68 dBFS) and the quietest speech windows (about -35 dBFS) of the golden calls;
     * measured in docs/JOB.md.
     */
    public static final double DEFAULT_SILENCE_THRESHOLD_DB = -50.0;

    public static final SegmentOptions DEFAULTS = new SegmentOptions(Mode.AUTO, DEFAULT_WHOLE_CLIP_MAX_SECONDS,
            DEFAULT_WINDOW_SECONDS, DEFAULT_HOP_SECONDS, DEFAULT_SILENCE_THRESHOLD_DB);

    /** Which recordings are scored by segments. */
    public enum Mode {
        /** Those longer than {@link #wholeClipMaxSeconds}; shorter ones whole. */
        AUTO,
        /** Every recording whose header can be read. */
        ALWAYS,
        /** None: every recording is scored whole. */
        NEVER;

        public static Mode parse(String s) throws JobException {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new JobException("unknown --segments mode '" + s + "' (auto, always or never)");
            }
        }

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SegmentOptions {
        if (!(wholeClipMaxSeconds >= 0) || !(windowSeconds > 0) || !(hopSeconds > 0)
                || Double.isInfinite(windowSeconds) || Double.isInfinite(hopSeconds)
                || Double.isNaN(silenceThresholdDb)) {
            throw new IllegalArgumentException("Cannot cut segments: bad window " + windowSeconds + " s, hop "
                    + hopSeconds + " s, whole-clip maximum " + wholeClipMaxSeconds + " s or silence threshold "
                    + silenceThresholdDb + " dB");
        }
    }

    /** The grid segments are cut by. */
    SegmentGrid grid() {
        return new SegmentGrid(windowSeconds, hopSeconds);
    }

    /** Whether a recording of this many seconds is scored by segments. */
    boolean segmented(double durationSeconds) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> durationSeconds > wholeClipMaxSeconds;
        };
    }

    /** Segments per work item: about a minute of recording, so a long file is spread over many tasks. */
    int segmentsPerRange() {
        return (int) Math.max(1, Math.min(10_000, Math.ceil(60.0 / hopSeconds)));
    }
}
