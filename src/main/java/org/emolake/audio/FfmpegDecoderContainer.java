package org.emolake.audio;

import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_buffer2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/** The container side of {@link FfmpegDecoder}: probing, opening, and choosing the audio stream. */
final class FfmpegDecoderContainer {
    private static final int AVSTREAM_EVENT_FLAG_NEW_PACKETS = 2;
    private static final int AV_DISPOSITION_DEFAULT = 1;
    private static final int AVDISCARD_ALL = 48;

    private FfmpegDecoderContainer() {
    }

    static AVFormatContext open(FfmpegDecoderInput input, String name) throws AudioException {
        // Probing first separates "not a format FFmpeg knows" from "a known container that is damaged". By content
        // only: no file name is passed, so an extension neither helps nor misleads.
        AVInputFormat container = new AVInputFormat(null);
        int result = av_probe_input_buffer2(input.context(), container, "", null, 0, 0);
        input.rethrowCallbackFailure();
        if (result < 0 || container.isNull()) {
            throw new AudioException(ErrorCode.UNSUPPORTED_FORMAT, name,
                    "FFmpeg recognises no audio container or stream in it (" + FfmpegDecoder.describe(result) + ")");
        }
        String containerName = container.name().getString();
        AVFormatContext format = avformat_alloc_context();
        if (format == null || format.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a format context");
        }
        format.pb(input.context());
        // Playlists and concatenation lists (HLS, concat, ...) would open other files or URLs: allow no protocol.
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "protocol_whitelist", "none", 0);
        try {
            result = avformat_open_input(format, (String) null, container, options);
        } finally {
            av_dict_free(options);
        }
        if (result >= 0) {
            try {
                input.rethrowCallbackFailure();
            } catch (RuntimeException e) {
                avformat_close_input(format);
                throw e;
            }
        }
        input.rethrowCallbackFailure();
        if (result < 0) {
            // On failure FFmpeg has freed the context it was given.
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "the " + containerName
                    + " container cannot be opened: " + FfmpegDecoder.describe(result));
        }
        boolean ready = false;
        try {
            result = avformat_find_stream_info(format, (AVDictionary) null);
            input.rethrowCallbackFailure();
            if (result < 0) {
                throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "the " + containerName
                        + " container's streams cannot be read: " + FfmpegDecoder.describe(result));
            }
            ready = true;
            return format;
        } finally {
            if (!ready) {
                avformat_close_input(format);
            }
        }
    }

    /**
     * The stream {@code ffmpeg -i FILE -f s16le -} decodes: among audio streams, the most channels, preferring
     * streams that delivered packets while probed and then the default disposition; the first on a tie. Every other
     * stream is discarded, so the demuxer skips its packets.
     */
    static int audioStream(AVFormatContext format, String name) throws AudioException {
        int best = -1;
        long bestScore = 0;
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream stream = format.streams(i);
            AVCodecParameters parameters = stream.codecpar();
            if (parameters.codec_type() != AVMEDIA_TYPE_AUDIO) {
                continue;
            }
            long score = parameters.channels()
                    + 100_000_000L * ((stream.event_flags() & AVSTREAM_EVENT_FLAG_NEW_PACKETS) != 0 ? 1 : 0)
                    + 5_000_000L * ((stream.disposition() & AV_DISPOSITION_DEFAULT) != 0 ? 1 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        if (format.nb_streams() == 0) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "the " + name(format)
                    + " container holds no stream at all (cut short or damaged)");
        }
        if (best < 0) {
            throw new AudioException(ErrorCode.UNSUPPORTED_FORMAT, name, "the " + name(format)
                    + " container holds no audio stream (" + format.nb_streams() + " other streams)");
        }
        for (int i = 0; i < format.nb_streams(); i++) {
            if (i != best) {
                format.streams(i).discard(AVDISCARD_ALL);
            }
        }
        return best;
    }

    static String name(AVFormatContext format) {
        return format.iformat() == null || format.iformat().isNull() ? "unknown" : format.iformat().name().getString();
    }
}
