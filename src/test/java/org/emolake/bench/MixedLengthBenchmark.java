package org.emolake.bench;

import java.util.concurrent.TimeUnit;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureExtractor;
import org.emolake.testing.TestWavs;
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
 * {@link FeatureExtractionBenchmark} on 16 clips of 2.5 to 3.5 s taken in turn, as an archive's clips come: every
 * clip has another length, so work arrays kept between clips must serve any length (mean clip 3.0 s, so the score
 * compares with the 3-s benchmark's). Run with {@code bin/bench MixedLength}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC", "-XX:MaxVectorSize=32"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class MixedLengthBenchmark {
    private static final int CLIPS = 16;

    @Param({"22050", "44100"})
    public int sampleRate;

    private final AudioLoader loader = new AudioLoader();
    private final FeatureExtractor extractor = new FeatureExtractor();
    private final byte[][] wavs = new byte[CLIPS][];
    private int next;

    @Setup
    public void makeClips() {
        for (int i = 0; i < CLIPS; i++) {
            double seconds = 2.5 + i / (CLIPS - 1.0);
            wavs[i] = TestWavs.pcm16(TestWavs.speechLike(seconds, sampleRate, 42 + i), 1, sampleRate);
        }
    }

    @Benchmark
    public double[] loadAndExtract() throws AudioException {
        byte[] wav = wavs[next];
        next = (next + 1) % CLIPS;
        return extractor.extract(loader.load(wav, "bench.wav").samples(), "bench.wav");
    }
}
