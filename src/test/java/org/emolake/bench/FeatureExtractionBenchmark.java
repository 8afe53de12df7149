package org.emolake.bench;

import org.emolake.audio.AudioException;
import org.emolake.testing.TestWavs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Clips per second, one thread, for 3-second WAV clips: decode (+ libsoxr resampling at 44100 Hz) and the 110
 * features. Run with {@code bin/bench FeatureExtraction}; seconds of audio per second = 3 x the score.
 */
public class FeatureExtractionBenchmark extends ExtractionBenchmarkSettings {
    private byte[] wav;

    @Setup
    public void makeClip() {
        wav = TestWavs.pcm16(TestWavs.speechLike(3.0, sampleRate, 42), 1, sampleRate);
    }

    @Benchmark
    public double[] loadAndExtract() throws AudioException {
        return loadAndExtract(wav);
    }
}
