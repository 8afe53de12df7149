package org.emolake.audio;

import java.nio.channels.SeekableByteChannel;

/**
 * Ranges of a stream only FFmpeg reads (MP4/AAC, or what libsndfile cannot open), as librosa's audioread fallback
 * reads {@code offset=, duration=}: the stream is decoded forward from its start, keeping only the range's frames.
 * Ranges asked for in increasing order (as segments are) continue one forward decode; a range before the last one's
 * start decodes again from the start. Memory is bounded by the range.
 */
final class FfmpegRanges extends RangeReader {
    private final SeekableByteChannel channel;
    private final long length;
    private final double maxDurationSeconds;
    private FfmpegDecoderSession session;

    private FfmpegRanges(SeekableByteChannel channel, long length, AudioHeader header, String name,
                         double maxDurationSeconds) {
        super(header, name);
        this.channel = channel;
        this.length = length;
        this.maxDurationSeconds = maxDurationSeconds;
    }

    static FfmpegRanges open(SeekableByteChannel channel, long length, String name, double maxDurationSeconds)
            throws AudioException {
        AudioHeader header = FfmpegDecoder.header(channel, length, name, maxDurationSeconds);
        return new FfmpegRanges(channel, length, header, name, maxDurationSeconds);
    }

    @Override
    LoadedAudio read(long startFrame, long frameCount) throws AudioException {
        if (session != null && !session.reaches(startFrame)) {
            close();
        }
        if (session == null) {
            session = new FfmpegDecoderSession(channel, length, name, maxDurationSeconds);
        }
        DecodedWav range;
        try {
            range = session.range(startFrame, frameCount);
        } catch (AudioException | RuntimeException e) {
            // A session that failed half-way is not resumed: the next range starts a new one.
            close();
            throw e;
        }
        return AudioLoader.finish(range, name);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
