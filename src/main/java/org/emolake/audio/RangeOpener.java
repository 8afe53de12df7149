package org.emolake.audio;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * {@link AudioLoader#open}: the reader that serves ranges of a file, picked by {@link DecoderChoice} as for whole
 * files: the WAV decoder's own seeking, libsndfile's ({@link SndfileRanges}), FFmpeg's forward decode
 * ({@link FfmpegRanges}); a plug-in decodes the whole file in memory.
 */
final class RangeOpener {
    private final double maxDurationSeconds;
    private final long maxFileBytes;

    RangeOpener(double maxDurationSeconds, long maxFileBytes) {
        this.maxDurationSeconds = maxDurationSeconds;
        this.maxFileBytes = maxFileBytes;
    }

    OpenAudio open(SeekableByteChannel channel, String name) throws AudioException {
        ChannelBytes bytes = new ChannelBytes(channel, name);
        long length = bytes.length();
        return DecoderChoice.decode(length, bytes.head(), name, new DecoderChoice.Decoders<>() {
            @Override
            public OpenAudio wav() throws AudioException {
                return WavRanges.open(bytes, name, maxDurationSeconds);
            }

            @Override
            public OpenAudio sndfile(AudioFormat format) throws AudioException {
                return SndfileRanges.open(channel, name, maxDurationSeconds);
            }

            @Override
            public OpenAudio ffmpeg() throws AudioException {
                return FfmpegRanges.open(channel, length, name, maxDurationSeconds);
            }

            @Override
            public OpenAudio plugin(AudioDecoderPlugin plugin) throws AudioException {
                ByteBuffer whole = bytes.read(0, (int) Math.min(length, maxFileBytes));
                return new DecodedRanges(plugin.decode(whole.asReadOnlyBuffer(), name, maxDurationSeconds),
                        "plugin", name);
            }
        });
    }
}
