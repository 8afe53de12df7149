package org.emolake.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_get_default_channel_layout;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Decoded frames to interleaved signed 16-bit PCM, as the {@code ffmpeg} command line writes {@code -f s16le}, then
 * to float as librosa reads audioread's output ({@code s16 / 32768}).
 *
 * <p>The output keeps the rate and channel count of the first decoded frame. The conversion is libswresample with
 * its default options, which is what the command line's automatically inserted {@code aresample} uses for a 16-bit
 * output: no dither, each float sample rounded to nearest ({@code lrintf(x * 32768)}) and clipped. Should a later
 * frame change rate or channels, a new converter maps it to the first frame's format, as the command line
 * reconfigures its filter graph.
 */
final class FfmpegDecoderPcm implements AutoCloseable {
    private final String name;
    private final double maxDurationSeconds;

    private int rate;
    private int channels;
    private long layout;
    private long maxFrames;

    private SwrContext converter;
    private int inRate;
    private int inChannels;
    private int inFormat = -1;
    private long inLayout;

    private ShortPointer native16;
    private final PointerPointer<ShortPointer> outPlanes = new PointerPointer<>(1);
    private int nativeFrames;
    private short[] chunk = new short[0];

    private float[] samples;
    private int count;
    /** Frames converted so far, kept or not. */
    private long decodedFrames;
    /** The frames kept: {@code [keepFrom, keepUntil)} of the stream; {@link #discardBefore} moves the start. */
    private long keepFrom;
    private final long keepUntil;
    /** The stream frame {@code samples[0]} holds. */
    private long firstFrame;

    FfmpegDecoderPcm(String name, double maxDurationSeconds, long expectedSamples) {
        this(name, maxDurationSeconds, expectedSamples, 0, Long.MAX_VALUE);
    }

    /** Keeps only frames {@code [keepFrom, keepUntil)} of the stream; the others are converted and dropped. */
    FfmpegDecoderPcm(String name, double maxDurationSeconds, long expectedSamples, long keepFrom, long keepUntil) {
        this.name = name;
        this.maxDurationSeconds = maxDurationSeconds;
        this.samples = new float[(int) Math.max(1024, Math.min(expectedSamples, 1L << 24))];
        this.keepFrom = keepFrom;
        this.keepUntil = keepUntil;
    }

    /** Converts and appends one decoded frame. */
    void add(AVFrame frame) throws AudioException {
        int frameSamples = frame.nb_samples();
        if (frameSamples <= 0) {
            return;
        }
        if (rate == 0) {
            startOutput(frame);
        }
        if (converter == null || frame.sample_rate() != inRate || frame.channels() != inChannels
                || frame.format() != inFormat || layoutOf(frame) != inLayout) {
            flush();
            startConverter(frame);
        }
        convert(frame.extended_data(), frameSamples);
    }

    /** Drains what the converter still holds (only when it resamples) and returns the interleaved floats. */
    float[] finish() throws AudioException {
        flush();
        return Arrays.copyOf(samples, count);
    }

    int rate() {
        return rate;
    }

    int channels() {
        return channels;
    }

    /** Frames kept. */
    int frames() {
        return channels == 0 ? 0 : count / channels;
    }

    /** Frames converted, kept or not. */
    long decodedFrames() {
        return decodedFrames;
    }

    /** Where the kept frames start: frames before it are gone. */
    long keepFrom() {
        return keepFrom;
    }

    /** Drops the kept frames before stream frame {@code frame}, and keeps none before it from now on. */
    void discardBefore(long frame) {
        if (frame <= keepFrom) {
            return;
        }
        keepFrom = frame;
        if (count > 0) {
            int drop = (int) Math.min(count / channels, Math.max(0, frame - firstFrame));
            System.arraycopy(samples, drop * channels, samples, 0, count - drop * channels);
            count -= drop * channels;
            firstFrame += drop;
        }
    }

    /** The kept interleaved samples of stream frames {@code [from, until)}, {@code from >= keepFrom()}. */
    float[] copy(long from, long until) {
        if (count == 0 || channels == 0) {
            return new float[0];
        }
        long first = Math.max(0, from - firstFrame);
        long last = Math.min(count / channels, Math.max(first, until - firstFrame));
        return Arrays.copyOfRange(samples, (int) (first * channels), (int) (last * channels));
    }

    /** Converts what the converter still holds (only when it resamples); for a stream that has ended. */
    void drain() throws AudioException {
        flush();
    }

    private void startOutput(AVFrame frame) throws AudioException {
        rate = frame.sample_rate();
        channels = frame.channels();
        if (rate <= 0 || channels <= 0 || channels > WavDecoder.MAX_CHANNELS) {
            throw new AudioException(ErrorCode.INVALID_FORMAT, name, "the decoder produced " + channels
                    + " channels at " + rate + " Hz (1 to " + WavDecoder.MAX_CHANNELS + " channels, a positive rate)");
        }
        layout = layoutOf(frame);
        // One second of slack over the limit: the header's duration, already checked, may omit codec padding.
        long limit = (long) Math.ceil(maxDurationSeconds * rate) + rate;
        maxFrames = Math.min(limit, (Integer.MAX_VALUE - 8) / channels);
    }

    private static long layoutOf(AVFrame frame) {
        long frameLayout = frame.channel_layout();
        return frameLayout != 0 ? frameLayout : av_get_default_channel_layout(frame.channels());
    }

    private void startConverter(AVFrame frame) throws AudioException {
        inRate = frame.sample_rate();
        inChannels = frame.channels();
        inFormat = frame.format();
        inLayout = layoutOf(frame);
        if (inRate <= 0 || inChannels <= 0 || inChannels > WavDecoder.MAX_CHANNELS) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "a decoded frame has " + inChannels
                    + " channels at " + inRate + " Hz");
        }
        converter = swr_alloc_set_opts(null, layout, AV_SAMPLE_FMT_S16, rate, inLayout, inFormat, inRate, 0, null);
        if (converter == null || converter.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a sample converter");
        }
        // Counts too: a layout of 0 (none known for that many channels) leaves them to the caller.
        av_opt_set_int(converter, "in_channel_count", inChannels, 0);
        av_opt_set_int(converter, "out_channel_count", channels, 0);
        int result = swr_init(converter);
        if (result < 0) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, String.format(Locale.ROOT,
                    "cannot convert %d channels at %d Hz (sample format %d) to 16-bit PCM: %s",
                    inChannels, inRate, inFormat, FfmpegDecoder.describe(result)));
        }
    }

    private void convert(PointerPointer<?> input, int inputFrames) throws AudioException {
        int capacity = swr_get_out_samples(converter, inputFrames);
        if (capacity <= 0) {
            return;
        }
        ensureNative(capacity);
        int converted = swr_convert(converter, outPlanes, capacity, input, inputFrames);
        if (converted < 0) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name,
                    "converting to 16-bit PCM failed: " + FfmpegDecoder.describe(converted));
        }
        append(converted);
    }

    private void flush() throws AudioException {
        if (converter == null) {
            return;
        }
        try {
            if (inRate != rate) {
                convert(null, 0);
            }
        } finally {
            swr_free(converter);
            converter = null;
        }
    }

    private void ensureNative(int frames) {
        if (frames <= nativeFrames) {
            return;
        }
        if (native16 != null) {
            native16.close();
        }
        nativeFrames = Math.max(frames, 4096);
        native16 = new ShortPointer((long) nativeFrames * channels);
        outPlanes.put(0, native16);
    }

    private void append(int frames) throws AudioException {
        if (frames == 0) {
            return;
        }
        if (decodedFrames + frames > maxFrames) {
            throw new AudioException(ErrorCode.TOO_LONG, name, String.format(Locale.ROOT,
                    "the decoded stream lasts more than %.1f s (the limit) at %d Hz", maxDurationSeconds, rate));
        }
        long first = Math.max(decodedFrames, keepFrom);
        long last = Math.min(decodedFrames + frames, keepUntil);
        int skip = (int) (first - decodedFrames);
        decodedFrames += frames;
        if (first >= last) {
            return;
        }
        int n = (int) (last - first) * channels;
        if (chunk.length < n) {
            chunk = new short[n];
        }
        native16.position((long) skip * channels).get(chunk, 0, n);
        if (count == 0) {
            firstFrame = first;
        }
        if (count + n > samples.length) {
            long grown = Math.max((long) count + n, Math.min(2L * samples.length, (long) maxFrames * channels));
            samples = Arrays.copyOf(samples, (int) grown);
        }
        for (int i = 0; i < n; i++) {
            samples[count + i] = chunk[i] / 32768f;
        }
        count += n;
    }

    @Override
    public void close() {
        if (converter != null) {
            swr_free(converter);
            converter = null;
        }
        if (native16 != null) {
            native16.close();
        }
        outPlanes.close();
    }
}
