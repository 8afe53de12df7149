package org.emolake.audio;

/** Ranges of a RIFF/WAVE file read by emolake's WAV decoder: only the range's bytes are read. */
final class WavRanges extends RangeReader {
    private final ChannelBytes bytes;
    private final WavDecoder.Layout layout;

    private WavRanges(ChannelBytes bytes, WavDecoder.Layout layout, String name) {
        super(new AudioHeader(layout.frames(), layout.sampleRate(), layout.channels(), "wav", layout.encoding()),
                name);
        this.bytes = bytes;
        this.layout = layout;
    }

    /** Reads the file's chunks; a clip over {@code maxDurationSeconds} is {@link ErrorCode#TOO_LONG}. */
    static WavRanges open(ChannelBytes bytes, String name, double maxDurationSeconds) throws AudioException {
        WavDecoder.Layout layout = WavDecoder.Layout.read(bytes, name);
        WavDecoder.checkDuration(layout, name, maxDurationSeconds);
        return new WavRanges(bytes, layout, name);
    }

    @Override
    LoadedAudio read(long startFrame, long frameCount) throws AudioException {
        float[] samples = layout.readFrames(bytes, startFrame, frameCount, name);
        return AudioLoader.finish(new DecodedWav(samples, layout.channels(), layout.sampleRate(),
                samples.length / layout.channels(), layout.encoding()), name);
    }

    @Override
    public void close() {
        // Nothing of its own to free: the channel is the caller's.
    }
}
