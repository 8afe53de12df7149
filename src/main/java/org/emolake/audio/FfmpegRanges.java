package org.emolake.audio;

import java.nio.channels.SeekableByteChannel;

/**
 * Ranges of a stream only FFmpeg reads (MP4/AAC, or what libsndfile cannot open), as librosa's audioread fallback
 * reads {@code offset=, duration=}: each range is decoded from the start of the stream, keeping only its frames.
 * Memory is bounded by the range; time grows with where the range ends (docs/PERFORMANCE.md).
 */
final class FfmpegRanges implements OpenAudio {
    private final SeekableByteChannel channel;
    private final long length;
    private final AudioHeader header;
    private final String name;
    private final double maxDurationSeconds;

    private FfmpegRanges(SeekableByteChannel channel, long length, AudioHeader header, String name,
                         double maxDurationSeconds) {
        this.channel = channel;
        this.length = length;
        this.header = header;
        this.name = name;
        this.maxDurationSeconds = maxDurationSeconds;
    }

    static FfmpegRanges open(SeekableByteChannel channel, long length, String name, double maxDurationSeconds)
            throws AudioException {
        AudioHeader header = FfmpegDecoder.header(channel, length, name, maxDurationSeconds);
        return new FfmpegRanges(channel, length, header, name, maxDurationSeconds);
    }

    @Override
    public AudioHeader header() {
        return header;
    }

    @Override
    public LoadedAudio load(long startFrame, long frameCount) throws AudioException {
        AudioLoader.checkRange(startFrame, frameCount);
        return AudioLoader.finish(FfmpegDecoder.decodeRange(channel, length, name, maxDurationSeconds, startFrame,
                frameCount), name);
    }

    @Override
    public void close() {
        // Every range opens and frees its own decoder; the channel is the caller's.
    }
}
