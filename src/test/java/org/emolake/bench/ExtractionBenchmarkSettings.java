package org.emolake.bench;

import java.util.concurrent.TimeUnit;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureExtractor;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the extraction benchmarks share (JMH's annotations are inherited): clips per second on one thread, at 22050
 * and 44100 Hz, load (decode, + libsoxr resampling at 44100 Hz) and the 110 features.
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
public abstract class ExtractionBenchmarkSettings {
    @Param({"22050", "44100"})
    public int sampleRate;

    private final AudioLoader loader = new AudioLoader();
    private final FeatureExtractor extractor = new FeatureExtractor();

    /** The 110 features of one WAV file's bytes. */
    protected double[] loadAndExtract(byte[] wav) throws AudioException {
        return extractor.extract(loader.load(wav, "bench.wav").samples(), "bench.wav");
    }
}
