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
 * Clips per second, one thread, for 3-second WAV clips: decode (+ libsoxr resampling at 44100 Hz) and the 110
 * features. Run with {@code bin/bench FeatureExtraction}; seconds of audio per second = 3 x the score.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
// The JVM options bin/emolake runs with; two forks because C2's compilation of the vectorised loops varies a few %
// from one JVM to the next.
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC", "-XX:MaxVectorSize=32"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class FeatureExtractionBenchmark {
    @Param({"22050", "44100"})
    public int sampleRate;

    private final AudioLoader loader = new AudioLoader();
    private final FeatureExtractor extractor = new FeatureExtractor();
    private byte[] wav;

    @Setup
    public void makeClip() {
        wav = TestWavs.pcm16(TestWavs.speechLike(3.0, sampleRate, 42), 1, sampleRate);
    }

    @Benchmark
    public double[] loadAndExtract() throws AudioException {
        return extractor.extract(loader.load(wav, "bench.wav").samples(), "bench.wav");
    }
}
