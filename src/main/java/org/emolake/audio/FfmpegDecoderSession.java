package org.emolake.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.emolake.audio.FfmpegDecoder.checkHeader;
import static org.emolake.audio.FfmpegDecoder.decodeStream;
import static org.emolake.audio.FfmpegDecoder.openDecoder;

import java.nio.channels.SeekableByteChannel;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A stream decoded forward on demand: each {@link #range} decodes only as far as its end and drops the frames
 * before its start, so ranges asked for in increasing order cost one decode of the stream in all, and memory
 * stays that of one range. Not thread-safe; close it.
 */
final class FfmpegDecoderSession implements AutoCloseable {
    private final FfmpegDecoderInput input;
    private final String name;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private FfmpegDecoderPcm pcm;
    private int streamIndex;
    private AVCodecParameters parameters;
    private boolean ended;

    FfmpegDecoderSession(SeekableByteChannel channel, long length, String name, double maxDurationSeconds)
            throws AudioException {
        this.input = new FfmpegDecoderInput(channel, length);
        this.name = name;
        boolean ready = false;
        try {
            format = FfmpegDecoderContainer.open(input, name);
            streamIndex = FfmpegDecoderContainer.audioStream(format, name);
            AVStream stream = format.streams(streamIndex);
            checkHeader(format, stream, name, maxDurationSeconds);
            codec = openDecoder(stream, name);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            parameters = stream.codecpar();
            pcm = new FfmpegDecoderPcm(name, maxDurationSeconds, 0, 0, Long.MAX_VALUE);
            ready = true;
        } catch (java.io.UncheckedIOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + e.getCause().getMessage(), e);
        } finally {
            if (!ready) {
                close();
            }
        }
    }

    /** Whether {@link #range} can still serve a range starting at {@code startFrame}. */
    boolean reaches(long startFrame) {
        return startFrame >= pcm.keepFrom();
    }

    /** Frames {@code [startFrame, startFrame + frameCount)}, fewer at the end; {@link #reaches} must hold. */
    DecodedWav range(long startFrame, long frameCount) throws AudioException {
        long until = frameCount > Long.MAX_VALUE - startFrame ? Long.MAX_VALUE : startFrame + frameCount;
        pcm.discardBefore(startFrame);
        try {
            if (!ended && pcm.decodedFrames() < until) {
                ended = decodeStream(input, format, streamIndex, codec, packet, frame, pcm, name, until);
                if (ended) {
                    pcm.drain();
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + e.getCause().getMessage(), e);
        }
        float[] samples = pcm.copy(startFrame, until);
        int channels = pcm.channels() == 0 ? parameters.channels() : pcm.channels();
        int rate = pcm.rate() == 0 ? parameters.sample_rate() : pcm.rate();
        return new DecodedWav(samples, channels, rate, samples.length / channels, SampleEncoding.AUDIOREAD);
    }

    @Override
    public void close() {
        if (pcm != null) {
            pcm.close();
            pcm = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null && !format.isNull()) {
            avformat_close_input(format);
        }
        format = null;
        input.close();
    }
}
