package org.emolake.scoring;

/**
 * What was loaded for one segment of a recording.
 *
 * @param index           the segment's index in its {@link SegmentGrid}
 * @param offsetSeconds   where it starts in the recording
 * @param durationSeconds native frames actually read / native rate (less than the window at the end)
 * @param samples         its length at 22050 Hz (0 when loading failed)
 * @param rmsDbfs         20·log10 of the RMS of its 22050-Hz mono samples; {@link #SILENCE_DBFS} for digital silence
 *                        or an empty range; NaN when loading failed
 */
public record SegmentInfo(int index, double offsetSeconds, double durationSeconds, long samples, double rmsDbfs) {
    /** {@link #rmsDbfs()} of digital silence (all samples zero) instead of minus infinity. */
    public static final double SILENCE_DBFS = -200.0;
}
