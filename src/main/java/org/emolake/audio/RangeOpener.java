package org.emolake.audio;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * {@link AudioLoader#open}: which reader serves ranges of a file, decided by its content as {@link AudioLoader}
 * decides for whole files, with the same fallbacks (a WAV encoding the WAV reader leaves to libsndfile, libsndfile
 * failures to FFmpeg, unknown content to the plug-ins and then FFmpeg).
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
        if (bytes.length() == 0) {
            throw new AudioException(ErrorCode.EMPTY_FILE, name, "file is empty (0 bytes)");
        }
        ByteBuffer head = bytes.head();
        switch (AudioFormat.detect(head)) {
            case WAV:
                try {
                    return WavRanges.open(bytes, name, maxDurationSeconds);
                } catch (AudioException e) {
                    if (e.code() != ErrorCode.UNSUPPORTED_ENCODING) {
                        throw e;
                    }
                    return openCompressedWav(channel, name, e);
                }
            case MP4:
                return FfmpegRanges.open(channel, bytes.length(), name, maxDurationSeconds);
            case UNKNOWN:
                if (AudioFiles.hasWavExtension(name)) {
                    return WavRanges.open(bytes, name, maxDurationSeconds);
                }
                return openUnknown(channel, bytes, head, name);
            default:
                return openWithSndfile(channel, bytes, name);
        }
    }

    /** {@code AudioLoader.decodeUnknown} for ranges: a plug-in decodes the whole file in memory; FFmpeg reads ranges. */
    private OpenAudio openUnknown(SeekableByteChannel channel, ChannelBytes bytes, ByteBuffer head, String name)
            throws AudioException {
        for (AudioDecoderPlugin plugin : AudioLoader.Plugins.INSTALLED) {
            if (plugin.accepts(head.asReadOnlyBuffer())) {
                ByteBuffer whole = bytes.read(0, (int) Math.min(bytes.length(), maxFileBytes));
                return new DecodedRanges(plugin.decode(whole.asReadOnlyBuffer(), name, maxDurationSeconds),
                        "plugin", name);
            }
        }
        try {
            return FfmpegRanges.open(channel, bytes.length(), name, maxDurationSeconds);
        } catch (AudioException e) {
            if (e.code() != ErrorCode.UNSUPPORTED_FORMAT && e.code() != ErrorCode.CORRUPT_STREAM) {
                throw e;
            }
            AudioException unsupported = new AudioException(ErrorCode.UNSUPPORTED_FORMAT, name, "content matches no"
                    + " audio format emolake reads (" + AudioFiles.EXTENSIONS_TEXT + "), and FFmpeg cannot read it: "
                    + e.reason());
            unsupported.addSuppressed(e);
            throw unsupported;
        }
    }

    /** {@code AudioLoader.decodeWithSndfile} for ranges: libsndfile, else FFmpeg as librosa's audioread fallback. */
    private OpenAudio openWithSndfile(SeekableByteChannel channel, ChannelBytes bytes, String name)
            throws AudioException {
        try {
            return SndfileRanges.open(channel, name, maxDurationSeconds);
        } catch (AudioException sndfile) {
            if (sndfile.code() != ErrorCode.CORRUPT_STREAM && sndfile.code() != ErrorCode.UNSUPPORTED_FORMAT) {
                throw sndfile;
            }
            try {
                return FfmpegRanges.open(channel, bytes.length(), name, maxDurationSeconds);
            } catch (AudioException ffmpeg) {
                sndfile.addSuppressed(ffmpeg);
                throw sndfile;
            }
        }
    }

    /** {@code AudioLoader.decodeCompressedWav} for ranges. */
    private OpenAudio openCompressedWav(SeekableByteChannel channel, String name, AudioException unsupported)
            throws AudioException {
        try {
            return SndfileRanges.open(channel, name, maxDurationSeconds);
        } catch (AudioException e) {
            if (e.code() == ErrorCode.TOO_LONG) {
                throw e;
            }
            unsupported.addSuppressed(e);
            throw unsupported;
        }
    }
}
