package org.emolake.audio;

/**
 * What every {@link OpenAudio} of the audio layer shares: the header it was opened with, the name its errors carry,
 * and the check of a range before its decoder reads it.
 */
abstract class RangeReader implements OpenAudio {
    final AudioHeader header;
    final String name;

    RangeReader(AudioHeader header, String name) {
        this.header = header;
        this.name = name;
    }

    @Override
    public final AudioHeader header() {
        return header;
    }

    @Override
    public final LoadedAudio load(long startFrame, long frameCount) throws AudioException {
        if (startFrame < 0 || frameCount < 0) {
            throw new IllegalArgumentException("Cannot load " + frameCount + " frames from frame " + startFrame);
        }
        return read(startFrame, frameCount);
    }

    /** {@link #load} of a range whose start and length are not negative. */
    abstract LoadedAudio read(long startFrame, long frameCount) throws AudioException;
}
