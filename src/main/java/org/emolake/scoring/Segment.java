package org.emolake.scoring;

/**
 * One window of a long recording ({@link SegmentGrid}): what {@code librosa.load(path, sr=22050, mono=True,
 * offset=offsetSeconds, duration=windowSeconds)} loads.
 *
 * @param index         0 for the first segment
 * @param offsetSeconds where it starts: {@code index * hop}, as a double
 * @param windowSeconds how much it asks for (the last segment of a recording may get less)
 */
public record Segment(int index, double offsetSeconds, double windowSeconds) {

    /** The first native frame: Python's {@code int(offset * rate)}, as librosa seeks. */
    public long startFrame(int rate) {
        return (long) (offsetSeconds * rate);
    }

    /** Native frames asked for: Python's {@code int(window * rate)}, as librosa reads. */
    public long frameCount(int rate) {
        return (long) (windowSeconds * rate);
    }
}
