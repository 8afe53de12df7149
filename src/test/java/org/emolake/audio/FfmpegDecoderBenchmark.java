package org.emolake.audio;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Milliseconds per {@link FfmpegDecoder#decode} of a committed AAC clip, one thread: the 3.07-s golden clip (16 kHz
 * mono) and the 1-s 44.1 kHz stereo clip of the compressed corpus. Seconds of audio per second = clip length / time.
 * Run: {@code bin/bench FfmpegDecoder}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FfmpegDecoderBenchmark {
    @Param({"golden-formats/audio/speech_enus_16000_mono_aac.m4a",
            "bad-input/compressed/good_stereo_44100_faststart.m4a"})
    public String clip;

    private byte[] bytes;

    @Setup
    public void read() {
        bytes = TestResources.bytes(clip);
    }

    @Benchmark
    public float[] decode() throws AudioException {
        return FfmpegDecoder.decode(ByteBuffer.wrap(bytes), clip, AudioLoader.DEFAULT_MAX_DURATION_SECONDS).samples();
    }
}
