package org.emolake.scoring;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a long recording is cut into windows (segment scoring v1, {@code spec/segments.py}): segment {@code k} starts
 * at {@code k * hop} seconds and asks for {@code window} seconds; the grid stops at the first {@code k} whose window
 * reaches the end ({@code offset + window >= frames / rate}). A recording of at most one window is one segment.
 *
 * @param windowSeconds seconds each segment asks for (positive)
 * @param hopSeconds    seconds between segment starts (positive)
 */
public record SegmentGrid(double windowSeconds, double hopSeconds) implements Serializable {
    /** 3-second windows every 1.5 seconds: what the model was trained on, with 50 % overlap. */
    public static final SegmentGrid DEFAULT = new SegmentGrid(3.0, 1.5);

    public SegmentGrid {
        if (!(windowSeconds > 0) || !Double.isFinite(windowSeconds)) {
            throw new IllegalArgumentException("Segment window must be a positive number of seconds: " + windowSeconds);
        }
        if (!(hopSeconds > 0) || !Double.isFinite(hopSeconds)) {
            throw new IllegalArgumentException("Segment hop must be a positive number of seconds: " + hopSeconds);
        }
    }

    /** The segments of a recording of {@code frames} native frames at {@code sampleRate} Hz, in order. */
    public List<Segment> segments(long frames, int sampleRate) {
        int count = count(frames, sampleRate);
        List<Segment> segments = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            segments.add(segment(k));
        }
        return segments;
    }

    /** How many segments {@link #segments} gives. */
    public int count(long frames, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("Sample rate must be positive: " + sampleRate);
        }
        double duration = (double) frames / sampleRate;
        // An estimate, then the exact rule: the first k with k * hop + window >= duration, in floating point.
        long k = Math.max(0, (long) Math.floor((duration - windowSeconds) / hopSeconds) - 1);
        while (k > 0 && k * hopSeconds + windowSeconds >= duration) {
            k--;
        }
        while (k * hopSeconds + windowSeconds < duration) {
            k++;
        }
        if (k >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A recording of " + duration + " s has too many segments of "
                    + windowSeconds + " s every " + hopSeconds + " s");
        }
        return (int) k + 1;
    }

    /** Segment {@code index} (whether the recording has it or not). */
    public Segment segment(int index) {
        return new Segment(index, index * hopSeconds, windowSeconds);
    }
}
