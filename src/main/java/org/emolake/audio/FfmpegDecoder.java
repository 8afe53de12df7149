package org.emolake.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Decodes what libsndfile cannot read (AAC in .m4a/.mp4, and whatever else FFmpeg demuxes) as librosa's audioread
 * fallback does: audioread runs {@code ffmpeg -i FILE -f s16le -} (no channel or rate option), so the audio stream
 * the command line picks is decoded to interleaved signed 16-bit PCM at its own rate and channel count, and librosa
 * divides by 32768. Here the same libraries (libavformat, libavcodec, libswresample, through JavaCPP's FFmpeg build)
 * decode from bytes in memory; see {@link FfmpegDecoderPcm} for the 16-bit conversion.
 *
 * <p>Where the command line would patch over damage, this refuses the clip: a demuxer error other than the end of
 * the stream, a packet the demuxer marks truncated, or a packet the decoder rejects is {@link ErrorCode#CORRUPT_STREAM}
 * (the command line logs it and carries on, so librosa would score a signal with gaps), and so is a container index
 * promising more than twice the audio its packets hold. Every native object is freed
 * on every path, and each call has its own contexts, so calls may run concurrently.
 */
final class FfmpegDecoder {
    private static final int AVERROR_EAGAIN = -11;
    private static final int AVFMT_DURATION_FROM_BITRATE = 2;

    private FfmpegDecoder() {
    }

    /**
     * Decodes the bytes between the buffer's position and limit (the buffer is not modified); {@code name} only
     * labels errors. Clips whose header announces more than {@code maxDurationSeconds} are refused before decoding.
     */
    static DecodedWav decode(ByteBuffer bytes, String name, double maxDurationSeconds) throws AudioException {
        FfmpegLibraries.load();
        if (!bytes.hasRemaining()) {
            throw new AudioException(ErrorCode.EMPTY_FILE, name, "file is empty (0 bytes)");
        }
        return decode(new FfmpegDecoderInput(bytes), name, maxDurationSeconds, 0, Long.MAX_VALUE).audio();
    }

    /**
     * The audio stream's header: frames from the stream's (or container's) duration, else counted by decoding the
     * stream once; over {@code maxDurationSeconds} is {@link ErrorCode#TOO_LONG}.
     */
    static AudioHeader header(SeekableByteChannel channel, long length, String name, double maxDurationSeconds)
            throws AudioException {
        FfmpegLibraries.load();
        FfmpegDecoderInput input = new FfmpegDecoderInput(channel, length);
        AVFormatContext format = null;
        try {
            format = FfmpegDecoderContainer.open(input, name);
            AVStream stream = format.streams(FfmpegDecoderContainer.audioStream(format, name));
            double seconds = checkHeader(format, stream, name, maxDurationSeconds);
            AVCodecParameters parameters = stream.codecpar();
            int rate = parameters.sample_rate();
            String container = FfmpegDecoderContainer.name(format);
            String shortName = container.contains("mp4") ? "mp4" : container.split(",")[0];
            long frames;
            if (Double.isNaN(seconds)) {
                // No duration in the header: count the frames (keeping none of them).
                frames = decode(new FfmpegDecoderInput(channel, length), name, maxDurationSeconds,
                        Long.MAX_VALUE - 1, Long.MAX_VALUE).decodedFrames();
            } else {
                frames = Math.round(seconds * rate);
            }
            return new AudioHeader(frames, rate, parameters.channels(), shortName, SampleEncoding.AUDIOREAD);
        } catch (java.io.UncheckedIOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + e.getCause().getMessage(), e);
        } finally {
            if (format != null && !format.isNull()) {
                avformat_close_input(format);
            }
            input.close();
        }
    }

    /** The frames kept, and how many were decoded in all. */
    private record Decoded(DecodedWav audio, long decodedFrames) {
    }

    /** Decodes the input (closing it) and keeps frames {@code [from, until)}; the whole clip is (0, MAX_VALUE). */
    private static Decoded decode(FfmpegDecoderInput input, String name, double maxDurationSeconds, long from,
                                     long until) throws AudioException {
        boolean whole = from == 0 && until == Long.MAX_VALUE;
        AVFormatContext format = null;
        AVCodecContext codec = null;
        AVPacket packet = null;
        AVFrame frame = null;
        FfmpegDecoderPcm pcm = null;
        try {
            format = FfmpegDecoderContainer.open(input, name);
            int streamIndex = FfmpegDecoderContainer.audioStream(format, name);
            AVStream stream = format.streams(streamIndex);
            double seconds = checkHeader(format, stream, name, maxDurationSeconds);
            codec = openDecoder(stream, name);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            AVCodecParameters parameters = stream.codecpar();
            long expected = Double.isNaN(seconds) ? 0 : (long) (seconds * parameters.sample_rate()) * parameters.channels();
            if (!whole) {
                expected = Math.min(expected, Math.max(0, until - from) * parameters.channels());
            }
            pcm = new FfmpegDecoderPcm(name, maxDurationSeconds, expected, from, until);
            decodeStream(input, format, streamIndex, codec, packet, frame, pcm, name, until);
            float[] samples = pcm.finish();
            if (whole) {
                checkLength(pcm, indexedSeconds(format, seconds), codecName(parameters), name);
                return new Decoded(new DecodedWav(samples, pcm.channels(), pcm.rate(), pcm.frames(),
                        SampleEncoding.AUDIOREAD), pcm.decodedFrames());
            }
            int channels = pcm.channels() == 0 ? parameters.channels() : pcm.channels();
            int rate = pcm.rate() == 0 ? parameters.sample_rate() : pcm.rate();
            return new Decoded(new DecodedWav(samples, channels, rate, samples.length / channels,
                    SampleEncoding.AUDIOREAD), pcm.decodedFrames());
        } catch (java.io.UncheckedIOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + e.getCause().getMessage(), e);
        } finally {
            if (pcm != null) {
                pcm.close();
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (format != null && !format.isNull()) {
                avformat_close_input(format);
            }
            input.close();
        }
    }

    /** Refuses impossible formats and over-long clips from the header; returns the announced seconds or NaN. */
    static double checkHeader(AVFormatContext format, AVStream stream, String name, double maxDurationSeconds)
            throws AudioException {
        AVCodecParameters parameters = stream.codecpar();
        int channels = parameters.channels();
        int rate = parameters.sample_rate();
        if (channels <= 0 || channels > WavDecoder.MAX_CHANNELS || rate <= 0) {
            throw new AudioException(ErrorCode.INVALID_FORMAT, name, String.format(Locale.ROOT,
                    "the %s stream declares %d channels at %d Hz (1 to %d channels, a positive rate)",
                    codecName(parameters), channels, rate, WavDecoder.MAX_CHANNELS));
        }
        double seconds = Double.NaN;
        AVRational timeBase = stream.time_base();
        if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0 && timeBase.den() > 0) {
            seconds = (double) stream.duration() * timeBase.num() / timeBase.den();
        } else if (format.duration() != AV_NOPTS_VALUE && format.duration() > 0) {
            seconds = format.duration() / 1e6;
        }
        if (seconds > maxDurationSeconds) {
            throw new AudioException(ErrorCode.TOO_LONG, name, String.format(Locale.ROOT,
                    "the %s stream lasts %.1f s by its header, above the limit of %.1f s",
                    codecName(parameters), seconds, maxDurationSeconds));
        }
        return seconds;
    }

    /** The header's duration when it comes from the container's index, not from a bit-rate estimate; else NaN. */
    private static double indexedSeconds(AVFormatContext format, double seconds) {
        return format.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE ? Double.NaN : seconds;
    }

    /**
     * An index that promises audio the packets do not hold is damage FFmpeg reads around (a sample table pointing
     * past the end, an impossible time scale): the command line would hand librosa a fragment of the clip.
     */
    private static void checkLength(FfmpegDecoderPcm pcm, double indexedSeconds, String codec, String name)
            throws AudioException {
        double decodedSeconds = pcm.rate() == 0 ? 0 : (double) pcm.frames() / pcm.rate();
        if (indexedSeconds > 0 && decodedSeconds < indexedSeconds / 2) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, String.format(Locale.ROOT,
                    "the header announces %.3f s of %s audio but the packets decode to %.3f s", indexedSeconds,
                    codec, decodedSeconds));
        }
        if (pcm.frames() == 0) {
            throw new AudioException(ErrorCode.TOO_SHORT, name, "the " + codec + " stream holds no audio (0 samples)");
        }
    }

    static AVCodecContext openDecoder(AVStream stream, String name) throws AudioException {
        AVCodecParameters parameters = stream.codecpar();
        AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
        if (decoder == null || decoder.isNull()) {
            throw new AudioException(ErrorCode.UNSUPPORTED_ENCODING, name,
                    "FFmpeg has no decoder for its " + codecName(parameters) + " audio");
        }
        AVCodecContext codec = avcodec_alloc_context3(decoder);
        if (codec == null || codec.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a decoder context");
        }
        boolean opened = false;
        try {
            int result = avcodec_parameters_to_context(codec, parameters);
            if (result >= 0) {
                codec.pkt_timebase(stream.time_base());
                // Audio decoders gain nothing from threads; one per call keeps each call self-contained.
                codec.thread_count(1);
                result = avcodec_open2(codec, decoder, (AVDictionary) null);
            }
            if (result < 0) {
                throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "the " + codecName(parameters)
                        + " decoder refuses the stream's parameters: " + describe(result));
            }
            opened = true;
            return codec;
        } finally {
            if (!opened) {
                avcodec_free_context(codec);
            }
        }
    }

    /** Decodes packets until {@code until} frames are converted or the stream ends; returns whether it ended. */
    static boolean decodeStream(FfmpegDecoderInput input, AVFormatContext format, int streamIndex,
                                     AVCodecContext codec, AVPacket packet, AVFrame frame, FfmpegDecoderPcm pcm,
                                     String name, long until) throws AudioException {
        long packets = 0;
        while (true) {
            ClipDeadline.check();
            if (pcm.decodedFrames() >= until) {
                // Everything asked for is decoded: the rest of the stream is not needed (yet).
                return false;
            }
            int result = av_read_frame(format, packet);
            input.rethrowCallbackFailure();
            if (result == AVERROR_EOF) {
                break;
            }
            if (result < 0) {
                throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "demuxing failed after " + packets
                        + " audio packets: " + describe(result));
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                packets++;
                if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
                    throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "audio packet " + packets
                            + " is truncated or damaged (the file may have been cut short)");
                }
                send(codec, packet, frame, pcm, name, packets);
            } finally {
                av_packet_unref(packet);
            }
        }
        send(codec, null, frame, pcm, name, packets + 1);
        return true;
    }

    private static void send(AVCodecContext codec, AVPacket packet, AVFrame frame, FfmpegDecoderPcm pcm, String name,
                             long packetNumber) throws AudioException {
        int result = avcodec_send_packet(codec, packet);
        if (result == AVERROR_EAGAIN) {
            receive(codec, frame, pcm, name);
            result = avcodec_send_packet(codec, packet);
        }
        if (result < 0 && !(packet == null && result == AVERROR_EOF)) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "the decoder rejects audio packet "
                    + packetNumber + ": " + describe(result));
        }
        receive(codec, frame, pcm, name);
    }

    private static void receive(AVCodecContext codec, AVFrame frame, FfmpegDecoderPcm pcm, String name)
            throws AudioException {
        while (true) {
            int result = avcodec_receive_frame(codec, frame);
            if (result == AVERROR_EAGAIN || result == AVERROR_EOF) {
                return;
            }
            if (result < 0) {
                throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "decoding failed: " + describe(result));
            }
            try {
                pcm.add(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private static String codecName(AVCodecParameters parameters) {
        return avcodec_get_name(parameters.codec_id()).getString();
    }

    /** FFmpeg's text for an error code, e.g. "Invalid data found when processing input". */
    static String describe(int error) {
        byte[] text = new byte[256];
        if (av_strerror(error, text, text.length) < 0) {
            return "FFmpeg error " + error;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
