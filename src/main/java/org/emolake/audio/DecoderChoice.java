package org.emolake.audio;

import java.nio.ByteBuffer;

/**
 * Which decoder reads a file, and which failure falls back to which decoder: the one rule {@link AudioLoader#load}
 * (whole clips in memory) and {@link AudioLoader#open} (ranges of a channel) both follow, each through its own
 * {@link Decoders}. The choice is made by content ({@link AudioFormat#detect}):
 * <ul>
 *   <li>RIFF WAV: the pure-Java WAV decoder; an encoding it leaves to libsndfile ({@link
 *       ErrorCode#UNSUPPORTED_ENCODING}) goes to libsndfile, and if libsndfile fails too the WAV decoder's error
 *       stands (libsndfile's {@link ErrorCode#TOO_LONG} excepted);</li>
 *   <li>MP4/M4A: FFmpeg;</li>
 *   <li>unknown content: the WAV decoder for a file named {@code .wav} (for its diagnosis), else the first plug-in
 *       that accepts the head, else FFmpeg, whose "cannot read" is {@link ErrorCode#UNSUPPORTED_FORMAT};</li>
 *   <li>every other format: libsndfile; its {@link ErrorCode#CORRUPT_STREAM} and {@link ErrorCode#UNSUPPORTED_FORMAT}
 *       are retried with FFmpeg (librosa's audioread fallback), and if FFmpeg fails too libsndfile's error stands.</li>
 * </ul>
 */
final class DecoderChoice {
    /** The decoders of one way of reading a file (whole in memory, or by ranges), each giving a {@code T}. */
    interface Decoders<T> {
        T wav() throws AudioException;

        T sndfile(AudioFormat format) throws AudioException;

        T ffmpeg() throws AudioException;

        T plugin(AudioDecoderPlugin plugin) throws AudioException;
    }

    private DecoderChoice() {
    }

    /**
     * Decodes (or opens) a file of {@code length} bytes that starts with {@code head} (not modified; the whole file
     * or at least its first {@link AudioFormat#PROBE_BYTES}) with the decoder its content calls for.
     */
    static <T> T decode(long length, ByteBuffer head, String name, Decoders<T> decoders) throws AudioException {
        if (length == 0) {
            throw new AudioException(ErrorCode.EMPTY_FILE, name, "file is empty (0 bytes)");
        }
        AudioFormat format = AudioFormat.detect(head);
        switch (format) {
            case WAV:
                try {
                    return decoders.wav();
                } catch (AudioException e) {
                    if (e.code() != ErrorCode.UNSUPPORTED_ENCODING) {
                        throw e;
                    }
                    return compressedWav(decoders, e);
                }
            case MP4:
                return decoders.ffmpeg();
            case UNKNOWN:
                if (AudioFiles.hasWavExtension(name)) {
                    return decoders.wav();
                }
                return unknown(head, name, decoders);
            default:
                return withSndfile(decoders, format);
        }
    }

    private static <T> T unknown(ByteBuffer head, String name, Decoders<T> decoders) throws AudioException {
        for (AudioDecoderPlugin plugin : AudioLoader.Plugins.INSTALLED) {
            if (plugin.accepts(head.asReadOnlyBuffer())) {
                return decoders.plugin(plugin);
            }
        }
        try {
            return decoders.ffmpeg();
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

    private static <T> T withSndfile(Decoders<T> decoders, AudioFormat format) throws AudioException {
        try {
            return decoders.sndfile(format);
        } catch (AudioException sndfile) {
            if (sndfile.code() != ErrorCode.CORRUPT_STREAM && sndfile.code() != ErrorCode.UNSUPPORTED_FORMAT) {
                throw sndfile;
            }
            try {
                return decoders.ffmpeg();
            } catch (AudioException ffmpeg) {
                sndfile.addSuppressed(ffmpeg);
                throw sndfile;
            }
        }
    }

    private static <T> T compressedWav(Decoders<T> decoders, AudioException unsupported) throws AudioException {
        try {
            return decoders.sndfile(AudioFormat.WAV);
        } catch (AudioException e) {
            if (e.code() == ErrorCode.TOO_LONG) {
                throw e;
            }
            unsupported.addSuppressed(e);
            throw unsupported;
        }
    }
}
