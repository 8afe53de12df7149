package org.emolake.audio;

import java.util.Arrays;

/** Ranges of a file an {@link AudioDecoderPlugin} decoded whole: plug-ins decode from bytes in memory only. */
final class DecodedRanges extends RangeReader {
    private final DecodedWav decoded;

    DecodedRanges(DecodedWav decoded, String format, String name) {
        super(new AudioHeader(decoded.frames(), decoded.sampleRate(), decoded.channels(), format, decoded.encoding()),
                name);
        this.decoded = decoded;
    }

    @Override
    LoadedAudio read(long startFrame, long frameCount) throws AudioException {
        int channels = decoded.channels();
        long first = Math.min(startFrame, decoded.frames());
        long last = Math.min(decoded.frames(), first + Math.min(frameCount, decoded.frames()));
        float[] samples = Arrays.copyOfRange(decoded.samples(), (int) (first * channels), (int) (last * channels));
        return AudioLoader.finish(new DecodedWav(samples, channels, decoded.sampleRate(), (int) (last - first),
                decoded.encoding()), name);
    }

    @Override
    public void close() {
    }
}
